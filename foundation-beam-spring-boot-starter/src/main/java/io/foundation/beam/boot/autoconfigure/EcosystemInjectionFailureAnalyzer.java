package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.boot.NoSuchEcosystemException;
import io.foundation.beam.boot.ecosystem.EcosystemBeanDefinitionRegistrar;
import io.foundation.beam.boot.ecosystem.EcosystemDeclaration;
import io.foundation.beam.ecosystem.Ecosystem;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Reports an ecosystem that the application asked for but that does not exist: an {@link Ecosystem} injection point
 * (usually {@code @Qualifier("name") Ecosystem}) with no matching bean, or {@link NoSuchEcosystemException} from
 * {@code EcosystemRegistry.get}. The description names the injection point and the ecosystem, and lists the known
 * ecosystems; it says so when the name is disabled by property, or Foundation BEAM is disabled as a whole. Ordered
 * before Spring Boot's generic missing-bean analyzer, which would only say "a bean of type Ecosystem".
 *
 * <p>It runs after a failed refresh, when beans are gone but bean definitions are not: the known ecosystems are read
 * from the definitions of the ecosystem handles, the disabled ones from the definitions and the environment.
 */
final class EcosystemInjectionFailureAnalyzer implements FailureAnalyzer, Ordered {

    private final BeanFactory beanFactory;
    private final Environment environment;

    EcosystemInjectionFailureAnalyzer(BeanFactory beanFactory, Environment environment) {
        this.beanFactory = beanFactory;
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        NoSuchEcosystemException noSuchEcosystem = findCause(failure, NoSuchEcosystemException.class);
        if (noSuchEcosystem != null) {
            return analyze("EcosystemRegistry.get(\"" + noSuchEcosystem.name() + "\")", noSuchEcosystem.name(),
                    noSuchEcosystem);
        }
        NoSuchBeanDefinitionException noSuchBean = findCause(failure, NoSuchBeanDefinitionException.class);
        if (noSuchBean == null || noSuchBean.getBeanType() != Ecosystem.class) {
            return null;
        }
        UnsatisfiedDependencyException unsatisfied = findMostNestedCause(failure, UnsatisfiedDependencyException.class);
        InjectionPoint injectionPoint = unsatisfied != null ? unsatisfied.getInjectionPoint() : null;
        String who = injectionPoint != null ? describe(injectionPoint) : "The application";
        return analyze(who, injectionPoint != null ? qualifier(injectionPoint) : null, noSuchBean);
    }

    private FailureAnalysis analyze(String who, String name, Throwable cause) {
        String wanted = name != null ? "ecosystem '" + name + "'" : "an Ecosystem bean";
        if (!environment.getProperty("foundation.beam.enabled", Boolean.class, true)) {
            return new FailureAnalysis(who + " required " + wanted + ", but Foundation BEAM is disabled "
                    + "(foundation.beam.enabled=false), so no ecosystem runs.",
                    "Set foundation.beam.enabled to true, or make the dependency optional "
                            + "(ObjectProvider<Ecosystem>).", cause);
        }
        List<String> known = EcosystemBeanDefinitionRegistrar.enabledEcosystems(beanFactory);
        Set<String> disabled = EcosystemBeanDefinitionRegistrar.disabledEcosystems(beanFactory, environment);
        if (name != null && disabled.contains(name)) {
            return new FailureAnalysis(who + " required " + wanted + ", which is disabled by "
                    + EcosystemDeclaration.property(name, "enabled") + "=false. Disabled ecosystems "
                    + "do not run and cannot be injected.",
                    "Set " + EcosystemDeclaration.property(name, "enabled") + " to true, or stop "
                            + "injecting it (look it up with EcosystemRegistry.find(\"" + name + "\") where it is "
                            + "optional).", cause);
        }
        String knownText = (known.isEmpty() ? "none" : String.join(", ", known))
                + (disabled.isEmpty() ? "" : " (disabled: " + String.join(", ", disabled) + ")");
        if (name == null) {
            return new FailureAnalysis(who + " required an Ecosystem bean, but none matched. Known ecosystems: "
                    + knownText + ".", known.isEmpty()
                            ? "Declare an ecosystem with a @Worker(ecosystem = \"...\") bean."
                            : "Name the ecosystem with @Qualifier, one of: " + String.join(", ", known) + ".",
                    cause);
        }
        String declare = "declare '" + name + "' with a @Worker(ecosystem = \"" + name + "\") bean.";
        String action = known.isEmpty() ? "D" + declare.substring(1)
                : "Use one of the known ecosystem names (" + String.join(", ", known) + "), or " + declare;
        return new FailureAnalysis(who + " required " + wanted + ", but no ecosystem has that name. Known "
                + "ecosystems: " + knownText + ".", action, cause);
    }

    private static String qualifier(InjectionPoint injectionPoint) {
        for (Annotation annotation : injectionPoint.getAnnotations()) {
            if (annotation instanceof Qualifier qualifier && !qualifier.value().isEmpty()) {
                return qualifier.value();
            }
        }
        return null;
    }

    private static String describe(InjectionPoint injectionPoint) {
        if (injectionPoint.getField() != null) {
            return "Field " + injectionPoint.getField().getName() + " in "
                    + injectionPoint.getField().getDeclaringClass().getName();
        }
        MethodParameter parameter = injectionPoint.getMethodParameter();
        if (parameter != null && parameter.getConstructor() != null) {
            return "Parameter " + parameter.getParameterIndex() + " of constructor in "
                    + parameter.getDeclaringClass().getName();
        }
        if (parameter != null && parameter.getMethod() != null) {
            return "Parameter " + parameter.getParameterIndex() + " of method " + parameter.getMethod().getName()
                    + " in " + parameter.getDeclaringClass().getName();
        }
        return "An injection point";
    }

    private static <E extends Throwable> E findMostNestedCause(Throwable failure, Class<E> type) {
        E found = null;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (type.isInstance(t)) {
                found = type.cast(t);
            }
        }
        return found;
    }

    private static <E extends Throwable> E findCause(Throwable failure, Class<E> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
