package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.ecosystem.Coordinator;
import io.foundation.beam.ecosystem.CoordinatorContext;
import java.util.Optional;

/**
 * The core {@link Coordinator} of one coordinator process: wraps that process's own instance of the
 * {@code @Coordinator} bean. Confined to the process's thread, like the bean instance it wraps.
 */
final class BeanCoordinator implements Coordinator {

    private final Object bean;
    private final HandlerMethods handlers;

    BeanCoordinator(Object bean, HandlerMethods handlers) {
        this.bean = bean;
        this.handlers = handlers;
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
            return coordinator.handle(message, context);
        }
        return handlers.invoke(bean, message, context);
    }
}
