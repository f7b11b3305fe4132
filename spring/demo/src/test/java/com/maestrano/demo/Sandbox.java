package com.maestrano.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The local platform (maestrano-sandbox, built by {@code cargo build -p maestrano-sandbox}):
 * started on a free port with a fresh data folder for an app at {@code appUrl}, stopped by
 * {@link #close()}. The same way python/tests/integrations/sandbox.py starts it.
 */
final class Sandbox implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening on (http://127\\.0\\.0\\.1:\\d+)");

    final String url;
    final JsonNode credentials;
    private final Process process;
    private final Path data;

    private Sandbox(Process process, Path data, String url, JsonNode credentials) {
        this.process = process;
        this.data = data;
        this.url = url;
        this.credentials = credentials;
    }

    /** The binary: the {@code maestrano.sandbox} system property (set by the pom). */
    static Path binary() {
        String path = System.getProperty("maestrano.sandbox");
        if (path == null || !Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException("maestrano-sandbox not found at " + path + ": run cargo build -p maestrano-sandbox");
        }
        return Path.of(path);
    }

    static Sandbox start(String appUrl, int recheckSecs) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("mno-sandbox-");
        List<String> args = new ArrayList<>(List.of(binary().toString(), "--data-dir", data.toString(), "--port", "0",
                "--app-url", appUrl, "--recheck-secs", Integer.toString(recheckSecs)));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        String url = null;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            log.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                url = m.group(1);
                break;
            }
        }
        if (url == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the sandbox did not start:\n" + log);
        }
        // Keep draining its output so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "sandbox-output");
        drain.setDaemon(true);
        drain.start();
        args.add("--print-credentials-json");
        Process print = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] json = print.getInputStream().readAllBytes();
        if (print.waitFor() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("maestrano-sandbox --print-credentials-json failed");
        }
        return new Sandbox(process, data, url, new ObjectMapper().readTree(json));
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
