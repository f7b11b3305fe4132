package com.maestrano.spring;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code maestrano.*} properties of the starter.
 *
 * <p>The marketplace's configuration comes from exactly one of:
 * <ul>
 *   <li>{@code maestrano.config-json}: the configuration as JSON text (nested, dotted or legacy
 *       keys, docs/spec.md §1);</li>
 *   <li>{@code maestrano.config-location}: a JSON file ({@code file:/etc/app/maestrano.json},
 *       {@code classpath:maestrano.json});</li>
 *   <li>{@code maestrano.config.*}: the keys one by one, e.g. {@code maestrano.config.environment},
 *       {@code maestrano.config.api.id}, {@code maestrano.config.sso.x509-fingerprint} (a dash in a
 *       key stands for an underscore, as Spring spells properties);</li>
 *   <li>{@code maestrano.devplatform.*}: the developer platform's environment credentials
 *       (auto-configuration at startup; {@code preset} picks the marketplace when there are
 *       several).</li>
 * </ul>
 */
@ConfigurationProperties(prefix = "maestrano")
public class MaestranoProperties {
    /** Whether the integration is mounted at all. */
    private boolean enabled = true;

    /** The configuration as JSON text. */
    private String configJson;

    /** A JSON file holding the configuration. */
    private Resource configLocation;

    /** The configuration's keys one by one (nested: maestrano.config.api.id=…). */
    private Map<String, Object> config = new LinkedHashMap<>();

    /** Auto-configuration from the developer platform. */
    private final DevPlatform devplatform = new DevPlatform();

    /** The route serving the app's metadata to the platform (HTTP Basic api.id:api.key). */
    private String metadataPath = "/maestrano/metadata";

    /** The route signing the user out of the app, then of the platform. */
    private String logoutPath = "/maestrano/logout";

    /** Single logout: whether signed-in users' platform sessions are rechecked when due. */
    private boolean recheck = true;

    /** Capacity of the default in-memory replay cache (one process; define a ReplayCache bean on a shared store for several). */
    private int replayCapacity = com.maestrano.ReplayCache.DEFAULT_CAPACITY;

    /**
     * Order of the servlet filter that serves the routes and the recheck: by default just before
     * Spring Security's filter chain (-100), after Spring Session's repository filter.
     */
    private int filterOrder = -110;

    /** @return whether the integration is mounted */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether the integration is mounted */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the configuration as JSON text, or null */
    public String getConfigJson() {
        return configJson;
    }

    /** @param configJson the configuration as JSON text */
    public void setConfigJson(String configJson) {
        this.configJson = configJson;
    }

    /** @return the configuration file, or null */
    public Resource getConfigLocation() {
        return configLocation;
    }

    /** @param configLocation the configuration file */
    public void setConfigLocation(Resource configLocation) {
        this.configLocation = configLocation;
    }

    /** @return the configuration's keys given one by one */
    public Map<String, Object> getConfig() {
        return config;
    }

    /** @param config the configuration's keys */
    public void setConfig(Map<String, Object> config) {
        this.config = config;
    }

    /** @return the developer platform settings */
    public DevPlatform getDevplatform() {
        return devplatform;
    }

    /** @return the metadata route */
    public String getMetadataPath() {
        return metadataPath;
    }

    /** @param metadataPath the metadata route */
    public void setMetadataPath(String metadataPath) {
        this.metadataPath = metadataPath;
    }

    /** @return the logout route */
    public String getLogoutPath() {
        return logoutPath;
    }

    /** @param logoutPath the logout route */
    public void setLogoutPath(String logoutPath) {
        this.logoutPath = logoutPath;
    }

    /** @return whether sessions are rechecked (single logout) */
    public boolean isRecheck() {
        return recheck;
    }

    /** @param recheck whether sessions are rechecked (single logout) */
    public void setRecheck(boolean recheck) {
        this.recheck = recheck;
    }

    /** @return the in-memory replay cache's capacity */
    public int getReplayCapacity() {
        return replayCapacity;
    }

    /** @param replayCapacity the in-memory replay cache's capacity */
    public void setReplayCapacity(int replayCapacity) {
        this.replayCapacity = replayCapacity;
    }

    /** @return the filter's order */
    public int getFilterOrder() {
        return filterOrder;
    }

    /** @param filterOrder the filter's order */
    public void setFilterOrder(int filterOrder) {
        this.filterOrder = filterOrder;
    }

    /** {@code maestrano.devplatform.*}: the MNO_DEVPL_* settings of the developer platform. */
    public static class DevPlatform {
        /** The developer platform's URL (default https://developer.maestrano.com). */
        private String host;
        /** Its API path (default /api/config/v1). */
        private String apiPath;
        /** The app environment's name. */
        private String envName;
        /** The app environment's key. */
        private String envKey;
        /** The app environment's secret. */
        private String envSecret;
        /** The marketplace to serve, when the app is sold on several. */
        private String preset;

        /** @return whether any setting is given (then the developer platform is the source) */
        public boolean isConfigured() {
            return nonEmpty(envName) || nonEmpty(envKey) || nonEmpty(envSecret) || nonEmpty(host) || nonEmpty(apiPath);
        }

        static boolean nonEmpty(String s) {
            return s != null && !s.isEmpty();
        }

        /** @return the host */
        public String getHost() {
            return host;
        }

        /** @param host the host */
        public void setHost(String host) {
            this.host = host;
        }

        /** @return the API path */
        public String getApiPath() {
            return apiPath;
        }

        /** @param apiPath the API path */
        public void setApiPath(String apiPath) {
            this.apiPath = apiPath;
        }

        /** @return the environment name */
        public String getEnvName() {
            return envName;
        }

        /** @param envName the environment name */
        public void setEnvName(String envName) {
            this.envName = envName;
        }

        /** @return the environment key */
        public String getEnvKey() {
            return envKey;
        }

        /** @param envKey the environment key */
        public void setEnvKey(String envKey) {
            this.envKey = envKey;
        }

        /** @return the environment secret */
        public String getEnvSecret() {
            return envSecret;
        }

        /** @param envSecret the environment secret */
        public void setEnvSecret(String envSecret) {
            this.envSecret = envSecret;
        }

        /** @return the marketplace to serve, or null */
        public String getPreset() {
            return preset;
        }

        /** @param preset the marketplace to serve */
        public void setPreset(String preset) {
            this.preset = preset;
        }

        /** Without the secret. */
        @Override
        public String toString() {
            return "DevPlatform(host=" + host + ", apiPath=" + apiPath + ", envName=" + envName + ", preset=" + preset + ")";
        }
    }
}
