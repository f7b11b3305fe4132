package com.maestrano.demo;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

import com.maestrano.Config;
import com.maestrano.spring.MaestranoUser;

/** The demo's pages: who is signed in, and what the platform sent. */
@Controller
public class HomeController {
    private final String signInPath;
    private final EventLog log;

    /**
     * @param config the Maestrano configuration (for the SSO init route)
     * @param log the recorded events
     */
    public HomeController(Config config, EventLog log) {
        this.signInPath = URI.create(config.initUrl()).getRawPath();
        this.log = log;
    }

    /**
     * The signed-in page; anyone else is sent to SSO and back here.
     *
     * @param user the signed-in user, or null
     * @return the page, or a redirect to SSO
     */
    @GetMapping("/")
    public ResponseEntity<String> home(MaestranoUser user) {
        if (user == null) {
            return signIn("/");
        }
        String page = "<!doctype html><html><head><meta charset='utf-8'><title>Maestrano demo</title></head><body>"
                + "<h1>Signed in</h1><dl>"
                + row("User", "user-uid", user.uid())
                + row("Name", "user-name", join(user.firstName(), user.lastName()))
                + row("Email", "user-email", user.email())
                + row("Group", "group-uid", user.groupUid())
                + row("Group name", "group-name", user.groupName())
                + row("Role", "role", user.role())
                + "</dl><p><a href='/events'>Platform events</a> · <a id='logout' href='/maestrano/logout'>Sign out</a></p>"
                + "</body></html>";
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page);
    }

    /**
     * The recorded events, for signed-in users.
     *
     * @param user the signed-in user, or null
     * @return the events as JSON
     */
    @GetMapping(path = "/events")
    public ResponseEntity<?> events(MaestranoUser user) {
        if (user == null) {
            return signIn("/events");
        }
        List<Map<String, Object>> entries = log.entries();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(entries);
    }

    private ResponseEntity<String> signIn(String returnTo) {
        URI location = UriComponentsBuilder.fromPath(signInPath).queryParam("return_to", returnTo).build().encode().toUri();
        return ResponseEntity.status(HttpStatus.FOUND).location(location).build();
    }

    private static String row(String label, String id, String value) {
        return "<dt>" + label + "</dt><dd><span id='" + id + "'>" + HtmlUtils.htmlEscape(value == null ? "" : value) + "</span></dd>";
    }

    private static String join(String first, String last) {
        return ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
    }
}
