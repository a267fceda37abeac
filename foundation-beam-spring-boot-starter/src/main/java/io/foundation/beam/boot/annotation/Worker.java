package io.foundation.beam.boot.annotation;

import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.GcStrategy;
import io.foundation.beam.ecosystem.MemoryStrategy;
import io.foundation.beam.ecosystem.Topology;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * Marks a class as the worker behaviour of a named ecosystem, and declares that ecosystem. The class is a Spring
 * component with dependency injection, but it is <em>prototype</em>-scoped: every worker process gets its own
 * instance from the bean factory, and a restarted worker a fresh one (ten workers are ten objects). A singleton
 * scope is changed to prototype; any other scope is refused at startup.
 *
 * <p>Messages are handled by the class's {@link HandleMessage} methods, chosen by the message's type (the most
 * specific parameter type wins). The return value of a handler is the result of submitted work. Handlers run one
 * message at a time on the worker's virtual thread and may block. A class may also implement the core
 * {@link io.foundation.beam.ecosystem.Worker} interface: its {@code init} is then called when each process starts,
 * and its {@code handle} is used when the class has no {@code @HandleMessage} method.
 *
 * <p>The attributes are defaults: {@code foundation.beam.ecosystems.<ecosystem>.*} properties override them. Each
 * ecosystem has exactly one {@code @Worker} bean and at most one {@link Coordinator} bean; without one it gets the
 * default dispatching coordinator.
 *
 * <pre>{@code
 * @Worker(ecosystem = "orders", workers = 8, dispatch = DispatchStrategy.KEY_HASH)
 * class OrderWorker {
 *     private final Inventory inventory;
 *     OrderWorker(Inventory inventory) { this.inventory = inventory; }
 *
 *     @HandleMessage
 *     Receipt place(Order order) { return inventory.reserve(order); }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public @interface Worker {

    /**
     * @return the ecosystem's name: letters, digits, '.', '-' and '_'; also the qualifier of its
     *     {@link io.foundation.beam.ecosystem.Ecosystem} bean ({@code @Qualifier("orders") Ecosystem orders})
     */
    String ecosystem();

    /** @return how many worker processes (property {@code workers}); at least 1 */
    int workers() default 1;

    /** @return who may message whom (property {@code topology}) */
    Topology topology() default Topology.TREE;

    /** @return what happens when a member crashes (property {@code fault-tolerance}) */
    FaultTolerance faultTolerance() default FaultTolerance.STANDARD;

    /** @return how the default coordinator picks a worker for submitted work (property {@code dispatch}) */
    DispatchStrategy dispatch() default DispatchStrategy.ROUND_ROBIN;

    /** @return how messages cross process boundaries (property {@code memory-strategy}) */
    MemoryStrategy memoryStrategy() default MemoryStrategy.ISOLATED_HEAPS;

    /** @return what idle members do (property {@code gc-strategy}) */
    GcStrategy gcStrategy() default GcStrategy.STANDARD;

    /** @return attempts for one piece of work across crashed workers (property {@code max-attempts}); at least 1 */
    int maxAttempts() default 3;

    /**
     * @return how long submitted work may take, as a duration text such as {@code "30s"} or {@code "PT1M"}, a bare
     *     number being seconds (property {@code work-timeout}); empty for the default of 30 seconds
     */
    String workTimeout() default "";

    /**
     * @return how long the ecosystem's processes get to stop before those left are killed, as a duration text
     *     such as {@code "5s"}, a bare number being seconds (property {@code shutdown-timeout}); empty for the default
     *     of 5 seconds
     */
    String shutdownTimeout() default "";
}
