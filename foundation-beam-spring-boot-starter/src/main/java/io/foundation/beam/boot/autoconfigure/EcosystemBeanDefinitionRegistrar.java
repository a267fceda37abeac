package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.ecosystem.Ecosystem;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
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
 */
final class EcosystemBeanDefinitionRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware,
        Ordered {

    /** Attribute of an ecosystem handle's bean definition: the ecosystem's name. */
    static final String ECOSYSTEM_ATTRIBUTE = "foundation.beam.ecosystem";

    private Environment environment;
    private volatile EcosystemDeclarations declarations;
    private volatile Set<String> disabled = Set.of();

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
            if (registry.containsBeanDefinition(beanName)) {
                throw new BeamConfigurationException("The bean name '" + beanName + "' that the handle of ecosystem '"
                        + name + "' needs is taken by another bean definition.",
                        "Rename the other bean '" + beanName + "', or rename ecosystem '" + name + "'.");
            }
            BeanFactory beanFactory = (BeanFactory) registry;
            RootBeanDefinition handle = new RootBeanDefinition(Ecosystem.class,
                    () -> beanFactory.getBean(EcosystemRegistry.class).get(name));
            handle.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            handle.setAttribute(ECOSYSTEM_ATTRIBUTE, name);
            registry.registerBeanDefinition(beanName, handle);
        }
        this.disabled = Set.copyOf(disabledNames);
        this.declarations = found;
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
}
