package io.foundation.beam.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * Marks a class as the custom coordinator of a named ecosystem (declared by its {@link Worker} bean). Like a worker
 * it is a <em>prototype</em>-scoped component with dependency injection: the coordinator process gets its own
 * instance, and a restarted coordinator a fresh one (which finds its predecessor's checkpoint in
 * {@link io.foundation.beam.ecosystem.CoordinatorContext#restoredState()}).
 *
 * <p>Its {@link HandleMessage} methods handle what the application sends or calls with
 * {@code Ecosystem.send} / {@code Ecosystem.call} (a handler's return value is the call's reply), and messages from
 * workers. A class may also implement the core {@link io.foundation.beam.ecosystem.Coordinator} interface to take
 * part in the process lifecycle ({@code init}) and to route submitted work ({@code route}); its {@code handle} is
 * used when the class has no {@code @HandleMessage} method.
 *
 * <p>An ecosystem has at most one coordinator bean; without one it gets the default dispatching coordinator.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public @interface Coordinator {

    /** @return the name of the ecosystem this bean coordinates (as in its {@code @Worker(ecosystem = ...)}) */
    String ecosystem();
}
