package io.foundation.beam.boot.ecosystem;

import io.foundation.beam.boot.annotation.Worker;

/**
 * One ecosystem that the application's bean definitions declare: its {@code @Worker} bean, that bean's annotation
 * (the ecosystem's defaults) and its {@code @Coordinator} bean, if any. Found from bean definitions, before any bean
 * exists.
 *
 * <p>Public because an {@link EcosystemConfigurer} receives it (the auto-configuration, in another package, makes
 * each ecosystem's configuration from it); applications have no need of it. Also where the names of the
 * per-ecosystem properties are spelt ({@link #property(String, String)}), since the programming model's messages
 * name them too.
 *
 * @param name the ecosystem's name
 * @param worker its {@code @Worker} bean
 * @param annotation that bean's annotation (the ecosystem's defaults)
 * @param coordinator its {@code @Coordinator} bean, or null for the default coordinator
 */
public record EcosystemDeclaration(String name, Member worker, Worker annotation, Member coordinator) {

    /** Property prefix of the per-ecosystem settings. */
    public static final String PROPERTY_PREFIX = "foundation.beam.ecosystems";

    /**
     * A bean definition that is a member behaviour ({@code @Worker} or {@code @Coordinator}).
     *
     * @param beanName the bean's name
     * @param beanClass the bean's class
     */
    public record Member(String beanName, Class<?> beanClass) {

        /** @return {@code 'beanName' (class name)}, as messages show a bean */
        @Override
        public String toString() {
            return "'" + beanName + "' (" + beanClass.getName() + ")";
        }
    }

    /**
     * @param key a key under this ecosystem's properties, such as {@code workers}
     * @return the property's name as a user writes it; see {@link #property(String, String)}
     */
    public String property(String key) {
        return property(name, key);
    }

    /**
     * @param ecosystem an ecosystem's name
     * @param key a key under it, such as {@code workers}
     * @return the property's name as a user writes it: {@code foundation.beam.ecosystems.orders.workers}, or with
     *     the bracket notation that a name with capitals or dots needs
     *     ({@code foundation.beam.ecosystems[EU.Orders].workers})
     */
    public static String property(String ecosystem, String key) {
        String element = ecosystem.matches("[a-z0-9][a-z0-9-]*") ? "." + ecosystem : "[" + ecosystem + "]";
        return PROPERTY_PREFIX + element + "." + key;
    }
}
