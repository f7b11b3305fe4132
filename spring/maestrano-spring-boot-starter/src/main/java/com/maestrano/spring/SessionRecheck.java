package com.maestrano.spring;

import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationEventPublisher;

import com.maestrano.Config;
import com.maestrano.MaestranoException;
import com.maestrano.Session;
import com.maestrano.SessionCheck;
import com.maestrano.Transport;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Single logout (docs/spec.md §4): before the app handles a signed-in user's request, the
 * platform is asked when the recheck time has come whether the user is still signed in there;
 * the renewed value is kept, and the user is signed out of the app when the platform says no or
 * cannot say (fail closed).
 */
final class SessionRecheck {
    private static final Log log = LogFactory.getLog("maestrano");

    private final Config config;
    private final Transport transport;
    private final ApplicationEventPublisher events;

    SessionRecheck(Config config, Transport transport, ApplicationEventPublisher events) {
        this.config = config;
        this.transport = transport;
        this.events = events;
    }

    /** Rechecks {@code request}'s signed-in user, if any; never answers by itself. */
    void recheck(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        MaestranoUser user = MaestranoUser.current(request);
        if (user == null) {
            return;
        }
        String value = MaestranoSessions.string(session, MaestranoSessions.SESSION);
        SessionCheck check;
        try {
            check = Session.check(config, value, Instant.now(), transport);
        } catch (MaestranoException e) {
            log.error("Maestrano session check failed: " + e.getMessage());
            check = new SessionCheck(false, null, e.getKind(), e);
        }
        if (check.getValid()) {
            if (check.getValue() != null) {
                session.setAttribute(MaestranoSessions.SESSION, check.getValue());
            }
            return;
        }
        log.info("Maestrano session of " + user.uid() + " no longer holds (" + check.getReason() + "): signed out");
        MaestranoSessions.signOut(session);
        events.publishEvent(new MaestranoSignOutEvent(user, check.getReason()));
    }
}
