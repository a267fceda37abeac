package io.foundation.beam.boot.isolation;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.IsolatedTask;
import io.foundation.beam.ecosystem.IsolatedWorkHandle;
import io.foundation.beam.ecosystem.IsolationOptions;
import io.foundation.beam.process.ProcessRef;
import java.util.Objects;

/**
 * Runs memory-intensive tasks in their own heap with the application's options ({@code foundation.beam.isolation.*}):
 * by default in a pool of child JVMs of capped heap, each recycled after its task, so a task that allocates too much
 * ends its child with {@link io.foundation.beam.ecosystem.IsolatedHeapLimitException}, never this JVM. The seed's
 * {@code isolate_memory_intensive_work}, as a bean:
 *
 * <pre>{@code
 * Report report = isolation.run(BuildReport.class, request);   // BuildReport implements IsolatedTask<Request, Report>
 * }</pre>
 *
 * A task is a public class with a public no-argument constructor (a lambda cannot cross JVMs); its input and result
 * cross by Java serialization behind an allow-list ({@code foundation.beam.isolation.allowed-classes}). The outcomes
 * are {@link Ecosystems#isolateMemoryIntensiveWork(BeamRuntime, Class, Object, IsolationOptions)}'s.
 */
public class MemoryIsolation {

    private final BeamRuntime runtime;
    private final IsolationOptions options;

    /**
     * @param runtime the runtime whose pool runs the tasks
     * @param options where and how tasks run
     */
    public MemoryIsolation(BeamRuntime runtime, IsolationOptions options) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** @return the options the tasks run with */
    public IsolationOptions options() {
        return options;
    }

    /**
     * Runs a task and waits for its result.
     *
     * @param task the task's class
     * @param input its input
     * @param <I> the input type
     * @param <O> the result type
     * @return its result
     * @see Ecosystems#isolateMemoryIntensiveWork(BeamRuntime, Class, Object, IsolationOptions)
     */
    public <I, O> O run(Class<? extends IsolatedTask<I, O>> task, I input) {
        return Ecosystems.isolateMemoryIntensiveWork(runtime, task, input, options);
    }

    /**
     * Starts a task without waiting.
     *
     * @param task the task's class
     * @param input its input
     * @param <I> the input type
     * @param <O> the result type
     * @return the work under way: its process and its result
     * @see Ecosystems#isolateMemoryIntensiveWorkAsync
     */
    public <I, O> IsolatedWorkHandle<O> runAsync(Class<? extends IsolatedTask<I, O>> task, I input) {
        return Ecosystems.isolateMemoryIntensiveWorkAsync(runtime, task, input, options);
    }

    /**
     * Starts a task and sends its outcome to a process as a message ({@code IsolatedWorkCompleted} or
     * {@code IsolatedWorkFailed}).
     *
     * @param task the task's class
     * @param input its input
     * @param replyTo the process told the outcome
     * @param <I> the input type
     * @param <O> the result type
     * @return the work under way
     * @see Ecosystems#isolateMemoryIntensiveWorkAndReply
     */
    public <I, O> IsolatedWorkHandle<O> runAndReply(Class<? extends IsolatedTask<I, O>> task, I input,
            ProcessRef replyTo) {
        return Ecosystems.isolateMemoryIntensiveWorkAndReply(runtime, task, input, options, replyTo);
    }
}
