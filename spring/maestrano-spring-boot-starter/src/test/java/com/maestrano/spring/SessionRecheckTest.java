package com.maestrano.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;

import com.maestrano.Config;
import com.maestrano.HttpResponse;
import com.maestrano.Transport;
import com.maestrano.TransportException;

/**
 * The recheck's outcomes other than those the sandbox produces: a platform that cannot be
 * asked, a corrupt stored value (both fail closed), a renewal, and no call before the recheck
 * time.
 */
class SessionRecheckTest {
    private static final MaestranoUser USER = new MaestranoUser("usr-1", "usr-1", "a@b.example", "Ada", "L", "cld-1", "G", "Admin");

    private final Config config = Config.fromJson("{\"environment\":\"production\",\"app\":{\"host\":\"https://app.example\"},"
            + "\"api\":{\"id\":\"app-1\",\"key\":\"k3y\",\"host\":\"https://api.example\"}}");
    private final List<Object> events = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    @AfterEach
    void close() {
        config.close();
    }

    /** A stored single-logout value (docs/spec.md §4) whose recheck time is {@code recheck}. */
    private static String value(String recheck) {
        String json = "{\"uid\":\"usr-1\",\"session\":\"tok-secret\",\"session_recheck\":\"" + recheck + "\",\"group_uid\":\"cld-1\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private MockHttpServletRequest signedIn(String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        MockHttpSession session = new MockHttpSession();
        session.setAttribute(MaestranoSessions.USER, USER);
        session.setAttribute(MaestranoSessions.SESSION, value);
        request.setSession(session);
        return request;
    }

    private MockHttpServletRequest recheck(String value, Transport transport) {
        MockHttpServletRequest request = signedIn(value);
        new SessionRecheck(config, request1 -> {
            calls.add(request1.getUrl());
            return transport.send(request1);
        }, events::add).recheck(request);
        return request;
    }

    @Test
    void anUnreachablePlatformSignsOut() {
        MockHttpServletRequest request = recheck(value("2020-01-01T00:00:00Z"), r -> {
            throw new TransportException("api_connection", "GET https://api.example:443: connection refused");
        });
        assertThat(MaestranoUser.current(request)).isNull();
        assertThat(request.getSession().getAttribute(MaestranoSessions.SESSION)).isNull();
        assertThat(events).containsExactly(new MaestranoSignOutEvent(USER, "api_connection"));
        assertThat(calls).singleElement().asString().endsWith("/usr-1?session=tok-secret");
    }

    @Test
    void aCorruptValueSignsOutWithoutACall() {
        MockHttpServletRequest request = recheck("not base64 at all", r -> new HttpResponse(200));
        assertThat(MaestranoUser.current(request)).isNull();
        assertThat(events).containsExactly(new MaestranoSignOutEvent(USER, "session_invalid"));
        assertThat(calls).isEmpty();
    }

    @Test
    void thePlatformSaysNo() {
        MockHttpServletRequest request = recheck(value("2020-01-01T00:00:00Z"),
                r -> new HttpResponse(200, List.of(), "{\"valid\":false}".getBytes(StandardCharsets.UTF_8)));
        assertThat(MaestranoUser.current(request)).isNull();
        assertThat(events).containsExactly(new MaestranoSignOutEvent(USER, "platform_refused"));
    }

    @Test
    void thePlatformRenewsTheSession() {
        String before = value("2020-01-01T00:00:00Z");
        MockHttpServletRequest request = recheck(before,
                r -> new HttpResponse(200, List.of(), "{\"valid\":true,\"recheck\":\"2099-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(MaestranoUser.current(request)).isEqualTo(USER);
        String after = (String) request.getSession().getAttribute(MaestranoSessions.SESSION);
        assertThat(after).isNotEqualTo(before);
        assertThat(new String(Base64.getDecoder().decode(after), StandardCharsets.UTF_8)).contains("2099-01-01T00:00:00Z");
        assertThat(events).isEmpty();
    }

    @Test
    void noCallBeforeTheRecheckTime() {
        MockHttpServletRequest request = recheck(value("2099-01-01T00:00:00Z"), r -> {
            throw new AssertionError("no call expected");
        });
        assertThat(MaestranoUser.current(request)).isEqualTo(USER);
        assertThat(calls).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void nobodySignedInNothingHappens() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        new SessionRecheck(config, r -> {
            throw new AssertionError("no call expected");
        }, events::add).recheck(request);
        assertThat(request.getSession(false)).isNull();
        assertThat(events).isEmpty();
    }
}
