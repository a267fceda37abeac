package io.foundation.beam.boot.ecosystem;

import io.foundation.beam.boot.annotation.Coordinator;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Spring AOT support (registered in {@code META-INF/spring/aot.factories}): the runtime hints of what the starter
 * reaches by reflection, so that a native image lacks none of them.
 *
 * <ul>
 *   <li>For each {@code @Worker} and {@code @Coordinator} bean: its class and the classes and interfaces it inherits
 *       from (whose annotations and methods {@link HandlerMethods} reads), each {@code @HandleMessage} method for
 *       invocation, and the types of their parameters (messages and contexts).</li>
 *   <li>{@link EcosystemDeclarations.EnabledFlag}, which {@code foundation.beam.ecosystems.<name>.enabled} is bound
 *       to before the auto-configuration's properties exist (the {@code @ConfigurationProperties} beans get their
 *       binding hints from Spring Boot itself).</li>
 * </ul>
 *
 * <p>The bean definitions themselves need no processing: {@link EcosystemBeanDefinitionRegistrar} defines the
 * ecosystem handles with a static factory method, which Spring AOT writes as code.
 */
final class EcosystemAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> beanClass = ClassUtils.getUserClass(registeredBean.getBeanClass());
        if (!AnnotatedElementUtils.hasAnnotation(beanClass, Worker.class)
                && !AnnotatedElementUtils.hasAnnotation(beanClass, Coordinator.class)) {
            return null;
        }
        return (generationContext, code) -> registerMemberHints(generationContext.getRuntimeHints(), beanClass);
    }

    /**
     * Registers the hints of a {@code @Worker} or {@code @Coordinator} class.
     *
     * @param hints the hints to add to
     * @param beanClass the (user) class of the bean
     */
    static void registerMemberHints(RuntimeHints hints, Class<?> beanClass) {
        ReflectionHints reflection = hints.reflection();
        Set<Class<?>> hierarchy = new LinkedHashSet<>();
        for (Class<?> type = beanClass; type != null && type != Object.class; type = type.getSuperclass()) {
            hierarchy.add(type);
            hierarchy.addAll(ClassUtils.getAllInterfacesForClassAsSet(type));
        }
        hierarchy.forEach(reflection::registerType);
        for (Method method : MethodIntrospector.selectMethods(beanClass,
                (ReflectionUtils.MethodFilter) m -> AnnotatedElementUtils.hasAnnotation(m, HandleMessage.class))) {
            reflection.registerMethod(method, ExecutableMode.INVOKE);
            for (Class<?> parameter : method.getParameterTypes()) {
                if (!parameter.isPrimitive()) {
                    reflection.registerType(parameter);
                }
            }
        }
    }

    /** The hints that do not depend on the application's beans (registered in {@code aot.factories}). */
    static final class StaticHints implements RuntimeHintsRegistrar {

        @Override
        public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
            BindableRuntimeHintsRegistrar.forTypes(EcosystemDeclarations.EnabledFlag.class).registerHints(hints);
        }
    }
}
