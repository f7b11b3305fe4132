package com.maestrano.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.catalina.Context;
import org.apache.catalina.Manager;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.HtmlUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.maestrano.Config;
import com.maestrano.spring.MaestranoSessions;

/**
 * The demo app on a real Tomcat on loopback, configured from the local sandbox's developer
 * platform, walked over HTTP the way a browser goes: the app sends to SSO, the sandbox's IdP
 * picks a user and posts the SAML response back (cross-site: without the SameSite=Lax cookie,
 * so the app posts it again from its own origin), the signed-in page shows the user. Then:
 * replay and unsolicited responses refused, return paths, a sign-in refused by the app's hook,
 * the platform's webhooks (sent by the sandbox itself; forged ones refused 401), metadata, and
 * single logout (the sandbox logs the user out; the next recheck signs them out of the app).
 *
 * <p>The app is at {@code localhost}, the sandbox at {@code 127.0.0.1}: two sites, as in
 * production.
 */
@SpringBootTest(classes = DemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class DemoEndToEndTest {
    /** Seconds until a Maestrano session must be rechecked with the platform. */
    private static final int RECHECK_SECS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    private static Sandbox sandbox;
    private static String app;

    @Autowired
    private Config config;
    @Autowired
    private EventLog events;
    @Autowired
    private ServletWebServerApplicationContext context;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        app = "http://localhost:" + port;
        sandbox = Sandbox.start(app, RECHECK_SECS);
        JsonNode devplatform = sandbox.credentials.get("devplatform");
        registry.add("server.port", () -> port);
        registry.add("maestrano.devplatform.host", () -> sandbox.url);
        registry.add("maestrano.devplatform.api-path", () -> devplatform.get("api_path").asText());
        registry.add("maestrano.devplatform.env-name", () -> devplatform.get("env_name").asText());
        registry.add("maestrano.devplatform.env-key", () -> devplatform.get("key").asText());
        registry.add("maestrano.devplatform.env-secret", () -> devplatform.get("secret").asText());
        registry.add("demo.refused-groups", () -> "cld-3");
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    // ---- the walk -------------------------------------------------------------------------

    @Test
    void signInThroughTheSandboxWithTheCrossSitePost() throws Exception {
        Browser browser = new Browser(app);
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        String init = location(home);
        assertThat(init).isEqualTo(path(config.initUrl()) + "?return_to=/");

        HttpResponse<String> toIdp = browser.get(init);
        assertThat(toIdp.statusCode()).isEqualTo(302);
        String idp = location(toIdp);
        assertThat(idp).startsWith(config.idpUrl() + "?").startsWith(sandbox.url + "/");
        assertThat(query(idp)).containsKeys("SAMLRequest", "RelayState");
        assertThat(browser.lastSetCookie).contains("JSESSIONID=").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        String sessionBefore = browser.cookie("JSESSIONID");

        // The sandbox's IdP: the user picker, then the auto-posting page of the picked user.
        HttpResponse<String> picker = new Browser(app).get(idp);
        assertThat(picker.statusCode()).isEqualTo(200);
        assertThat(picker.body()).contains("id=\"user-picker\"");
        Matcher pick = Pattern.compile("id=\"pick-user-usr-2\" data-uid=\"usr-2\" href=\"([^\"]+)\"").matcher(picker.body());
        assertThat(pick.find()).as("usr-2 in the picker").isTrue();
        String picked = URI.create(idp).resolve(HtmlUtils.htmlUnescape(pick.group(1))).toString();
        String saml = samlResponseAt(picked);
        // The IdP's page posts from the sandbox's site: the browser withholds the Lax cookie.
        Map<String, String> posted = Map.of("SAMLResponse", saml, "RelayState", query(idp).get("RelayState"));
        HttpResponse<String> repost = browser.post(path(config.consumeUrl()), posted, false);
        assertThat(repost.statusCode()).isEqualTo(200);
        assertThat(repost.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(repost.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("form-action 'self'"));
        Map<String, String> fields = hiddenFields(repost.body());
        assertThat(fields).containsEntry("maestrano_repost", "1").containsEntry("SAMLResponse", saml).containsEntry("RelayState", "/");
        assertThat(repost.body()).contains("action=\"" + path(config.consumeUrl()) + "\"");

        // The page's form, posted from the app's own origin: the cookie comes along.
        HttpResponse<String> consumed = browser.post(path(config.consumeUrl()), fields, true);
        assertThat(consumed.statusCode()).as(consumed.body()).isEqualTo(302);
        assertThat(location(consumed)).isEqualTo("/");
        assertThat(browser.cookie("JSESSIONID")).as("a new session ID after sign-in").isNotEqualTo(sessionBefore);

        HttpResponse<String> page = browser.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<span id='user-uid'>usr-2</span>")
                .contains("<span id='user-name'>Jane Smith</span>")
                .contains("<span id='user-email'>jane.smith@example.com</span>")
                .contains("<span id='group-uid'>cld-2</span>")
                .contains("<span id='role'>Super Admin</span>");
        assertThat(events.entries()).anySatisfy(e -> assertThat(e).containsEntry("type", "sign_in").containsEntry("user", "usr-2"));

        // The same response posted again in this session: nothing pending any more → refused.
        HttpResponse<String> again = browser.post(path(config.consumeUrl()), Map.of("SAMLResponse", saml, "maestrano_repost", "1"), true);
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).contains("Sign-in refused (in_response_to_mismatch)").doesNotContain("unsolicited");
    }

    @Test
    void aReplayedResponseIsRefusedByTheReplayCache() throws Exception {
        Browser first = new Browser(app);
        String idp = location(first.get(path(config.initUrl())));
        String requestId = sessionAttribute(first.cookie("JSESSIONID"), MaestranoSessions.REQUEST_ID);
        assertThat(requestId).isNotBlank();
        String saml = samlResponse(idp, "usr-2", null);
        assertThat(first.post(path(config.consumeUrl()), Map.of("SAMLResponse", saml), true).statusCode()).isEqualTo(302);

        // Another session waiting for that same request gets the captured response: only the
        // replay cache stands in the way.
        Browser second = new Browser(app);
        second.get(path(config.initUrl()));
        setSessionAttribute(second.cookie("JSESSIONID"), MaestranoSessions.REQUEST_ID, requestId);
        HttpResponse<String> replayed = second.post(path(config.consumeUrl()), Map.of("SAMLResponse", saml), true);
        assertThat(replayed.statusCode()).isEqualTo(403);
        assertThat(replayed.body()).contains("id='sso-error'").contains("Sign-in refused (replayed)").doesNotContain("already used");
        assertThat(second.get("/").statusCode()).as("not signed in").isEqualTo(302);
    }

    @Test
    void anUnsolicitedOrGarbledResponseIsRefusedWithoutDetails() throws Exception {
        Browser browser = new Browser(app);
        String idp = location(browser.get(path(config.initUrl())));
        String saml = samlResponse(idp, "usr-2", null);
        // A fresh browser that never started a sign-in, after the re-post: refused (D35).
        Browser stranger = new Browser(app);
        HttpResponse<String> page = stranger.post(path(config.consumeUrl()), Map.of("SAMLResponse", saml), false);
        HttpResponse<String> refused = stranger.post(path(config.consumeUrl()), hiddenFields(page.body()), true);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Sign-in refused (in_response_to_mismatch)");

        // Garbage in a session that is waiting: 400, the kind only.
        HttpResponse<String> garbled = browser.post(path(config.consumeUrl()), Map.of("SAMLResponse", "%%%not base64"), true);
        assertThat(garbled.statusCode()).isEqualTo(400);
        assertThat(garbled.body()).contains("Sign-in refused (malformed_base64)").doesNotContain("%%%");
        // The pending request was used up by that post: the real response now finds none.
        HttpResponse<String> late = browser.post(path(config.consumeUrl()), Map.of("SAMLResponse", saml, "maestrano_repost", "1"), true);
        assertThat(late.statusCode()).isEqualTo(403);

        // Hostile values in the re-post page are escaped.
        HttpResponse<String> hostile = stranger.post(path(config.consumeUrl()),
                Map.of("SAMLResponse", "\"><script>alert(1)</script>", "RelayState", "'onmouseover='x"), false);
        assertThat(hostile.body()).doesNotContain("<script>alert").doesNotContain("'onmouseover='")
                .contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
        // Other methods are not served.
        assertThat(browser.get(path(config.consumeUrl())).statusCode()).isEqualTo(405);
    }

    @Test
    void returnPathsAreSameOriginOnly() throws Exception {
        assertThat(location(signIn(new Browser(app), "?return_to=/events%3Fx%3D1", "usr-2", null))).isEqualTo("/events?x=1");
        assertThat(location(signIn(new Browser(app), "?return_to=//evil.example/", "usr-2", null))).isEqualTo("/");
        assertThat(location(signIn(new Browser(app), "?next=https://evil.example/", "usr-2", null))).isEqualTo("/");
        assertThat(location(signIn(new Browser(app), "?return_to=/%5Cevil.example", "usr-2", null))).isEqualTo("/");
    }

    @Test
    void theAppsHookRefusesAGroup() throws Exception {
        Browser browser = new Browser(app);
        HttpResponse<String> refused = signIn(browser, "", "usr-3", null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Access refused").doesNotContain("cld-3");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        assertThat(events.entries()).anySatisfy(e -> assertThat(e).containsEntry("type", "sign_in_refused").containsEntry("user", "usr-3"));
    }

    // ---- the platform's calls ---------------------------------------------------------------

    @Test
    void webhooksSentByThePlatformAreAcceptedAndForgedOnesRefused() throws Exception {
        Browser platform = new Browser(app);
        String groups = webhookPath("account", "groups_path").replace(":id", "cld-1");
        for (String authorization : new String[] {basic("app-sandbox", "forged"), basic(appId(), "forged"), null}) {
            HttpRequest.Builder forged = HttpRequest.newBuilder(URI.create(app + groups)).DELETE();
            if (authorization != null) {
                forged.header("Authorization", authorization);
            }
            HttpResponse<String> r = platform.send(forged, app + groups, false);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).isEqualTo("{\"error\":\"Invalid credentials\"}");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Maestrano\"");
        }
        assertThat(events.entries()).noneSatisfy(e -> assertThat(e).containsEntry("type", "group_cancelled"));

        // The sandbox cancels the group, removes a member and notifies a Connec! record.
        JsonNode cancelled = admin("/admin/api/groups/cld-1/cancel", "{}");
        assertThat(cancelled.get("status").asInt()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.get("body")).isEqualTo(JSON.readTree("{\"success\":true}"));
        assertThat(events.entries()).anySatisfy(e -> assertThat(e).containsEntry("type", "group_cancelled").containsEntry("group", "cld-1"));

        JsonNode removed = admin("/admin/api/groups/cld-2/users/usr-1/remove", "{}");
        assertThat(removed.get("status").asInt()).as(removed.toString()).isEqualTo(200);
        assertThat(events.entries()).anySatisfy(e -> assertThat(e).containsEntry("type", "member_removed")
                .containsEntry("group", "cld-2").containsEntry("user", "usr-1").containsEntry("local_user", config.maskUser("usr-1", "cld-2")));

        JsonNode notified = admin("/admin/api/connec/notify",
                "{\"group_id\":\"cld-2\",\"collection\":\"people\",\"record\":{\"first_name\":\"Ada\"}}");
        assertThat(notified.get("status").asInt()).as(notified.toString()).isEqualTo(200);
        String recordId = notified.at("/record/id").asText();
        assertThat(events.entries()).anySatisfy(e -> {
            assertThat(e).containsEntry("type", "connec_notification");
            assertThat(JSON.valueToTree(e.get("records")).at("/people/0/id").asText()).isEqualTo(recordId);
        });

        // A notification body that is not records: 400 with the kind only.
        String notifications = webhookPath("connec", "notifications_path");
        HttpResponse<String> bad = platform.send(HttpRequest.newBuilder(URI.create(app + notifications))
                .header("Authorization", basic(appId(), apiKey()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[1, 2]")), app + notifications, false);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"error\":\"api_invalid_request\"}");
        // The same path with another method is no webhook: the app's own 404.
        assertThat(platform.get(groups).statusCode()).isEqualTo(404);
    }

    @Test
    void metadataForThePlatformOnly() throws Exception {
        JsonNode fetched = admin("/admin/api/metadata", "{}");
        assertThat(fetched.get("status").asInt()).as(fetched.toString()).isEqualTo(200);
        assertThat(fetched.get("body")).isEqualTo(JSON.readTree(config.metadataJson()));
        assertThat(fetched.toString()).doesNotContain(apiKey());
        HttpResponse<String> forged = new Browser(app).send(HttpRequest.newBuilder(URI.create(app + "/maestrano/metadata"))
                .header("Authorization", basic(appId(), "nope")).GET(), app + "/maestrano/metadata", false);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(new Browser(app).get("/maestrano/metadata").statusCode()).isEqualTo(401);
    }

    // ---- single logout ----------------------------------------------------------------------

    @Test
    void singleLogoutSignsTheUserOutAtTheNextRecheck() throws Exception {
        Browser browser = new Browser(app);
        assertThat(signIn(browser, "", "usr-1", "cld-1").statusCode()).isEqualTo(302);
        assertThat(browser.get("/").body()).contains("<span id='group-uid'>cld-1</span>");
        String before = sessionAttribute(browser.cookie("JSESSIONID"), MaestranoSessions.SESSION);

        // Past the recheck time, still signed in on the platform: renewed, still signed in.
        Thread.sleep(RECHECK_SECS * 1000L + 500);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        String renewed = sessionAttribute(browser.cookie("JSESSIONID"), MaestranoSessions.SESSION);
        assertThat(renewed).isNotNull().isNotEqualTo(before);

        // Logged out everywhere by the platform: the next page after the recheck time signs out.
        admin("/admin/api/users/usr-1/logout", "");
        Thread.sleep(RECHECK_SECS * 1000L + 500);
        HttpResponse<String> after = browser.get("/");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(location(after)).startsWith(path(config.initUrl()));
        assertThat(sessionAttribute(browser.cookie("JSESSIONID"), MaestranoSessions.USER)).isNull();
        assertThat(events.entries()).anySatisfy(e -> assertThat(e).containsEntry("type", "sign_out")
                .containsEntry("user", "usr-1").containsEntry("reason", "platform_refused"));

        // The logout route: forgets the user and sends them to the platform's logout for them.
        Browser other = new Browser(app);
        assertThat(signIn(other, "", "usr-2", null).statusCode()).isEqualTo(302);
        HttpResponse<String> logout = other.get("/maestrano/logout");
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(location(logout)).isEqualTo(config.logoutUrl("usr-2"));
        assertThat(other.get("/").statusCode()).isEqualTo(302);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Init (with {@code query}), the IdP for {@code user}, the cross-site post and its re-post. */
    private HttpResponse<String> signIn(Browser browser, String query, String user, String group) throws Exception {
        String idp = location(browser.get(path(config.initUrl()) + query));
        String saml = samlResponse(idp, user, group);
        HttpResponse<String> page = browser.post(path(config.consumeUrl()), Map.of("SAMLResponse", saml), false);
        assertThat(page.statusCode()).isEqualTo(200);
        return browser.post(path(config.consumeUrl()), hiddenFields(page.body()), true);
    }

    /** What the IdP's auto-posting page carries for {@code user} (and {@code group}). */
    private static String samlResponse(String idpRedirect, String user, String group) throws Exception {
        return samlResponseAt(idpRedirect + "&user_uid=" + user + (group == null ? "" : "&group_id=" + group));
    }

    /** The {@code SAMLResponse} of the IdP's auto-posting page at {@code url}. */
    private static String samlResponseAt(String url) throws Exception {
        HttpResponse<String> page = new Browser("http://no-app.invalid").get(url);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Matcher m = Pattern.compile("name=\"SAMLResponse\" value=\"([^\"]*)\"").matcher(page.body());
        assertThat(m.find()).as("a SAMLResponse in the IdP's page").isTrue();
        return HtmlUtils.htmlUnescape(m.group(1));
    }

    private static Map<String, String> hiddenFields(String page) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page);
        while (m.find()) {
            fields.put(m.group(1), HtmlUtils.htmlUnescape(m.group(2)));
        }
        return fields;
    }

    /** A POST to the sandbox's admin API; its JSON answer. */
    private static JsonNode admin(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = new Browser("http://no-app.invalid").send(HttpRequest.newBuilder(URI.create(sandbox.url + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), sandbox.url + path, false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private String webhookPath(String family, String key) throws IOException {
        return JSON.readTree(config.toJson()).at("/webhook/" + family + "/" + key).asText();
    }

    private static String appId() {
        return sandbox.credentials.get("app_id").asText();
    }

    private static String apiKey() {
        return sandbox.credentials.get("api_key").asText();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(300, 399);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static String path(String url) {
        return URI.create(url).getRawPath();
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }

    /** The servlet session {@code id} of the running Tomcat (what the app's session holds). */
    private jakarta.servlet.http.HttpSession session(String id) throws IOException {
        Tomcat tomcat = ((TomcatWebServer) context.getWebServer()).getTomcat();
        Context app = (Context) tomcat.getHost().findChildren()[0];
        Manager manager = app.getManager();
        org.apache.catalina.Session session = manager.findSession(id);
        assertThat(session).as("session " + id).isNotNull();
        return session.getSession();
    }

    private String sessionAttribute(String id, String name) throws IOException {
        Object value = session(id).getAttribute(name);
        return value == null ? null : value.toString();
    }

    private void setSessionAttribute(String id, String name, String value) throws IOException {
        session(id).setAttribute(name, value);
    }
}
