package com.maestrano.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.maestrano.Config;
import com.maestrano.ConfigException;
import com.maestrano.ReplayCache;

/** The auto-configuration in a servlet context: each configuration source, conflicts, overrides. */
class MaestranoAutoConfigurationTest {
    private static final String JSON = "{\"environment\":\"production\",\"app\":{\"host\":\"https://app.example\"},"
            + "\"api\":{\"id\":\"app-1\",\"key\":\"k3y\"}}";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MaestranoAutoConfiguration.class));

    private static JsonNode effective(Config config) throws Exception {
        return new ObjectMapper().readTree(config.toJson());
    }

    @Test
    void configJson() {
        runner.withPropertyValues("maestrano.config-json=" + JSON).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Config.class).hasSingleBean(ReplayCache.class).hasBean("maestranoFilter");
            Config config = context.getBean(Config.class);
            assertThat(config.initUrl()).isEqualTo("https://app.example/maestrano/auth/saml/init");
            assertThat(effective(config).at("/api/lang").asText()).isEqualTo("java");
            assertThat(context.getBean("maestranoFilter", FilterRegistrationBean.class).getOrder()).isEqualTo(-110);
        });
    }

    @Test
    void configLocation(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("maestrano.json"), JSON);
        runner.withPropertyValues("maestrano.config-location=file:" + file).run(context ->
                assertThat(context.getBean(Config.class).consumeUrl()).isEqualTo("https://app.example/maestrano/auth/saml/consume"));
        runner.withPropertyValues("maestrano.config-location=file:" + dir.resolve("missing.json")).run(context ->
                assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("ConfigException: config_invalid: maestrano.config-location cannot be read"));
    }

    @Test
    void keysOneByOneWithSpringSpellings() {
        runner.withPropertyValues(
                "maestrano.config.environment=production",
                "maestrano.config.app.host=https://app.example",
                "maestrano.config.api.id=app-1",
                "maestrano.config.api.key=k3y",
                "maestrano.config.sso.slo-enabled=false",
                "maestrano.config.sso.init-path=/sso/start",
                "maestrano.config.sso.audiences[0]=https://a.example",
                "maestrano.config.sso.audiences[1]=https://b.example").run(context -> {
                    assertThat(context).hasNotFailed();
                    Config config = context.getBean(Config.class);
                    JsonNode json = effective(config);
                    assertThat(json.at("/sso/slo_enabled").asBoolean(true)).isFalse();
                    assertThat(config.initUrl()).isEqualTo("https://app.example/sso/start");
                    assertThat(json.at("/sso/audiences").toString()).isEqualTo("[\"https://a.example\",\"https://b.example\"]");
                });
    }

    @Test
    void anInvalidKeyStopsTheApp() {
        runner.withPropertyValues("maestrano.config.sso.x509-certificat=oops").run(context ->
                assertThat(context).getFailure().rootCause().isInstanceOf(ConfigException.class)
                        .hasMessageContaining("config_invalid").hasMessageContaining("x509_certificat"));
    }

    @Test
    void exactlyOneSource() {
        runner.run(context -> assertThat(context).getFailure().rootCause().isInstanceOf(ConfigException.class)
                .hasMessageContaining("config_missing"));
        runner.withPropertyValues("maestrano.config-json=" + JSON, "maestrano.config.api.id=x").run(context ->
                assertThat(context).getFailure().rootCause().isInstanceOf(ConfigException.class)
                        .hasMessageContaining("maestrano.config-json").hasMessageContaining("maestrano.config.*"));
    }

    @Test
    void devPlatformUnreachableFailsTheStartWithoutTheSecret() {
        runner.withPropertyValues("maestrano.devplatform.host=http://127.0.0.1:9", "maestrano.devplatform.env-name=sandbox",
                "maestrano.devplatform.env-key=key-1", "maestrano.devplatform.env-secret=s3cr3t-value").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("api_connection")
                            .hasMessageNotContaining("s3cr3t-value");
                });
    }

    @Test
    void disabled() {
        runner.withPropertyValues("maestrano.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(Config.class).doesNotHaveBean("maestranoFilter"));
    }

    @Test
    void theAppsOwnBeansWin() {
        runner.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Config.class)).isSameAs(context.getBean(OwnBeans.class).config);
            assertThat(context.getBean(ReplayCache.class)).isSameAs(context.getBean(OwnBeans.class).replay);
        });
    }

    @Test
    void indexedMapsBecomeLists() {
        Object out = ConfigLoader.normalise(Map.of("a-b", Map.of("0", "x", "1", Map.of("c-d", "y"))));
        assertThat(out).isEqualTo(Map.of("a_b", List.of("x", Map.of("c_d", "y"))));
        assertThat(ConfigLoader.normalise(Map.of("0", "x", "2", "y"))).isEqualTo(Map.of("0", "x", "2", "y"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        final Config config = Config.fromJson(JSON);
        final ReplayCache replay = ReplayCache.shared((key, expiresAt, now) -> true);

        @Bean
        Config config() {
            return config;
        }

        @Bean
        ReplayCache replay() {
            return replay;
        }
    }
}
