package io.foundation.beam.boot.ecosystem;

import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.ecosystem.Ecosystem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Reads the {@code @Worker} and {@code @Coordinator} bean definitions once all definitions are known (after
 * component scanning and auto-configuration): makes them prototype-scoped, and registers, for each enabled
 * ecosystem, a bean of type {@link Ecosystem} named {@code <name>Ecosystem} and qualified {@code <name>}, which is
 * the {@link EcosystemRegistry}'s handle for it. Disabled ecosystems get no bean, so injecting one fails at startup.
 *
 * <p>Public because the auto-configuration (another package) defines it as a bean and hands it to the
 * {@link DefaultEcosystemRegistry}, and its failure analyzer asks it which ecosystems exist; applications have no
 * need of it.
 */
public final class EcosystemBeanDefinitionRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware,
        Ordered {

    /** Attribute of an ecosystem handle's bean definition: the ecosystem's name. */
    private static final String ECOSYSTEM_ATTRIBUTE = "foundation.beam.ecosystem";

    /** The static factory method of the ecosystem handles' bean definitions. */
    private static final String HANDLE_FACTORY_METHOD = "ecosystemHandle";

    private Environment environment;
    private volatile EcosystemDeclarations declarations;
    private volatile Set<String> disabled = Set.of();

    /** Creates the post-processor; it finds the declarations when the bean definitions are post-processed. */
    public EcosystemBeanDefinitionRegistrar() {
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the configuration class processor has registered everything
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        ClassLoader classLoader = registry instanceof ConfigurableBeanFactory factory
                ? factory.getBeanClassLoader() : ClassUtils.getDefaultClassLoader();
        EcosystemDeclarations found = EcosystemDeclarations.discover(registry, classLoader, true);
        Set<String> disabledNames = new LinkedHashSet<>(EcosystemDeclarations.disabledByProperty(environment));
        disabledNames.retainAll(found.ecosystems().keySet());
        for (String name : found.ecosystems().keySet()) {
            if (disabledNames.contains(name)) {
                continue;
            }
            String beanName = name + "Ecosystem";
            if (registry.containsBeanDefinition(beanName)
                    && name.equals(handleOf(registry.getBeanDefinition(beanName)))) {
                continue; // defined by the code that Spring AOT generated from this post-processor's definitions
            }
            if (registry.containsBeanDefinition(beanName)) {
                throw new BeamConfigurationException("The bean name '" + beanName + "' that the handle of ecosystem '"
                        + name + "' needs is taken by another bean definition.",
                        "Rename the other bean '" + beanName + "', or rename ecosystem '" + name + "'.");
            }
            registry.registerBeanDefinition(beanName, handleDefinition(name));
        }
        this.disabled = Set.copyOf(disabledNames);
        this.declarations = found;
    }

    /**
     * The definition of an ecosystem's handle: the static factory method {@link #ecosystemHandle} with the name as
     * its explicit argument and the bean factory autowired, which Spring AOT writes as code (an instance supplier
     * would make {@code spring-boot:process-aot} fail).
     */
    private static RootBeanDefinition handleDefinition(String name) {
        RootBeanDefinition handle = new RootBeanDefinition(EcosystemBeanDefinitionRegistrar.class);
        handle.setFactoryMethodName(HANDLE_FACTORY_METHOD);
        handle.setTargetType(Ecosystem.class);
        handle.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
        handle.getConstructorArgumentValues().addIndexedArgumentValue(1, name);
        handle.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
        handle.setAttribute(ECOSYSTEM_ATTRIBUTE, name);
        return handle;
    }

    /**
     * @return the name of the ecosystem whose handle the definition is, or {@code null}: read from its attribute, or,
     *     in the definitions that Spring AOT generated (which keep no attributes), from its factory class and
     *     qualifier
     */
    private static String handleOf(BeanDefinition definition) {
        if (definition.getAttribute(ECOSYSTEM_ATTRIBUTE) instanceof String name) {
            return name;
        }
        if (EcosystemBeanDefinitionRegistrar.class.getName().equals(definition.getBeanClassName())
                && definition instanceof AbstractBeanDefinition abstractDefinition
                && abstractDefinition.getQualifier(Qualifier.class.getName()) instanceof AutowireCandidateQualifier q
                && q.getAttribute(AutowireCandidateQualifier.VALUE_KEY) instanceof String name) {
            return name;
        }
        return null;
    }

    /**
     * The factory method of the ecosystem handle beans: the {@link EcosystemRegistry}'s handle of an ecosystem.
     * Public because the code that Spring AOT generates for the handles' bean definitions calls it; applications
     * inject the handle instead ({@code @Qualifier("orders") Ecosystem orders}).
     *
     * @param beanFactory the bean factory that holds the registry
     * @param name the ecosystem's name
     * @return the handle of the ecosystem
     * @throws io.foundation.beam.boot.NoSuchEcosystemException if the registry has no ecosystem of that name
     */
    public static Ecosystem ecosystemHandle(BeanFactory beanFactory, String name) {
        return beanFactory.getBean(EcosystemRegistry.class).get(name);
    }

    /** @return the declarations found (after the registry has been post-processed) */
    EcosystemDeclarations declarations() {
        EcosystemDeclarations found = declarations;
        if (found == null) {
            throw new IllegalStateException("the bean definitions have not been post-processed yet");
        }
        return found;
    }

    /** @return the declared ecosystems disabled by property */
    Set<String> disabled() {
        return disabled;
    }

    /**
     * @return the names of every declared ecosystem, enabled or disabled, in declaration order
     * @throws IllegalStateException if the bean definitions have not been post-processed yet
     */
    public Set<String> declaredEcosystems() {
        return declarations().ecosystems().keySet();
    }

    /**
     * The ecosystems that have a handle, read from the bean definitions (so also after a failed refresh, when the
     * beans are gone).
     *
     * @param beanFactory the context's bean factory
     * @return the names of the enabled ecosystems, in declaration order; empty if the factory cannot list its
     *     definitions
     */
    public static List<String> enabledEcosystems(BeanFactory beanFactory) {
        List<String> enabled = new ArrayList<>();
        if (beanFactory instanceof ConfigurableListableBeanFactory factory) {
            for (String beanName : factory.getBeanDefinitionNames()) {
                if (handleOf(factory.getBeanDefinition(beanName)) instanceof String name) {
                    enabled.add(name);
                }
            }
        }
        return enabled;
    }

    /**
     * The declared ecosystems that {@code foundation.beam.ecosystems.<name>.enabled=false} disables, read from the
     * bean definitions and the environment (so also after a failed refresh).
     *
     * @param beanFactory the context's bean factory
     * @param environment the context's environment
     * @return the disabled names; those of the property alone if the factory cannot list its definitions
     */
    public static Set<String> disabledEcosystems(BeanFactory beanFactory, Environment environment) {
        Set<String> disabledNames = new LinkedHashSet<>(EcosystemDeclarations.disabledByProperty(environment));
        if (beanFactory instanceof BeanDefinitionRegistry registry
                && beanFactory instanceof ConfigurableListableBeanFactory factory) {
            disabledNames.retainAll(EcosystemDeclarations.discover(registry, factory.getBeanClassLoader(), false)
                    .ecosystems().keySet());
        }
        return disabledNames;
    }
}
