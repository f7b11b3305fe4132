package com.maestrano.spring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.maestrano.Config;
import com.maestrano.ConfigException;
import com.maestrano.DevPlatform;
import com.maestrano.DevPlatformSettings;
import com.maestrano.Presets;
import com.maestrano.Transport;

/**
 * Resolves {@link MaestranoProperties} into one {@link Config}: exactly one source must be
 * given (two would leave it unclear which one the app runs with).
 */
final class ConfigLoader {
    /** The most bytes read from {@code maestrano.config-location}. */
    static final int MAX_FILE_BYTES = 1024 * 1024;

    private ConfigLoader() {
    }

    /**
     * The configuration of {@code properties}.
     *
     * @throws ConfigException {@code config_missing} when no source is given, {@code config_invalid}
     *     when several are or the one given is invalid
     */
    static Config load(MaestranoProperties properties, Transport transport) {
        List<String> sources = new ArrayList<>();
        if (properties.getConfigJson() != null && !properties.getConfigJson().isBlank()) {
            sources.add("maestrano.config-json");
        }
        if (properties.getConfigLocation() != null) {
            sources.add("maestrano.config-location");
        }
        if (properties.getConfig() != null && !properties.getConfig().isEmpty()) {
            sources.add("maestrano.config.*");
        }
        if (properties.getDevplatform().isConfigured()) {
            sources.add("maestrano.devplatform.*");
        }
        if (sources.isEmpty()) {
            throw new ConfigException("config_missing", "no Maestrano configuration: set one of maestrano.config-json, "
                    + "maestrano.config-location, maestrano.config.* or maestrano.devplatform.*");
        }
        if (sources.size() > 1) {
            throw new ConfigException("config_invalid", "several Maestrano configuration sources are set (" + String.join(", ", sources)
                    + "): keep one");
        }
        switch (sources.get(0)) {
            case "maestrano.config-json":
                return Config.fromJson(properties.getConfigJson());
            case "maestrano.config-location":
                return Config.fromJson(read(properties));
            case "maestrano.config.*":
                return Config.fromMap(normalise(properties.getConfig()));
            default:
                return fromDevPlatform(properties.getDevplatform(), transport);
        }
    }

    private static String read(MaestranoProperties properties) {
        try (InputStream in = properties.getConfigLocation().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ConfigException("config_invalid", "maestrano.config-location is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("config_invalid", "maestrano.config-location cannot be read: " + properties.getConfigLocation().getDescription(), e);
        }
    }

    private static Config fromDevPlatform(MaestranoProperties.DevPlatform d, Transport transport) {
        DevPlatformSettings settings = new DevPlatformSettings(blankToNull(d.getHost()), blankToNull(d.getApiPath()),
                blankToNull(d.getEnvName()), blankToNull(d.getEnvKey()), blankToNull(d.getEnvSecret()));
        try (Presets presets = DevPlatform.autoConfigure(settings, transport)) {
            String preset = blankToNull(d.getPreset());
            if (preset == null) {
                List<String> names = presets.getNames();
                if (names.size() != 1) {
                    throw new ConfigException("config_missing", "the developer platform serves " + names.size()
                            + " marketplaces " + names + ": set maestrano.devplatform.preset");
                }
                preset = names.get(0);
            }
            return presets.get(preset);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * Spring's bound map as the core's nested JSON shape: a dash in a key becomes an underscore
     * ({@code x509-fingerprint} → {@code x509_fingerprint}; the core reads snake_case and
     * camelCase), and a map whose keys are 0..n-1 (indexed properties) becomes a list.
     */
    static Object normalise(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        boolean indexed = !map.isEmpty();
        for (int i = 0; i < map.size() && indexed; i++) {
            indexed = map.containsKey(Integer.toString(i));
        }
        if (indexed) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < map.size(); i++) {
                list.add(normalise(map.get(Integer.toString(i))));
            }
            return list;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k).replace('-', '_'), normalise(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> normalise(Map<String, Object> map) {
        return (Map<String, Object>) normalise((Object) map);
    }
}
