package io.foundation.beam.ecosystem;

/**
 * Memory-hungry work that can run in a child JVM (see {@link Ecosystems#isolateMemoryIntensiveWork(
 * io.foundation.beam.BeamRuntime, Class, Object, IsolationOptions)}). A lambda cannot cross JVMs: the child gets the
 * class's name, loads it from the parent's class path and creates it with its public no-argument constructor, once
 * per task. The input and the result cross by Java serialization behind an allow-list (see {@link IsolationOptions});
 * a {@link java.nio.file.Path} crosses as its name, for data too large to copy: the task reads or writes the file.
 *
 * @param <I> the input type
 * @param <O> the result type
 */
@FunctionalInterface
public interface IsolatedTask<I, O> {

    /**
     * Runs the task.
     *
     * @param input the input (a copy when forked)
     * @return the result (serializable or a {@code Path} when forked)
     * @throws Exception to fail the task: the caller gets {@link IsolatedTaskFailedException} whose cause carries the
     *     exception's class name, message and stack trace
     */
    O run(I input) throws Exception;
}
