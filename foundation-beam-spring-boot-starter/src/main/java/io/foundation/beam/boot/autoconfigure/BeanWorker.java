package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.ecosystem.Worker;
import io.foundation.beam.ecosystem.WorkerContext;

/**
 * The core {@link Worker} of one worker process: wraps that process's own instance of the {@code @Worker} bean.
 * Confined to the process's thread, like the bean instance it wraps.
 */
final class BeanWorker implements Worker {

    private final Object bean;
    private final HandlerMethods handlers;

    BeanWorker(Object bean, HandlerMethods handlers) {
        this.bean = bean;
        this.handlers = handlers;
    }

    @Override
    public void init(WorkerContext context) throws Exception {
        if (bean instanceof Worker worker) {
            worker.init(context);
        }
    }

    @Override
    public Object handle(Object message, WorkerContext context) throws Exception {
        if (handlers.isEmpty() && bean instanceof Worker worker) {
            return worker.handle(message, context);
        }
        return handlers.invoke(bean, message, context);
    }

    /** @return the bean instance of this process */
    Object bean() {
        return bean;
    }
}
