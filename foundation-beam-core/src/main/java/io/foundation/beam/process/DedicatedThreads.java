package io.foundation.beam.process;

import io.foundation.beam.internal.Internals;

/**
 * Platform threads dedicated to CPU-bound processes: the JVM's counterpart of the BEAM's dirty schedulers.
 *
 * <h2>Why</h2>
 * A process normally runs on a virtual thread, and virtual threads share a few carrier threads (one per CPU). The JVM
 * cannot preempt a virtual thread: a handler that computes for seconds without blocking holds its carrier all that
 * time. The runtime's own control plane does not need a carrier (its timer is a platform thread; kills and
 * {@code shutdown} end processes without their threads), but every other process waiting for that carrier waits. A
 * process spawned with {@link SpawnOptions#withDedicatedThreads(DedicatedThreads)} runs its code on a platform thread
 * of this set instead, which the operating system preempts: however long its handler computes, the carriers stay free
 * for the other processes, which then share the CPUs with it at the operating system's time slices.
 *
 * <h2>Model</h2>
 * Each activation of such a process (a run of its code, from a message that found it idle until its mailbox is
 * empty) takes a platform thread of this set: an idle one, or a new one. There is no cap, so that a process never
 * waits for a thread held by another: a receive-loop body blocked in {@code receive}, or a handler blocked on I/O,
 * holds its thread, as it holds a virtual thread elsewhere, and with a fixed number of threads such processes would
 * block every other process of the set, silently. The number of threads is therefore the number of processes of the
 * set that run or block at once: bound it by the number of such processes (an ecosystem's worker count, for
 * instance). A thread idle for 10 s ends. Platform threads cost an operating-system thread each (about 1 MB of
 * reserved stack): use them for CPU-bound processes, not for many processes that mostly wait.
 *
 * <h2>Lifecycle</h2>
 * Created {@linkplain #create(String) standalone} and closed by whoever created it, after the processes that use it
 * have ended (close the runtime first); an ecosystem configured with
 * {@code EcosystemConfig.Builder.dedicatedThreads(true)} owns one and closes it when it stops. {@link #close()} ends the
 * idle threads at once and each other one when its activation returns; afterwards a spawn with this set fails, and a
 * process of it that gets work cannot run and ends with a crash naming the set. The threads are daemon threads.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public interface DedicatedThreads extends AutoCloseable {

    /**
     * @param name names the set and its threads ({@code name-0}, {@code name-1}, ...)
     * @return a new, open set of dedicated platform threads, holding no thread yet
     * @throws IllegalArgumentException if the name is blank
     */
    static DedicatedThreads create(String name) {
        return Internals.dedicatedThreads(name);
    }

    /** @return the name of the set, which its threads' names begin with */
    String name();

    /** @return the platform threads of the set alive now: running or blocked activations, and idle threads */
    int threads();

    /** @return whether {@link #close()} was called */
    boolean isClosed();

    /**
     * Takes no new activation: idle threads end now, the others when their activation returns (a killed process's
     * thread that ignores the interrupt runs on). Does not wait. Idempotent.
     */
    @Override
    void close();
}
