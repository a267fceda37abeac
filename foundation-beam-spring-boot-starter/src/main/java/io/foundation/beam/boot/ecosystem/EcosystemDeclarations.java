package io.foundation.beam.boot.ecosystem;

import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.annotation.Coordinator;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.ecosystem.EcosystemDeclaration.Member;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Scope;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.type.MethodMetadata;
import org.springframework.util.ClassUtils;

/**
 * The ecosystems that the bean definitions of a context declare: each {@code @Worker} bean declares one ecosystem,
 * and at most one {@code @Coordinator} bean may join it. Found from bean definitions, before any bean exists.
 *
 * @param ecosystems the declarations by ecosystem name, in bean definition order
 */
record EcosystemDeclarations(Map<String, EcosystemDeclaration> ecosystems) {

    /**
     * Finds the declarations. With {@code enforcePrototype}, also makes each member bean definition prototype-scoped
     * (each process needs its own instance).
     *
     * @param registry the bean definitions
     * @param classLoader loads bean classes
     * @param enforcePrototype whether to change singleton member definitions to prototype
     * @return the declarations
     * @throws BeamConfigurationException if a member's scope is neither singleton nor prototype, an ecosystem has
     *     two worker or two coordinator beans, a bean is both, or a coordinator's ecosystem has no worker
     */
    static EcosystemDeclarations discover(BeanDefinitionRegistry registry, ClassLoader classLoader,
            boolean enforcePrototype) {
        Map<String, Member> workers = new LinkedHashMap<>();
        Map<String, Worker> annotations = new LinkedHashMap<>();
        Map<String, Member> coordinators = new LinkedHashMap<>();
        for (String beanName : registry.getBeanDefinitionNames()) {
            BeanDefinition definition = registry.getBeanDefinition(beanName);
            if (definition.isAbstract() || definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE) {
                continue;
            }
            Class<?> beanClass = beanClass(definition, classLoader);
            if (beanClass == null) {
                continue;
            }
            Worker worker = AnnotatedElementUtils.findMergedAnnotation(beanClass, Worker.class);
            Coordinator coordinator = AnnotatedElementUtils.findMergedAnnotation(beanClass, Coordinator.class);
            if (worker == null && coordinator == null) {
                continue;
            }
            Member member = new Member(beanName, beanClass);
            if (worker != null && coordinator != null) {
                throw new BeamConfigurationException("Bean " + member + " is annotated with both @Worker and "
                        + "@Coordinator; a bean plays one role.",
                        "Split " + beanClass.getSimpleName() + " into a @Worker class and a @Coordinator class.");
            }
            requirePrototype(definition, member, worker != null ? "@Worker" : "@Coordinator", enforcePrototype,
                    declaresSingleton(definition, beanClass));
            if (worker != null) {
                String name = checkName(worker.ecosystem(), member, "@Worker");
                Member previous = workers.putIfAbsent(name, member);
                if (previous != null) {
                    throw new BeamConfigurationException("Ecosystem '" + name + "' has two @Worker beans: " + previous
                            + " and " + member + ". An ecosystem has one worker behaviour, run by its N processes.",
                            "Keep one @Worker(ecosystem = \"" + name + "\") bean: give the other its own ecosystem "
                                    + "name, or remove it. Set the number of processes with "
                                    + EcosystemDeclaration.property(name, "workers") + " or @Worker(workers = ...).");
                }
                annotations.put(name, worker);
            } else {
                String name = checkName(coordinator.ecosystem(), member, "@Coordinator");
                Member previous = coordinators.putIfAbsent(name, member);
                if (previous != null) {
                    throw new BeamConfigurationException("Ecosystem '" + name + "' has two @Coordinator beans: "
                            + previous + " and " + member + ". An ecosystem has at most one coordinator.",
                            "Keep one @Coordinator(ecosystem = \"" + name + "\") bean: remove the other, or point "
                                    + "it at another ecosystem.");
                }
            }
        }
        for (Map.Entry<String, Member> c : coordinators.entrySet()) {
            if (!workers.containsKey(c.getKey())) {
                throw new BeamConfigurationException("@Coordinator bean " + c.getValue() + " coordinates ecosystem '"
                        + c.getKey() + "', which no @Worker bean declares. Known ecosystems: "
                        + names(workers.keySet()) + ".",
                        "Declare the ecosystem with a @Worker(ecosystem = \"" + c.getKey() + "\") bean, or set "
                                + "@Coordinator(ecosystem = ...) on " + c.getValue().beanClass().getName()
                                + " to a known ecosystem.");
            }
        }
        Map<String, EcosystemDeclaration> declarations = new LinkedHashMap<>();
        workers.forEach((name, member) -> declarations.put(name,
                new EcosystemDeclaration(name, member, annotations.get(name), coordinators.get(name))));
        return new EcosystemDeclarations(Collections.unmodifiableMap(declarations));
    }

    /**
     * @param environment the environment
     * @return the names disabled by {@code foundation.beam.ecosystems.<name>.enabled=false}
     */
    static Set<String> disabledByProperty(Environment environment) {
        Map<String, EnabledFlag> flags = Binder.get(environment)
                .bind(EcosystemDeclaration.PROPERTY_PREFIX, Bindable.mapOf(String.class, EnabledFlag.class))
                .orElse(Map.of());
        Set<String> disabled = new LinkedHashSet<>();
        flags.forEach((name, flag) -> {
            if (!flag.isEnabled()) {
                disabled.add(name);
            }
        });
        return disabled;
    }

    /**
     * Binds only {@code enabled} of an ecosystem's properties (the rest is bound with the auto-configuration's
     * {@code BeamProperties}, which exists only after the bean definitions have been read).
     */
    public static final class EnabledFlag {
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    static String names(Collection<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String checkName(String name, Member member, String annotation) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new BeamConfigurationException(annotation + " bean " + member + " names ecosystem '" + name
                    + "'; an ecosystem name is letters, digits, '.', '-' and '_'.",
                    "Set " + annotation + "(ecosystem = \"...\") on " + member.beanClass().getName()
                            + " to a name such as \"orders\".");
        }
        return name;
    }

    /**
     * @return whether the bean's class or its factory method says {@code @Scope("singleton")} in so many words (a
     *     definition without a scope, such as a {@code @Bean} method's, is singleton by default: that one is made
     *     prototype without a word, as nobody asked for a singleton)
     */
    private static boolean declaresSingleton(BeanDefinition definition, Class<?> beanClass) {
        if (definition instanceof AnnotatedBeanDefinition annotated && annotated.getFactoryMethodMetadata() != null) {
            Map<String, Object> scope = annotated.getFactoryMethodMetadata().getAnnotationAttributes(
                    Scope.class.getName());
            return scope != null && BeanDefinition.SCOPE_SINGLETON.equals(scope.get("value"));
        }
        Scope scope = AnnotatedElementUtils.findMergedAnnotation(beanClass, Scope.class);
        return scope != null && BeanDefinition.SCOPE_SINGLETON.equals(scope.scopeName());
    }

    private static void requirePrototype(BeanDefinition definition, Member member, String annotation,
            boolean enforce, boolean declaredSingleton) {
        String scope = definition.getScope();
        if (declaredSingleton) {
            throw new BeamConfigurationException(annotation + " bean " + member + " has @Scope(\"singleton\"), but "
                    + "each process needs its own instance: " + annotation + " beans are prototype-scoped, one "
                    + "instance per process and a fresh one per restart. A singleton would be shared by every process "
                    + "of the ecosystem, so it is not quietly made prototype.",
                    "Remove @Scope(\"singleton\") from " + member.beanClass().getName() + " (or from its @Bean "
                            + "method); keep state that processes share in another bean that it injects.");
        }
        if (scope == null || scope.isEmpty() || BeanDefinition.SCOPE_SINGLETON.equals(scope)) {
            if (enforce) {
                definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
            }
        } else if (!BeanDefinition.SCOPE_PROTOTYPE.equals(scope)) {
            throw new BeamConfigurationException(annotation + " bean " + member + " has scope '" + scope
                    + "'; each process needs its own instance, so " + annotation + " beans are prototype-scoped.",
                    "Remove @Scope(\"" + scope + "\") from " + member.beanClass().getName() + ".");
        }
    }

    private static Class<?> beanClass(BeanDefinition definition, ClassLoader classLoader) {
        if (definition instanceof AnnotatedBeanDefinition annotated) {
            MethodMetadata factoryMethod = annotated.getFactoryMethodMetadata();
            if (factoryMethod != null) {
                return load(factoryMethod.getReturnTypeName(), classLoader);
            }
            if (!annotated.getMetadata().isAnnotated(Worker.class.getName())
                    && !annotated.getMetadata().isAnnotated(Coordinator.class.getName())) {
                return null; // read from the class file: no need to load classes that are not ours
            }
        }
        if (definition.getFactoryMethodName() != null) {
            return null; // a factory method we cannot see the return type of without creating the bean
        }
        if (definition instanceof AbstractBeanDefinition abstractDefinition && abstractDefinition.hasBeanClass()) {
            return abstractDefinition.getBeanClass();
        }
        String className = definition.getBeanClassName();
        return className == null ? null : load(className, classLoader);
    }

    private static Class<?> load(String className, ClassLoader classLoader) {
        try {
            return ClassUtils.forName(className, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            // A definition whose class cannot be loaded here is not a member behaviour we could run: if it is
            // needed, creating its bean fails later with the container's own message.
            return null;
        }
    }

    /** @return the declared names, in order */
    List<String> names() {
        return List.copyOf(ecosystems.keySet());
    }
}
