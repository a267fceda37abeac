package io.foundation.beam.internal.process;

import io.foundation.beam.process.DedicatedThreads;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The implementation of {@link DedicatedThreads}: an activation of a process spawned with it runs on a platform thread
 * of this pool instead of a new virtual thread ({@code ProcessCell.startActivation}).
 *
 * <h2>Model</h2>
 * A cached pool: no queue (a {@link SynchronousQueue} hands each activation to an idle thread, or a new thread is
 * made), no cap, idle threads end after {@link #KEEP_ALIVE_SECONDS}. Without a cap no activation ever waits for a
 * thread that another process holds while it blocks (a receive-loop body parked in {@code receive}): a fixed pool would
 * deadlock silently once as many processes block as it has threads. The pool holds as many threads as processes of it
 * run or block at once.
 *
 * <h2>States</h2>
 * Open → closed ({@link #close()}: {@link ThreadPoolExecutor#shutdown()}, which ends the idle threads and refuses new
 * activations; running ones finish). Spawning a process with a closed pool fails ({@link #requireOpen}); an activation
 * refused later ends its process with a crash naming the pool (see {@link #execute}).
 *
 * <h2>What the process's code runs on</h2>
 * The activation is the same code as on a virtual thread; what differs on a platform thread: the process does not
 * give its thread up between slices ({@code CarrierSlice} is told nobody waits: the operating system preempts it), and
 * it gives no hand-off hint to the processes it wakes ({@link HandoffHint} is about virtual threads queued on a
 * carrier). Parking (receive, a handler's brief idle park) blocks the platform thread.
 *
 * <p>Thread-safety: any thread.
 */
public final class DedicatedThreadPool implements DedicatedThreads {

    /** How long an idle thread is kept for the next activation. */
    static final long KEEP_ALIVE_SECONDS = 10L;

    private final String name;
    private final ThreadPoolExecutor executor;

    /**
     * @param name the name of the pool and the prefix of its threads' names
     * @throws IllegalArgumentException if the name is blank
     */
    public DedicatedThreadPool(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the name of dedicated threads must not be blank");
        }
        this.name = name;
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), Thread.ofPlatform().name(name + "-", 0).daemon(true).factory());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int threads() {
        return executor.getPoolSize();
    }

    @Override
    public boolean isClosed() {
        return executor.isShutdown();
    }

    @Override
    public void close() {
        executor.shutdown();
    }

    /**
     * Spawn: the pool must be open.
     *
     * @throws IllegalStateException naming the pool if it is closed
     */
    void requireOpen() {
        if (executor.isShutdown()) {
            throw new IllegalStateException("dedicated threads '" + name + "' are closed: they run no new process");
        }
    }

    /**
     * Runs an activation of {@code cell} on a thread of the pool.
     *
     * @throws IllegalStateException naming the pool and the process if the pool is closed
     */
    void execute(ProcessCell cell, Runnable activation) {
        try {
            executor.execute(activation);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("dedicated threads '" + name + "' are closed: process " + cell
                    + " cannot run", e);
        }
    }

    @Override
    public String toString() {
        return "DedicatedThreads[" + name + (isClosed() ? ", closed" : "") + ", " + threads() + " threads]";
    }
}
