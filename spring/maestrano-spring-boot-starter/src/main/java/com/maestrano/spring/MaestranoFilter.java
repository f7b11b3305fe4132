package com.maestrano.spring;

import java.io.IOException;
import java.net.URI;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet filter the starter registers: it answers the integration's routes itself (SSO
 * init and consume at the configuration's {@code sso.init_path} / {@code sso.consume_path},
 * metadata, logout, and the webhook routes of the configuration's {@code webhook.*} templates)
 * and, on every other request, rechecks a signed-in user's platform session when due before
 * passing the request on.
 *
 * <p>It runs before Spring Security's filter chain (order -110 by default), so the routes the
 * identity provider and the platform post to need no CSRF exemption.
 */
public final class MaestranoFilter extends OncePerRequestFilter {
    private final SsoRoutes sso;
    private final WebhookRoute webhooks;
    private final SessionRecheck recheck;
    private final String initPath;
    private final String consumePath;
    private final String metadataPath;
    private final String logoutPath;

    MaestranoFilter(SsoRoutes sso, WebhookRoute webhooks, SessionRecheck recheck, String initUrl, String consumeUrl,
            String metadataPath, String logoutPath) {
        this.sso = sso;
        this.webhooks = webhooks;
        this.recheck = recheck;
        this.initPath = normalise(URI.create(initUrl).getRawPath());
        this.consumePath = normalise(URI.create(consumeUrl).getRawPath());
        this.metadataPath = normalise(metadataPath);
        this.logoutPath = normalise(logoutPath);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = normalise(request.getRequestURI());
        if (path.equals(initPath)) {
            sso.init(request, response);
        } else if (path.equals(consumePath)) {
            sso.consume(request, response);
        } else if (path.equals(metadataPath)) {
            sso.metadata(request, response);
        } else if (path.equals(logoutPath)) {
            sso.logout(request, response);
        } else {
            if (webhooks.serve(request, response)) {
                return;
            }
            if (recheck != null) {
                recheck.recheck(request);
            }
            chain.doFilter(request, response);
        }
    }

    /** Errors and async re-dispatches are not filtered again. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return true;
    }

    /** A path without its trailing slashes ({@code /} stays). */
    static String normalise(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }
}
