package io.foundation.beam.ecosystem;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.internal.Internals;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The seed's {@code Foundation.BEAM.Processes}, by its names.
 *
 * <table>
 *   <caption>Seed functions and their Java forms</caption>
 *   <tr><th>seed</th><th>Java</th></tr>
 *   <tr><td>{@code spawn_ecosystem/1}</td><td>{@link #spawnEcosystem(BeamRuntime, EcosystemConfig)}</td></tr>
 *   <tr><td>{@code ecosystem_info/1}</td><td>{@link #ecosystemInfo(Ecosystem)}</td></tr>
 *   <tr><td>{@code ecosystem_health/1}</td><td>{@link #ecosystemHealth(Ecosystem)}</td></tr>
 *   <tr><td>{@code shutdown_ecosystem/1}</td><td>{@link #shutdownEcosystem(Ecosystem, Duration)}</td></tr>
 *   <tr><td>{@code isolate_memory_intensive_work/2}</td>
 *       <td>{@link #isolateMemoryIntensiveWork(BeamRuntime, Callable, Duration)} (in process);
 *       {@link #isolateMemoryIntensiveWork(BeamRuntime, Class, Object, IsolationOptions)} (in process or in a child
 *       JVM with its own heap), {@link #isolateMemoryIntensiveWorkAsync} and
 *       {@link #isolateMemoryIntensiveWorkAndReply} (the result as a message)</td></tr>
 * </table>
 */
public final class Ecosystems {

    private Ecosystems() {
    }

    /**
     * Starts an ecosystem: its supervisor, N workers (started in index order) and the coordinator.
     *
     * @param runtime the runtime
     * @param config the configuration
     * @return the running ecosystem
     * @throws io.foundation.beam.supervision.ChildStartException if a worker or the coordinator failed to start
     * @throws IllegalStateException if an ecosystem of the same name is running in the runtime (one that was shut
     *     down, or whose supervisor gave up, no longer counts); nothing of the new ecosystem was started then
     */
    public static Ecosystem spawnEcosystem(BeamRuntime runtime, EcosystemConfig config) {
        return Internals.spawnEcosystem(runtime, config);
    }

    /**
     * @param ecosystem the ecosystem
     * @return a live view of it
     */
    public static EcosystemInfo ecosystemInfo(Ecosystem ecosystem) {
        return ecosystem.info();
    }

    /**
     * @param ecosystem the ecosystem
     * @return its health
     */
    public static EcosystemHealth ecosystemHealth(Ecosystem ecosystem) {
        return ecosystem.health();
    }

    /**
     * @param ecosystem the ecosystem
     * @param timeout the longest wait
     * @return what was done
     */
    public static EcosystemShutdownReport shutdownEcosystem(Ecosystem ecosystem, Duration timeout) {
        return ecosystem.shutdown(timeout);
    }

    /**
     * Runs memory-hungry work in its own short-lived process and returns its result to the caller. The process is
     * gone afterwards and holds no reference to the result, so whatever the work allocated is garbage as soon as the
     * caller drops the result. On timeout the process is killed. The JVM has one heap: this isolates the work's
     * lifetime and failures, not its heap: for that, run an {@link IsolatedTask} with {@link IsolationOptions#forked()}
     * ({@link #isolateMemoryIntensiveWork(BeamRuntime, Class, Object, IsolationOptions)}).
     *
     * @param runtime the runtime
     * @param work the work
     * @param timeout the longest wait
     * @param <T> the result type
     * @return the work's result
     * @throws IsolatedWorkException with the work's exception as cause if it threw, or if it timed out or was
     *     cancelled (the message says which)
     */
    public static <T> T isolateMemoryIntensiveWork(BeamRuntime runtime, Callable<T> work, Duration timeout) {
        return Internals.isolateMemoryIntensiveWork(runtime, work, timeout);
    }

    /**
     * Runs a task in isolation and returns its result: with {@link IsolationOptions#inProcess()} as
     * {@link #isolateMemoryIntensiveWork(BeamRuntime, Callable, Duration)} does; with {@link IsolationOptions#forked()}
     * in a child JVM of a pool the runtime supervises, whose heap is capped and freed when the child is recycled
     * (after each task by default), so a task that allocates too much ends its child, not this JVM. The input and the
     * result cross by Java serialization behind an allow-list (see {@link IsolationOptions}).
     *
     * @param runtime the runtime (forked: its pool of child JVMs for these options, created on first use)
     * @param taskClass the task: a public class with a public no-argument constructor, created anew per task
     * @param input the task's input (forked: serializable, or a {@link java.nio.file.Path})
     * @param options where and how long
     * @param <I> the input type
     * @param <O> the result type
     * @return the task's result
     * @throws IsolatedTaskFailedException if the task threw (forked: its cause is a {@link ForkedTaskException}
     *     with the original's class name, message and stack)
     * @throws IsolatedHeapLimitException if its child JVM reached its heap cap
     * @throws IsolatedWorkKilledException if it timed out, was killed, or the caller was interrupted (it is killed)
     * @throws IsolatedWorkCrashedException if its child JVM died otherwise (exit status and standard error's tail)
     * @throws IsolatedDataRefusedException if the input or the result holds a class that may not cross
     * @throws IllegalArgumentException if the task class cannot be created by its no-argument constructor
     */
    public static <I, O> O isolateMemoryIntensiveWork(BeamRuntime runtime,
            Class<? extends IsolatedTask<I, O>> taskClass, I input, IsolationOptions options) {
        return Internals.isolateMemoryIntensiveWork(runtime, taskClass, input, options);
    }

    /**
     * As {@link #isolateMemoryIntensiveWork(BeamRuntime, Class, Object, IsolationOptions)}, without waiting: the
     * handle's future completes with the result or fails with the same exceptions; the timeout runs from this call.
     *
     * @param runtime the runtime
     * @param taskClass the task
     * @param input its input
     * @param options where and how long
     * @param <I> the input type
     * @param <O> the result type
     * @return the work under way
     * @throws IsolatedDataRefusedException if the input cannot be serialized (forked)
     * @throws IllegalArgumentException if the task class cannot be created by its no-argument constructor
     */
    public static <I, O> IsolatedWorkHandle<O> isolateMemoryIntensiveWorkAsync(BeamRuntime runtime,
            Class<? extends IsolatedTask<I, O>> taskClass, I input, IsolationOptions options) {
        return Internals.isolateMemoryIntensiveWorkAsync(runtime, taskClass, input, options);
    }

    /**
     * As {@link #isolateMemoryIntensiveWorkAsync}, and the outcome is also sent to {@code replyTo} as a message, as
     * the seed's {@code {:work_complete, result}} / {@code {:work_error, e}}: {@link IsolatedWorkCompleted} or
     * {@link IsolatedWorkFailed}, carrying the handle's {@link IsolatedWorkHandle#ref()}.
     *
     * @param runtime the runtime
     * @param taskClass the task
     * @param input its input
     * @param options where and how long
     * @param replyTo the process told the outcome
     * @param <I> the input type
     * @param <O> the result type
     * @return the work under way
     */
    public static <I, O> IsolatedWorkHandle<O> isolateMemoryIntensiveWorkAndReply(BeamRuntime runtime,
            Class<? extends IsolatedTask<I, O>> taskClass, I input, IsolationOptions options, ProcessRef replyTo) {
        return Internals.isolateMemoryIntensiveWorkAndReply(runtime, taskClass, input, options, replyTo);
    }
}
