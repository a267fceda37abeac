package io.foundation.beam.boot.ecosystem;

import io.foundation.beam.ecosystem.Coordinator;
import io.foundation.beam.ecosystem.CoordinatorContext;
import io.foundation.beam.process.ExitReason;
import java.util.Optional;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;

/**
 * The core {@link Coordinator} of one coordinator process: wraps that process's own instance of the
 * {@code @Coordinator} bean. Confined to the process's thread, like the bean instance it wraps. When the process
 * ends (normally or by a crash, not by a kill) the container destroys the instance, as {@link BeanWorker} does.
 */
final class BeanCoordinator implements Coordinator {

    private final Object bean;
    private final HandlerMethods handlers;

    private final String beanName;
    private final ConfigurableBeanFactory beanFactory;
    private final HandlerObservation observation;

    BeanCoordinator(Object bean, HandlerMethods handlers, String beanName, ConfigurableBeanFactory beanFactory,
            HandlerObservation observation) {
        this.bean = bean;
        this.handlers = handlers;
        this.beanName = beanName;
        this.beanFactory = beanFactory;
        this.observation = observation;
    }

    @Override
    public void init(CoordinatorContext context) throws Exception {
        if (bean instanceof Coordinator coordinator) {
            coordinator.init(context);
        }
    }

    @Override
    public int route(Object work, Optional<Object> key, CoordinatorContext context) {
        return bean instanceof Coordinator coordinator ? coordinator.route(work, key, context)
                : context.defaultRoute(work, key);
    }

    @Override
    public Object handle(Object message, CoordinatorContext context) throws Exception {
        if (handlers.isEmpty() && bean instanceof Coordinator coordinator) {
            return observation.observe(context.ecosystem(), "coordinator", message,
                    () -> coordinator.handle(message, context));
        }
        return observation.observe(context.ecosystem(), "coordinator", message,
                () -> handlers.invoke(bean, message, context));
    }

    @Override
    public void terminate(ExitReason reason, CoordinatorContext context) throws Exception {
        try {
            if (bean instanceof Coordinator coordinator) {
                coordinator.terminate(reason, context);
            }
        } finally {
            beanFactory.destroyBean(beanName, bean);
        }
    }
}
