package com.maestrano.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.maestrano.Config;
import com.maestrano.HttpTransport;
import com.maestrano.ReplayCache;
import com.maestrano.Transport;

/**
 * Auto-configuration of the Maestrano integration for servlet apps: the {@link Config} of the
 * {@code maestrano.*} properties, an in-memory {@link ReplayCache}, the JDK {@link HttpTransport}
 * and the {@link MaestranoFilter} serving SSO, metadata, logout, the webhooks and the session
 * recheck. Define your own {@code Config}, {@code ReplayCache} (e.g.
 * {@code ReplayCache.shared(store)} on Redis when the app runs several processes) or
 * {@code Transport} bean to replace the default one. {@code maestrano.enabled=false} turns it
 * all off.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "maestrano", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MaestranoProperties.class)
public class MaestranoAutoConfiguration {

    /**
     * The transport of the session checks and of the developer platform call.
     *
     * @return a JDK HttpClient transport (timeouts, no redirects, a size limit)
     */
    @Bean
    @ConditionalOnMissingBean
    public Transport maestranoTransport() {
        return new HttpTransport();
    }

    /**
     * The marketplace's configuration, from the one source the properties give. Closed with
     * the context.
     *
     * @param properties the maestrano.* properties
     * @param transport for {@code maestrano.devplatform.*}
     * @return the configuration
     */
    @Bean
    @ConditionalOnMissingBean
    public Config maestranoConfig(MaestranoProperties properties, Transport transport) {
        return ConfigLoader.load(properties, transport);
    }

    /**
     * Accepts each assertion once, in this process.
     *
     * @param properties for the capacity
     * @return an in-memory replay cache
     */
    @Bean
    @ConditionalOnMissingBean
    public ReplayCache maestranoReplayCache(MaestranoProperties properties) {
        return ReplayCache.inMemory(properties.getReplayCapacity());
    }

    /**
     * The filter serving the routes and the session recheck.
     *
     * @param properties the maestrano.* properties
     * @param config the configuration
     * @param replay the replay cache
     * @param transport the transport of the session checks
     * @param events where sign-in, sign-out and webhook events go
     * @return its registration, on every path
     */
    @Bean
    public FilterRegistrationBean<MaestranoFilter> maestranoFilter(MaestranoProperties properties, Config config, ReplayCache replay,
            Transport transport, ApplicationEventPublisher events) {
        MaestranoFilter filter = new MaestranoFilter(
                new SsoRoutes(config, replay, events),
                new WebhookRoute(config, events),
                properties.isRecheck() ? new SessionRecheck(config, transport, events) : null,
                config.initUrl(),
                config.consumeUrl(),
                properties.getMetadataPath(),
                properties.getLogoutPath());
        FilterRegistrationBean<MaestranoFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("maestranoFilter");
        registration.setOrder(properties.getFilterOrder());
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** {@link MaestranoUser} as a Spring MVC handler method parameter (null when signed out). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebMvcConfigurer.class)
    static class MvcConfiguration implements WebMvcConfigurer {
        private final ObjectProvider<MaestranoUserArgumentResolver> resolver;

        MvcConfiguration(ObjectProvider<MaestranoUserArgumentResolver> resolver) {
            this.resolver = resolver;
        }

        @Bean
        MaestranoUserArgumentResolver maestranoUserArgumentResolver() {
            return new MaestranoUserArgumentResolver();
        }

        @Override
        public void addArgumentResolvers(java.util.List<HandlerMethodArgumentResolver> resolvers) {
            resolvers.add(resolver.getObject());
        }
    }
}
