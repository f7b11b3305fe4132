package com.maestrano.spring;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationEventPublisher;

import com.maestrano.AuthnRequest;
import com.maestrano.Config;
import com.maestrano.MaestranoException;
import com.maestrano.ReplayCache;
import com.maestrano.SamlException;
import com.maestrano.Sso;
import com.maestrano.SsoResult;
import com.maestrano.Web;
import com.maestrano.Webhooks;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * SSO init and consume, logout and metadata: the steps of docs/spec.md §9 translated to the
 * servlet API (the decisions are the core's: return paths, statuses, validation).
 */
final class SsoRoutes {
    private static final Log log = LogFactory.getLog("maestrano");

    private final Config config;
    private final ReplayCache replay;
    private final ApplicationEventPublisher events;

    SsoRoutes(Config config, ReplayCache replay, ApplicationEventPublisher events) {
        this.config = config;
        this.replay = replay;
        this.events = events;
    }

    /**
     * GET init: keeps a new AuthnRequest's ID and the page to return to ({@code ?return_to=} or
     * {@code ?next=}, a same-origin path, else {@code /}) in the session and redirects to the
     * identity provider. The query's parameters travel to the platform ({@code group_id} picks
     * the group).
     */
    void init(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            Pages.methodNotAllowed(response, "GET, HEAD");
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> params.put(name, values.length > 0 ? values[0] : ""));
        String wanted = params.get("return_to") != null ? params.get("return_to") : params.get("next");
        String returnTo = Web.safeReturnPath(wanted, "/");
        AuthnRequest authn;
        try {
            authn = Sso.authnRequest(config, params, params.get("group_id"), returnTo);
        } catch (MaestranoException e) {
            refused(response, e, "Maestrano sign-in could not start");
            return;
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(MaestranoSessions.REQUEST_ID, authn.getRequestId());
        session.setAttribute(MaestranoSessions.RETURN_TO, returnTo);
        Pages.redirect(response, authn.getUrl());
    }

    /**
     * POST consume: validates the {@code SAMLResponse} against the session's pending request
     * ({@code InResponseTo}; none pending is refused as unsolicited, D35), accepts its
     * assertion once, publishes {@link MaestranoSignInEvent}, keeps the user and the
     * single-logout value under a new session ID and redirects to the kept page. When neither
     * a pending request nor the re-post marker came, answers the re-post page (D36).
     */
    void consume(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            Pages.methodNotAllowed(response, "POST");
            return;
        }
        HttpSession session = request.getSession(false);
        String pending = MaestranoSessions.string(session, MaestranoSessions.REQUEST_ID);
        if (pending == null && request.getParameter(Pages.REPOST_FIELD) == null) {
            // The identity provider's cross-site POST came without the SameSite=Lax cookie.
            String page = Pages.repost(request.getRequestURI(), request.getParameter("SAMLResponse"), request.getParameter("RelayState"));
            Pages.html(response, HttpServletResponse.SC_OK, page, true);
            return;
        }
        try {
            if (pending == null) {
                throw new SamlException("in_response_to_mismatch", "no sign-in was started in this session (unsolicited response)");
            }
            session.removeAttribute(MaestranoSessions.REQUEST_ID);
            String samlResponse = request.getParameter("SAMLResponse");
            if (samlResponse == null || samlResponse.isEmpty()) {
                throw new SamlException("malformed_base64", "the request carries no SAMLResponse form value");
            }
            Instant now = Instant.now();
            SsoResult result = Sso.validateResponse(config, samlResponse, now, pending);
            replay.check(config, result, now);
            MaestranoUser user = MaestranoUser.from(result);
            events.publishEvent(new MaestranoSignInEvent(user, result, request));
            String kept = MaestranoSessions.string(session, MaestranoSessions.RETURN_TO);
            String returnTo = kept != null ? Web.safeReturnPath(kept, "/") : Web.safeReturnPath(request.getParameter("RelayState"), "/");
            // A new sign-in replaces whatever the session held, under a new ID (no fixation).
            MaestranoSessions.signOut(session);
            request.changeSessionId();
            session.setAttribute(MaestranoSessions.USER, user);
            if (result.getSession() != null) {
                session.setAttribute(MaestranoSessions.SESSION, result.getSession());
            }
            Pages.redirect(response, returnTo);
        } catch (MaestranoException e) {
            refused(response, e, "Maestrano sign-in refused");
        } catch (MaestranoAccessDeniedException e) {
            log.warn("Maestrano sign-in refused by the app: " + e.getMessage());
            session.removeAttribute(MaestranoSessions.RETURN_TO);
            Pages.html(response, HttpServletResponse.SC_FORBIDDEN, Pages.error("Access refused", "This account may not use the app."), false);
        }
    }

    /** GET or POST logout: forgets the sign-in and redirects to the platform's logout page. */
    void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod()) && !"POST".equals(request.getMethod())) {
            Pages.methodNotAllowed(response, "GET, POST");
            return;
        }
        MaestranoUser user = MaestranoUser.current(request);
        String url;
        try {
            url = config.logoutUrl(user == null ? null : user.realUid());
        } catch (MaestranoException e) {
            refused(response, e, "Maestrano logout failed");
            return;
        }
        MaestranoSessions.signOut(request.getSession(false));
        if (user != null) {
            events.publishEvent(new MaestranoSignOutEvent(user, "logout"));
        }
        Pages.redirect(response, url);
    }

    /** GET metadata: the app's metadata JSON, for the platform (HTTP Basic api.id:api.key). */
    void metadata(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            Pages.methodNotAllowed(response, "GET");
            return;
        }
        if (!config.authenticateHeader(request.getHeader("Authorization"))) {
            invalidCredentials(response);
            return;
        }
        Pages.json(response, HttpServletResponse.SC_OK, config.metadataJson());
    }

    /** 401 with the platform's body. */
    static void invalidCredentials(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"Maestrano\"");
        Pages.json(response, HttpServletResponse.SC_UNAUTHORIZED, Webhooks.INVALID_CREDENTIALS_BODY);
    }

    /** The kind's status and a page naming the kind only; the details go to the log. */
    private static void refused(HttpServletResponse response, MaestranoException e, String what) throws IOException {
        int status = Web.statusFor(e);
        if (status >= 500) {
            log.error(what + ": " + e.getMessage());
        } else {
            log.warn(what + ": " + e.getMessage());
        }
        String title = status >= 500 ? "Sign-in unavailable" : "Sign-in refused";
        Pages.html(response, status, Pages.error(title, Web.publicMessage(e)), false);
    }
}
