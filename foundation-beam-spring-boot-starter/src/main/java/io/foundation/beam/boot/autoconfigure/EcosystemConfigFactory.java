package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.ecosystem.EcosystemConfigurer;
import io.foundation.beam.boot.ecosystem.EcosystemDeclaration;
import io.foundation.beam.ecosystem.Coordinator;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemConfigException;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.GcStrategy;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.supervision.RestartIntensity;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * Builds an ecosystem's {@link EcosystemConfig} from, by precedence, its {@code foundation.beam.ecosystems.<name>.*}
 * properties, its {@code @Worker} attributes, and the core defaults (a setting given by neither is left to the
 * builder).
 *
 * <h2>Validation</h2>
 * The values are not checked here: {@link EcosystemConfig.Builder} and the value records it builds are the one source
 * of the rules, and reject a value with an {@link EcosystemConfigException} that identifies its
 * {@link EcosystemConfig.Field}. This class maps that field back to the property key it came from ({@link #key}) and
 * reports it as a {@link BeamConfigurationException} naming the property and its origin, or the annotation on its
 * class, the value, and what the core accepts. What it does check is what only the properties can get wrong: keys
 * that mean nothing without another one ({@code mailbox.overflow-policy} without {@code mailbox.capacity}, half a
 * backoff...), unparsable annotation durations, and properties for an undeclared ecosystem.
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
        Duration workTimeout = s.pick("work-timeout", properties.getWorkTimeout(), "workTimeout",
                s.duration("workTimeout", a.workTimeout()));
        Duration shutdownTimeout = s.pick("shutdown-timeout", properties.getShutdownTimeout(), "shutdownTimeout",
                s.duration("shutdownTimeout", a.shutdownTimeout()));
        try {
            EcosystemConfig.Builder builder = EcosystemConfig.builder(declaration.name())
                    .workers(s.pick("workers", properties.getWorkers(), "workers", a.workers()), workers)
                    .topology(s.pick("topology", properties.getTopology(), "topology", a.topology()))
                    .faultTolerance(s.pick("fault-tolerance", properties.getFaultTolerance(), "faultTolerance",
                            a.faultTolerance()))
                    .memoryStrategy(s.pick("memory-strategy", properties.getMemoryStrategy(), "memoryStrategy",
                            a.memoryStrategy()))
                    .gcStrategy(s.pick("gc-strategy", properties.getGcStrategy(), "gcStrategy", a.gcStrategy()))
                    .dispatch(s.pick("dispatch", properties.getDispatch(), "dispatch", a.dispatch()))
                    .maxAttempts(s.pick("max-attempts", properties.getMaxAttempts(), "maxAttempts", a.maxAttempts()))
                    .messageAnalytics(properties.isMessageAnalytics())
                    .dedicatedThreads(properties.isDedicatedThreads());
            ifSet(workTimeout, builder::workTimeout);
            ifSet(shutdownTimeout, builder::shutdownTimeout);
            ifSet(s.pick("hibernate-after", properties.getHibernateAfter(), null, null), builder::hibernateAfter);
            ifSet(s.pick("backlog-threshold", properties.getBacklogThreshold(), null, null),
                    builder::backlogThreshold);
            ifSet(s.pick("max-pending-work", properties.getMaxPendingWork(), null, null), builder::maxPendingWork);
            mailbox(s, properties.getMailbox(), builder);
            intensity(s, properties.getRestart(), builder);
            backoff(s, properties.getBackoff(), builder);
            distribution(s, properties.getDistribution(), builder);
            if (coordinator != null) {
                builder.coordinator(coordinator);
            }
            EcosystemConfig config = builder.build();
            withoutEffect(s, config, properties);
            return config;
        } catch (EcosystemConfigException e) {
            throw s.rejected(e);
        }
    }

    /**
     * Settings that are valid but would have no effect with the rest of the configuration fail the startup rather
     * than be ignored: the restart intensity and backoff under standard fault tolerance (nothing restarts), and
     * hibernate-after under the standard GC strategy (nothing hibernates). The values themselves have been checked.
     */
    private static void withoutEffect(Settings s, EcosystemConfig config,
            BeamProperties.EcosystemProperties properties) {
        if (config.faultTolerance() == FaultTolerance.STANDARD) {
            Map<String, Object> restarting = new LinkedHashMap<>();
            restarting.put("restart.max-restarts", properties.getRestart().getMaxRestarts());
            restarting.put("restart.period", properties.getRestart().getPeriod());
            restarting.put("backoff.min", properties.getBackoff().getMin());
            restarting.put("backoff.max", properties.getBackoff().getMax());
            restarting.put("backoff.jitter", properties.getBackoff().getJitter());
            for (Map.Entry<String, Object> setting : restarting.entrySet()) {
                if (setting.getValue() != null) {
                    throw s.withoutEffect(setting.getKey(), setting.getValue(), "fault-tolerance", "standard",
                            "under standard fault tolerance a crashed member is reported and never restarted, so "
                                    + (setting.getKey().startsWith("restart.") ? "no restart intensity applies"
                                            : "there is no restart to delay"),
                            "self-healing", "faultTolerance = FaultTolerance.SELF_HEALING");
                }
            }
        }
        if (config.gcStrategy() != GcStrategy.FREQUENT_MINOR && properties.getHibernateAfter() != null) {
            throw s.withoutEffect("hibernate-after", properties.getHibernateAfter(), "gc-strategy",
                    kebabValue(config.gcStrategy()), "only the frequent-minor GC strategy hibernates idle members",
                    "frequent-minor", "gcStrategy = GcStrategy.FREQUENT_MINOR");
        }
    }

    /**
     * The distribution: the core checks its values (nodes only under explicit-nodes, a positive count); here only the
     * keys that mean nothing for a local-only ecosystem.
     */
    private static void distribution(Settings s, BeamProperties.DistributionProperties properties,
            EcosystemConfig.Builder builder) {
        Distribution.Policy policy = s.pick("distribution.policy", properties.getPolicy(), null, null);
        Distribution.Placement placement = s.pick("distribution.placement", properties.getPlacement(), null, null);
        Integer perNode = s.pick("distribution.workers-per-node", properties.getWorkersPerNode(), null, null);
        Distribution.Journal journal = s.pick("distribution.journal", properties.getJournal(), null, null);
        List<String> nodes = properties.getNodes().isEmpty() ? null
                : s.pick("distribution.nodes", properties.getNodes(), null, null);
        if (policy == null || policy == Distribution.Policy.LOCAL_ONLY) {
            Map<String, Object> distributedOnly = new LinkedHashMap<>();
            distributedOnly.put("distribution.placement", placement);
            distributedOnly.put("distribution.workers-per-node", perNode);
            distributedOnly.put("distribution.journal", journal);
            for (Map.Entry<String, Object> setting : distributedOnly.entrySet()) {
                if (setting.getValue() != null) {
                    throw s.invalid(setting.getKey(), setting.getValue(), "unset unless distribution.policy is "
                            + "cluster-wide or explicit-nodes (a local-only ecosystem runs on this node only)",
                            "Remove " + s.property(setting.getKey()) + ", or set " + s.property("distribution.policy")
                                    + "=cluster-wide.");
                }
            }
        }
        if (policy == null && nodes == null) {
            return;
        }
        builder.distribution(new Distribution(policy != null ? policy : Distribution.Policy.LOCAL_ONLY,
                nodes != null ? nodes : List.of(), placement != null ? placement : Distribution.Placement.ROUND_ROBIN,
                perNode != null ? perNode : 0, journal != null ? journal : Distribution.Journal.REPLICATED));
    }

    private static String kebabValue(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <T> void ifSet(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /**
     * The mailbox: the core checks its values; here only keys that mean nothing without another (a policy or a send
     * timeout without a capacity, a send timeout without block-sender).
     */
    private static void mailbox(Settings s, BeamProperties.Mailbox mailbox, EcosystemConfig.Builder builder) {
        Integer capacity = s.pick("mailbox.capacity", mailbox.getCapacity(), null, null);
        OverflowPolicy policy = s.pick("mailbox.overflow-policy", mailbox.getOverflowPolicy(), null, null);
        Duration sendTimeout = s.pick("mailbox.send-timeout", mailbox.getSendTimeout(), null, null);
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
            return; // the builder's default: unbounded
        }
        if (policy == OverflowPolicy.BLOCK_SENDER) {
            builder.blockingMailbox(capacity, sendTimeout != null ? sendTimeout : DEFAULT_SEND_TIMEOUT);
            return;
        }
        if (sendTimeout != null) {
            throw s.invalid("mailbox.send-timeout", sendTimeout, "unset unless mailbox.overflow-policy is "
                    + "block-sender (the other policies never make a sender wait)", "Remove "
                    + s.property("mailbox.send-timeout") + ", or set " + s.property("mailbox.overflow-policy")
                    + "=block-sender.");
        }
        builder.boundedMailbox(capacity, policy != null ? policy : OverflowPolicy.REJECT);
    }

    private static void intensity(Settings s, BeamProperties.Restart restart, EcosystemConfig.Builder builder) {
        Integer maxRestarts = s.pick("restart.max-restarts", restart.getMaxRestarts(), null, null);
        Duration period = s.pick("restart.period", restart.getPeriod(), null, null);
        if (maxRestarts != null || period != null) {
            RestartIntensity d = EcosystemConfig.DEFAULT_INTENSITY;
            builder.restartIntensity(maxRestarts != null ? maxRestarts : d.maxRestarts(),
                    period != null ? period : d.period());
        }
    }

    private static void backoff(Settings s, BeamProperties.Backoff backoff, EcosystemConfig.Builder builder) {
        Duration min = s.pick("backoff.min", backoff.getMin(), null, null);
        Duration max = s.pick("backoff.max", backoff.getMax(), null, null);
        Double jitter = s.pick("backoff.jitter", backoff.getJitter(), null, null);
        if (min == null && max == null && jitter == null) {
            return;
        }
        if (min == null) {
            throw s.invalid("backoff.min", null, "set (with backoff.max) to use a restart backoff, for example 1s");
        }
        if (max == null) {
            throw s.invalid("backoff.max", null, "set (with backoff.min) to use a restart backoff, for example 30s");
        }
        builder.restartBackoff(min, max, jitter != null ? jitter : 0.0);
    }

    /**
     * @param field a field the core rejected
     * @return the key under {@code foundation.beam.ecosystems.<name>} that sets it, or null for a field that no
     *     property sets (this class sets it itself); exhaustive, so that a field added to the core fails the
     *     compilation here until it is mapped
     */
    static String key(EcosystemConfig.Field field) {
        return switch (field) {
            case WORKER_COUNT -> "workers";
            case TOPOLOGY -> "topology";
            case MEMORY_STRATEGY -> "memory-strategy";
            case GC_STRATEGY -> "gc-strategy";
            case HIBERNATE_AFTER -> "hibernate-after";
            case FAULT_TOLERANCE -> "fault-tolerance";
            case MAILBOX_CAPACITY -> "mailbox.capacity";
            case MAILBOX_OVERFLOW_POLICY -> "mailbox.overflow-policy";
            case MAILBOX_SEND_TIMEOUT -> "mailbox.send-timeout";
            case DISPATCH -> "dispatch";
            case RESTART_MAX_RESTARTS -> "restart.max-restarts";
            case RESTART_PERIOD -> "restart.period";
            case BACKOFF_MIN -> "backoff.min";
            case BACKOFF_MAX -> "backoff.max";
            case BACKOFF_JITTER -> "backoff.jitter";
            case MAX_ATTEMPTS -> "max-attempts";
            case WORK_TIMEOUT -> "work-timeout";
            case SHUTDOWN_TIMEOUT -> "shutdown-timeout";
            case BACKLOG_THRESHOLD -> "backlog-threshold";
            case MAX_PENDING_WORK -> "max-pending-work";
            case DISTRIBUTION, DISTRIBUTION_POLICY -> "distribution.policy";
            case DISTRIBUTION_NODES -> "distribution.nodes";
            case DISTRIBUTION_PLACEMENT -> "distribution.placement";
            case DISTRIBUTION_WORKERS_PER_NODE -> "distribution.workers-per-node";
            case DISTRIBUTION_JOURNAL -> "distribution.journal";
            case NAME, WORKER_FACTORY, MAILBOX, RESTART_INTENSITY -> null;
        };
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

        /**
         * @return the annotation's duration (a bare number is in seconds, as in the properties), or null if the
         *     attribute is empty (not set)
         */
        Duration duration(String attribute, String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return DurationStyle.detectAndParse(text.trim(), ChronoUnit.SECONDS);
            } catch (IllegalArgumentException e) {
                throw new BeamConfigurationException("Ecosystem '" + declaration.name() + "': @Worker(" + attribute
                        + " = \"" + text + "\") on bean " + declaration.worker() + " is not a duration.",
                        "Set @Worker(" + attribute + ") on " + declaration.worker().beanClass().getName()
                                + " to a duration such as \"30s\", \"500ms\" or \"PT1M\", or set "
                                + property(kebab(attribute)) + " instead.", e);
            }
        }

        /**
         * Reports a value the core rejected, under the property key (or annotation attribute) that gave it.
         *
         * @param e the core's rejection
         * @return the exception to throw
         */
        BeamConfigurationException rejected(EcosystemConfigException e) {
            String key = e.fieldId().map(EcosystemConfigFactory::key).orElse(null);
            if (key == null) { // a field this class sets itself: not expected, but reported all the same
                return new BeamConfigurationException("Ecosystem '" + declaration.name() + "' has an invalid "
                        + "configuration: " + e.getMessage() + ".", "Check the " + property("*")
                        + " properties and the @Worker attributes of bean " + declaration.worker() + ".", e);
            }
            String requirement = e.requirement(field -> {
                String other = key(field);
                return other != null ? other : field.fieldName();
            }, EcosystemConfigFactory::show);
            return invalid(key, e.value(), requirement, null, e);
        }

        /**
         * A setting that the value of another makes pointless.
         *
         * @param key the setting without effect
         * @param value its value
         * @param otherKey the key of the setting that makes it pointless
         * @param otherValue that setting's value, as written in a property
         * @param why why it has no effect
         * @param needed the other setting's value under which it would have an effect, as written in a property
         * @param attribute the {@code @Worker} attribute assignment that sets that value
         */
        BeamConfigurationException withoutEffect(String key, Object value, String otherKey, String otherValue,
                String why, String needed, String attribute) {
            String property = property(key);
            String otherAttribute = attributes.get(otherKey);
            String otherSource = fromProperty.contains(otherKey)
                    ? "property " + property(otherKey) + origin(property(otherKey))
                    : "@Worker(" + otherAttribute + ") on bean " + declaration.worker() + ", or its default";
            return new BeamConfigurationException("Ecosystem '" + declaration.name() + "' sets " + key + " = "
                    + show(value) + ", which has no effect: its " + otherKey + " is " + otherValue + ", and " + why
                    + ".\n    Source: property " + property + " = " + show(value) + origin(property) + "; "
                    + otherKey + " from " + otherSource,
                    "Remove " + property + ", or set " + property(otherKey) + "=" + needed + " (or @Worker("
                            + attribute + ") on " + declaration.worker().beanClass().getName() + ").");
        }

        BeamConfigurationException invalid(String key, Object value, String requirement) {
            return invalid(key, value, requirement, null, null);
        }

        BeamConfigurationException invalid(String key, Object value, String requirement, String action) {
            return invalid(key, value, requirement, action, null);
        }

        /**
         * @param action what to do, or null for "set the property (or attribute) to the requirement"
         * @param cause the core's rejection, or null
         */
        private BeamConfigurationException invalid(String key, Object value, String requirement, String action,
                Throwable cause) {
            String property = property(key);
            String attribute = attributes.get(key);
            boolean fromAnnotation = !fromProperty.contains(key) && attribute != null && value != null;
            String shown = show(value);
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
            if (action == null) {
                action = fromAnnotation
                        ? "Set @Worker(" + attribute + ") on " + declaration.worker().beanClass().getName()
                                + " to " + requirement + ", or override it with " + property + "."
                        : "Set " + property + " to " + requirement + ".";
            }
            return new BeamConfigurationException(description, action, cause);
        }

        String property(String key) {
            return declaration.property(key);
        }

        private String origin(String property) {
            return EcosystemConfigFactory.origin(environment, property);
        }
    }

    /**
     * @param environment the environment
     * @param property a property name
     * @return " (from origin)" of the property's value, or "" if it has no known origin
     */
    static String origin(Environment environment, String property) {
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

    /** @return the value as it would be written in a property (a duration as 2s, 250ms, 1500us...) */
    private static String show(Object value) {
        return value instanceof Duration d ? print(d) : String.valueOf(value);
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
