package com.maestrano.spring;

import java.io.IOException;
import java.io.InputStream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationEventPublisher;

import com.maestrano.Config;
import com.maestrano.MaestranoException;
import com.maestrano.Web;
import com.maestrano.WebhookEvent;
import com.maestrano.Webhooks;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The platform's calls (docs/spec.md §5): routed and authenticated by the core, published as
 * {@link MaestranoWebhookEvent}s.
 */
final class WebhookRoute {
    private static final Log log = LogFactory.getLog("maestrano");

    /** The most body bytes read: one more than the core accepts (16 MiB), so it refuses the rest. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024 + 1;

    private final Config config;
    private final ApplicationEventPublisher events;

    WebhookRoute(Config config, ApplicationEventPublisher events) {
        this.config = config;
        this.events = events;
    }

    /**
     * Answers {@code request} when it is one of the platform's calls: 401 for a webhook route
     * with missing or wrong credentials, else the event is published (a Connec! notification's
     * body read first) and {@code {"success":true}} answered.
     *
     * @return false when {@code request} is no webhook (the app routes it; nothing was read)
     */
    boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MaestranoWebhookEvent published;
        try {
            WebhookEvent event = Webhooks.match(config, request.getMethod(), request.getRequestURI(), request.getHeader("Authorization"));
            if (event == null) {
                return false;
            }
            published = switch (event.getEvent()) {
                case "group_cancelled" -> new MaestranoWebhookEvent.GroupCancelled(event);
                case "member_removed" -> new MaestranoWebhookEvent.MemberRemoved(event);
                default -> new MaestranoWebhookEvent.ConnecNotification(event, Webhooks.connecNotification(body(request)));
            };
        } catch (MaestranoException e) {
            refused(response, e);
            return true;
        }
        events.publishEvent(published);
        Pages.json(response, HttpServletResponse.SC_OK, "{\"success\":true}");
        return true;
    }

    private static byte[] body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return in.readNBytes(MAX_BODY_BYTES);
        }
    }

    private static void refused(HttpServletResponse response, MaestranoException e) throws IOException {
        log.warn("Maestrano webhook refused: " + e.getMessage());
        int status = Web.statusFor(e);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            SsoRoutes.invalidCredentials(response);
            return;
        }
        // The kind is one of the core's fixed identifiers ([a-z_]): no escaping needed.
        Pages.json(response, status, "{\"error\":\"" + e.getKind() + "\"}");
    }
}
