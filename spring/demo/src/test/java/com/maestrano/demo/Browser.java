package com.maestrano.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HTTP client standing for a browser: redirects are not followed (the test looks at each
 * one), and the cookies the app sets are kept for the app's origin only and sent back to it, or
 * withheld on demand, as a browser withholds a SameSite=Lax cookie from another site's POST.
 */
final class Browser {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final String appOrigin;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    /** The last Set-Cookie header of the app, for its attributes. */
    String lastSetCookie;

    Browser(String appOrigin) {
        this.appOrigin = appOrigin;
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(absolute(url))).GET(), url, true);
    }

    /** A form POST; {@code withCookies} false stands for a cross-site POST (SameSite=Lax). */
    HttpResponse<String> post(String url, Map<String, String> form, boolean withCookies) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(absolute(url)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(request, url, withCookies);
    }

    /** Any request, with the app's cookies when it goes to the app. */
    HttpResponse<String> send(HttpRequest.Builder request, String url, boolean withCookies) throws IOException, InterruptedException {
        boolean toApp = absolute(url).startsWith(appOrigin + "/");
        if (toApp && withCookies && !cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        if (toApp) {
            List<String> set = response.headers().allValues("Set-Cookie");
            for (String header : set) {
                lastSetCookie = header;
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return response;
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    private String absolute(String url) {
        return url.startsWith("http") ? url : appOrigin + url;
    }
}
