package io.foundation.beam.boot.actuate.endpoint;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps the deprecated {@code foundation.beam.management.write-enabled=true} working for one version: when it is
 * true and {@code management.endpoint.ecosystems.access} is not set, it adds
 * {@code management.endpoint.ecosystems.access=unrestricted} as the environment's last property source, so Boot's own
 * access control (which also honours {@code management.endpoints.access.max-permitted}) decides. An explicit access
 * property always wins. Runs after the config data (application properties and profiles) is loaded.
 */
public final class EcosystemsAccessEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The property source it adds. */
    static final String SOURCE_NAME = "foundationBeamDeprecatedWriteEnabled";

    @Override
    @SuppressWarnings("removal")
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String access = EcosystemsEndpoint.ACCESS_PROPERTY;
        if (Boolean.TRUE.equals(environment.getProperty(EcosystemsEndpoint.WRITE_PROPERTY, Boolean.class))
                && !environment.containsProperty(access)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(access,
                    "unrestricted")));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
