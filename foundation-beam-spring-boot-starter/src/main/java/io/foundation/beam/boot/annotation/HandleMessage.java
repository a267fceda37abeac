package io.foundation.beam.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link Worker} or {@link Coordinator} bean as a message handler. The method takes one or two
 * parameters:
 * <ol>
 *   <li>the message; its type selects the messages the method handles (a message goes to the handler with the most
 *       specific type it is an instance of; {@code Object} catches everything else; a primitive type stands for its
 *       wrapper);</li>
 *   <li>optionally the process's context: {@link io.foundation.beam.ecosystem.WorkerContext} in a worker,
 *       {@link io.foundation.beam.ecosystem.CoordinatorContext} in a coordinator.</li>
 * </ol>
 * The return value answers: the result of submitted work (completing the submitter's future), or the reply to a
 * coordinator call; {@code void} answers {@code null}. Handlers run one message at a time on the process's virtual
 * thread and may block. A handler that throws crashes its process (let it crash: under {@code SELF_HEALING} it is
 * restarted with a fresh bean instance and the work retried up to {@code max-attempts}).
 *
 * <p>A method with another signature, a static method, or two methods for the same message type fail the startup
 * with an analysis that names the bean and the method. Work submitted with no handler for its type fails at once
 * with {@link io.foundation.beam.boot.UnhandledMessageException}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface HandleMessage {
}
