package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.ecosystem.EcosystemConfigurer;
import io.foundation.beam.boot.ecosystem.EcosystemDeclaration;
import io.foundation.beam.ecosystem.Coordinator;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemConfigException;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.supervision.RestartBackoff;
import io.foundation.beam.supervision.RestartIntensity;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * Builds an ecosystem's {@link EcosystemConfig} from, by precedence, its {@code foundation.beam.ecosystems.<name>.*}
 * properties, its {@code @Worker} attributes, and the core defaults. Every value is checked here, so that an invalid
 * one fails the startup with a {@link BeamConfigurationException} naming where it came from (the property and its
 * origin, or the annotation on its class) and what it must be.
 *
 * <p>The mapping of {@link BeamProperties} onto the programming model's ecosystems, so it lives beside the
 * properties, as the {@link EcosystemConfigurer} of the ecosystem registry.
 */
final class EcosystemConfigFactory implements EcosystemConfigurer {

    /** Default of {@code mailbox.send-timeout} for the block-sender policy. */
    static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(5);

    private final BeamProperties properties;
    private final Environment environment;

    EcosystemConfigFactory(BeamProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Checks that every ecosystem configured by properties is declared.
     *
     * @param declared the names of the declared ecosystems, enabled or not
     * @throws BeamConfigurationException naming the first property name of an undeclared ecosystem
     */
    void checkPropertyNames(Collection<String> declared) {
        for (String name : properties.getEcosystems().keySet()) {
            if (!declared.contains(name)) {
                String similar = declared.stream()
                        .filter(known -> known.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT))
                                && !EcosystemDeclaration.property(known, "").startsWith(
                                        EcosystemDeclaration.PROPERTY_PREFIX + "."))
                        .findFirst()
                        .map(known -> " An ecosystem name with capitals or dots needs the bracket notation: "
                                + EcosystemDeclaration.property(known, "workers") + ".")
                        .orElse("");
                throw new BeamConfigurationException("Properties " + EcosystemDeclaration.property(name, "*")
                        + " configure ecosystem '" + name + "', which no @Worker bean declares. Known "
                        + "ecosystems: " + (declared.isEmpty() ? "none" : String.join(", ", declared)) + "."
                        + similar, "Rename " + EcosystemDeclaration.PROPERTY_PREFIX + "." + name + " to one of "
                                + "the known ecosystems, or declare it with a @Worker(ecosystem = \"" + name
                                + "\") bean.");
            }
        }
    }

    /**
     * @param declaration the ecosystem's declaration
     * @param workers makes each worker process's logic
     * @param coordinator makes the coordinator process's logic, or null for the default coordinator
     * @return the configuration
     * @throws BeamConfigurationException naming the first invalid setting
     */
    @Override
    public EcosystemConfig configure(EcosystemDeclaration declaration,
            Supplier<? extends io.foundation.beam.ecosystem.Worker> workers,
            Supplier<? extends Coordinator> coordinator) {
        BeamProperties.EcosystemProperties configured = this.properties.getEcosystems().get(declaration.name());
        BeamProperties.EcosystemProperties properties = configured != null ? configured
                : new BeamProperties.EcosystemProperties();
        Settings s = new Settings(declaration);
        Worker a = declaration.annotation();
        int workerCount = s.pick("workers", properties.getWorkers(), "workers", a.workers());
        if (workerCount < 1 || workerCount > 1_000_000) {
            throw s.invalid("workers", workerCount, "a number of worker processes from 1 to 1000000");
        }
        int maxAttempts = s.pick("max-attempts", properties.getMaxAttempts(), "maxAttempts", a.maxAttempts());
        if (maxAttempts < 1) {
            throw s.invalid("max-attempts", maxAttempts, "at least 1");
        }
        Duration workTimeout = s.pick("work-timeout", properties.getWorkTimeout(), "workTimeout",
                s.duration("workTimeout", a.workTimeout(), Duration.ofSeconds(30)));
        requirePositive(s, "work-timeout", workTimeout);
        Duration shutdownTimeout = s.pick("shutdown-timeout", properties.getShutdownTimeout(), "shutdownTimeout",
                s.duration("shutdownTimeout", a.shutdownTimeout(), Duration.ofSeconds(5)));
        if (shutdownTimeout.isNegative()) {
            throw s.invalid("shutdown-timeout", shutdownTimeout, "zero or a positive duration such as 5s");
        }
        Duration hibernateAfter = s.pick("hibernate-after", properties.getHibernateAfter(), null, Duration.ofSeconds(1));
        requirePositive(s, "hibernate-after", hibernateAfter);
        int backlogThreshold = s.pick("backlog-threshold", properties.getBacklogThreshold(), null, 10_000);
        if (backlogThreshold < 1) {
            throw s.invalid("backlog-threshold", backlogThreshold, "at least 1");
        }
        int maxPendingWork = s.pick("max-pending-work", properties.getMaxPendingWork(), null, 10_000);
        if (maxPendingWork < 1) {
            throw s.invalid("max-pending-work", maxPendingWork, "at least 1");
        }
        EcosystemConfig.Builder builder = EcosystemConfig.builder(declaration.name())
                .workers(workerCount, workers)
                .topology(s.pick("topology", properties.getTopology(), "topology", a.topology()))
                .faultTolerance(s.pick("fault-tolerance", properties.getFaultTolerance(), "faultTolerance",
                        a.faultTolerance()))
                .memoryStrategy(s.pick("memory-strategy", properties.getMemoryStrategy(), "memoryStrategy",
                        a.memoryStrategy()))
                .gcStrategy(s.pick("gc-strategy", properties.getGcStrategy(), "gcStrategy", a.gcStrategy()))
                .dispatch(s.pick("dispatch", properties.getDispatch(), "dispatch", a.dispatch()))
                .hibernateAfter(hibernateAfter)
                .maxAttempts(maxAttempts)
                .workTimeout(workTimeout)
                .shutdownTimeout(shutdownTimeout)
                .backlogThreshold(backlogThreshold)
                .maxPendingWork(maxPendingWork)
                .messageAnalytics(properties.isMessageAnalytics())
                .mailbox(mailbox(s, properties.getMailbox()))
                .restartIntensity(intensity(s, properties.getRestart()));
        RestartBackoff backoff = backoff(s, properties.getBackoff());
        if (backoff != null) {
            builder.restartBackoff(backoff);
        }
        if (coordinator != null) {
            builder.coordinator(coordinator);
        }
        try {
            return builder.build();
        } catch (EcosystemConfigException e) { // not expected after the checks above: report it all the same
            throw new BeamConfigurationException("Ecosystem '" + declaration.name() + "' has an invalid "
                    + "configuration: " + e.getMessage() + ".", "Check the "
                    + declaration.property("*") + " properties and the @Worker attributes of bean "
                    + declaration.worker() + ".", e);
        }
    }

    private static void requirePositive(Settings s, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw s.invalid(key, value, "a positive duration such as 30s");
        }
    }

    private static MailboxSpec mailbox(Settings s, BeamProperties.Mailbox mailbox) {
        Integer capacity = mailbox.getCapacity();
        OverflowPolicy policy = mailbox.getOverflowPolicy();
        Duration sendTimeout = mailbox.getSendTimeout();
        if (capacity == null) {
            if (policy != null) {
                throw s.invalid("mailbox.overflow-policy", policy, "unset unless mailbox.capacity is set (an "
                        + "unbounded mailbox never overflows)", "Remove " + s.property("mailbox.overflow-policy")
                        + ", or bound the mailbox with " + s.property("mailbox.capacity") + ".");
            }
            if (sendTimeout != null) {
                throw s.invalid("mailbox.send-timeout", sendTimeout, "unset unless mailbox.capacity is set and "
                        + "mailbox.overflow-policy is block-sender", "Remove " + s.property("mailbox.send-timeout")
                        + ", or set " + s.property("mailbox.capacity") + " and " + s.property("mailbox.overflow-policy")
                        + "=block-sender.");
            }
            return MailboxSpec.unbounded();
        }
        if (capacity < 1) {
            throw s.invalid("mailbox.capacity", capacity, "at least 1 (leave it unset for an unbounded mailbox)");
        }
        if (policy == OverflowPolicy.BLOCK_SENDER) {
            Duration timeout = sendTimeout != null ? sendTimeout : DEFAULT_SEND_TIMEOUT;
            if (timeout.isNegative()) {
                throw s.invalid("mailbox.send-timeout", timeout, "zero or a positive duration such as 5s");
            }
            return MailboxSpec.blocking(capacity, timeout);
        }
        if (sendTimeout != null) {
            throw s.invalid("mailbox.send-timeout", sendTimeout, "unset unless mailbox.overflow-policy is "
                    + "block-sender (the other policies never make a sender wait)", "Remove "
                    + s.property("mailbox.send-timeout") + ", or set " + s.property("mailbox.overflow-policy")
                    + "=block-sender.");
        }
        return MailboxSpec.bounded(capacity, policy != null ? policy : OverflowPolicy.REJECT);
    }

    private static RestartIntensity intensity(Settings s, BeamProperties.Restart restart) {
        RestartIntensity d = EcosystemConfig.DEFAULT_INTENSITY;
        int maxRestarts = restart.getMaxRestarts() != null ? restart.getMaxRestarts() : d.maxRestarts();
        if (maxRestarts < 0) {
            throw s.invalid("restart.max-restarts", maxRestarts, "zero or more");
        }
        Duration period = restart.getPeriod() != null ? restart.getPeriod() : d.period();
        requirePositive(s, "restart.period", period);
        return new RestartIntensity(maxRestarts, period);
    }

    private static RestartBackoff backoff(Settings s, BeamProperties.Backoff backoff) {
        Duration min = backoff.getMin();
        Duration max = backoff.getMax();
        Double jitter = backoff.getJitter();
        if (min == null && max == null && jitter == null) {
            return null;
        }
        if (min == null) {
            throw s.invalid("backoff.min", null, "set (with backoff.max) to use a restart backoff, for example 1s");
        }
        if (max == null) {
            throw s.invalid("backoff.max", null, "set (with backoff.min) to use a restart backoff, for example 30s");
        }
        requirePositive(s, "backoff.min", min);
        if (max.compareTo(min) < 0) {
            throw s.invalid("backoff.max", max, "at least backoff.min (" + print(min) + ")");
        }
        double j = jitter != null ? jitter : 0.0;
        if (!(j >= 0.0 && j <= 1.0)) {
            throw s.invalid("backoff.jitter", j, "a fraction from 0 to 1, such as 0.2");
        }
        return new RestartBackoff(min, max, j);
    }

    /** Where each value of one ecosystem came from, for messages. */
    private final class Settings {
        private final EcosystemDeclaration declaration;
        /** The annotation attribute behind each key that has one. */
        private final Map<String, String> attributes = new HashMap<>();
        /** Keys whose value came from a property (the rest from the annotation or the defaults). */
        private final Set<String> fromProperty = new HashSet<>();

        Settings(EcosystemDeclaration declaration) {
            this.declaration = declaration;
        }

        /** The property's value if set, else the annotation's (or the default). */
        <T> T pick(String key, T propertyValue, String attribute, T fallback) {
            if (attribute != null) {
                attributes.put(key, attribute);
            }
            if (propertyValue != null) {
                fromProperty.add(key);
                return propertyValue;
            }
            return fallback;
        }

        Duration duration(String attribute, String text, Duration fallback) {
            if (text == null || text.isBlank()) {
                return fallback;
            }
            try {
                return DurationStyle.detectAndParse(text.trim());
            } catch (IllegalArgumentException e) {
                throw new BeamConfigurationException("Ecosystem '" + declaration.name() + "': @Worker(" + attribute
                        + " = \"" + text + "\") on bean " + declaration.worker() + " is not a duration.",
                        "Set @Worker(" + attribute + ") on " + declaration.worker().beanClass().getName()
                                + " to a duration such as \"30s\", \"500ms\" or \"PT1M\", or set "
                                + property(kebab(attribute)) + " instead.", e);
            }
        }

        BeamConfigurationException invalid(String key, Object value, String requirement) {
            return invalid(key, value, requirement, null);
        }

        /** @param action what to do, or null for "set the property (or attribute) to the requirement" */
        BeamConfigurationException invalid(String key, Object value, String requirement, String action) {
            String property = property(key);
            String attribute = attributes.get(key);
            boolean fromAnnotation = !fromProperty.contains(key) && attribute != null && value != null;
            String shown = value instanceof Duration d ? print(d) : String.valueOf(value);
            String source;
            if (fromAnnotation) {
                source = "@Worker(" + attribute + " = " + shown + ") on bean " + declaration.worker();
            } else if (value == null) {
                source = "property " + property + " is not set";
            } else {
                source = "property " + property + " = " + shown + origin(property);
            }
            String description = "Ecosystem '" + declaration.name() + "' has "
                    + (value == null ? "no " + key : key + " = " + shown) + ", but it must be " + requirement
                    + ".\n    Source: " + source;
            if (action != null) {
                return new BeamConfigurationException(description, action);
            }
            action = fromAnnotation
                    ? "Set @Worker(" + attribute + ") on " + declaration.worker().beanClass().getName()
                            + " to " + requirement + ", or override it with " + property + "."
                    : "Set " + property + " to " + requirement + ".";
            return new BeamConfigurationException(description, action);
        }

        String property(String key) {
            return declaration.property(key);
        }

        private String origin(String property) {
            if (!ConfigurationPropertyName.isValid(property)) {
                return "";
            }
            ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
            for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
                ConfigurationProperty found = source.getConfigurationProperty(name);
                if (found != null && found.getOrigin() != null) {
                    return " (from " + found.getOrigin() + ")";
                }
            }
            return "";
        }
    }

    /** @return the duration as it would be written in a property: 2s, 250ms, 1500us... */
    static String print(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        for (ChronoUnit unit : new ChronoUnit[] {ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES,
                ChronoUnit.SECONDS, ChronoUnit.MILLIS, ChronoUnit.MICROS}) {
            if (duration.toNanos() % unit.getDuration().toNanos() == 0) {
                return DurationStyle.SIMPLE.print(duration, unit);
            }
        }
        return DurationStyle.SIMPLE.print(duration, ChronoUnit.NANOS);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
