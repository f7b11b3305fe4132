package com.maestrano.spring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.web.util.HtmlUtils;

import jakarta.servlet.http.HttpServletResponse;

/** The few responses the integration writes itself: HTML pages and JSON bodies. */
final class Pages {
    /** Form field marking the consume form posted again from the app's own origin (docs/spec.md D36). */
    static final String REPOST_FIELD = "maestrano_repost";

    private Pages() {
    }

    /**
     * A page that posts {@code SAMLResponse} (and {@code RelayState}) again to {@code action}, from
     * the app's own origin, so that the SameSite=Lax session cookie comes along (docs/spec.md
     * D36): submitted by script at once, with a button when scripts are off. Every value is
     * HTML-escaped.
     */
    static String repost(String action, String samlResponse, String relayState) {
        StringBuilder inputs = new StringBuilder();
        hidden(inputs, REPOST_FIELD, "1");
        if (samlResponse != null) {
            hidden(inputs, "SAMLResponse", samlResponse);
        }
        if (relayState != null) {
            hidden(inputs, "RelayState", relayState);
        }
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Signing in</title></head>"
                + "<body onload=\"document.forms[0].submit()\">"
                + "<form method=\"post\" action=\"" + HtmlUtils.htmlEscape(action) + "\">" + inputs
                + "<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>";
    }

    private static void hidden(StringBuilder out, String name, String value) {
        out.append("<input type=\"hidden\" name=\"").append(HtmlUtils.htmlEscape(name))
                .append("\" value=\"").append(HtmlUtils.htmlEscape(value)).append("\">");
    }

    /** A small error page: a title and a message that names no internals. */
    static String error(String title, String message) {
        return "<!doctype html><html><head><meta charset='utf-8'><title>" + HtmlUtils.htmlEscape(title) + "</title></head>"
                + "<body><h1>" + HtmlUtils.htmlEscape(title) + "</h1><p id='sso-error'>" + HtmlUtils.htmlEscape(message)
                + "</p></body></html>";
    }

    /** Writes an HTML page, never cached (it may carry a SAMLResponse). */
    static void html(HttpServletResponse response, int status, String page, boolean script) throws IOException {
        response.setStatus(status);
        noStore(response);
        response.setHeader("Content-Security-Policy", script
                ? "default-src 'none'; script-src 'unsafe-inline'; form-action 'self'"
                : "default-src 'none'");
        write(response, "text/html;charset=UTF-8", page);
    }

    /** Writes a JSON body. */
    static void json(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        noStore(response);
        write(response, "application/json", body);
    }

    /**
     * A 302 to {@code location} as given (a same-origin path stays relative: it never depends on
     * the request's Host header), never cached.
     */
    static void redirect(HttpServletResponse response, String location) {
        noStore(response);
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", location);
    }

    /** 405 with the allowed methods. */
    static void methodNotAllowed(HttpServletResponse response, String allow) throws IOException {
        response.setHeader("Allow", allow);
        json(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "{\"error\":\"Method not allowed\"}");
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
    }

    private static void write(HttpServletResponse response, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
