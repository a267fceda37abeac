package io.foundation.beam.boot.ecosystem;

import io.foundation.beam.ecosystem.Worker;
import io.foundation.beam.ecosystem.WorkerContext;
import io.foundation.beam.process.ExitReason;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;

/**
 * The core {@link Worker} of one worker process: wraps that process's own instance of the {@code @Worker} bean.
 * Confined to the process's thread, like the bean instance it wraps. When the process ends (normally or by a crash;
 * a killed process runs no cleanup) the bean's own {@link Worker#terminate} runs if it implements {@link Worker},
 * then the container destroys the instance: {@code @PreDestroy} methods, {@code DisposableBean}, a destroy method.
 */
final class BeanWorker implements Worker {

    private final Object bean;
    private final HandlerMethods handlers;
    private final String beanName;
    private final ConfigurableBeanFactory beanFactory;
    private final HandlerObservation observation;

    BeanWorker(Object bean, HandlerMethods handlers, String beanName, ConfigurableBeanFactory beanFactory,
            HandlerObservation observation) {
        this.bean = bean;
        this.handlers = handlers;
        this.beanName = beanName;
        this.beanFactory = beanFactory;
        this.observation = observation;
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
            return observation.observe(context.ecosystem(), "worker", message,
                    () -> worker.handle(message, context));
        }
        return observation.observe(context.ecosystem(), "worker", message,
                () -> handlers.invoke(bean, message, context));
    }

    @Override
    public void terminate(ExitReason reason, WorkerContext context) throws Exception {
        try {
            if (bean instanceof Worker worker) {
                worker.terminate(reason, context);
            }
        } finally {
            beanFactory.destroyBean(beanName, bean);
        }
    }

    /** @return the bean instance of this process */
    Object bean() {
        return bean;
    }
}
