package io.foundation.beam.internal.process;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.Ticker;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.messages.MessageStats;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * What the layers above the process kernel (supervision, messages, ecosystems) may ask of it, in terms of process
 * references: they never see the kernel's process record. One implementation, {@link ProcessKernel}.
 *
 * <p>Thread-safety: every method may be called from any thread unless it says otherwise.
 */
public interface Kernel {

    /**
     * @param runtime a runtime built by {@code BeamRuntime.builder()}
     * @return its kernel
     * @throws IllegalArgumentException if the runtime is another implementation of {@link BeamRuntime}
     */
    static Kernel of(BeamRuntime runtime) {
        if (runtime instanceof HasKernel h) {
            return h.kernel();
        }
        throw new IllegalArgumentException("this needs a runtime built by BeamRuntime.builder(), not "
                + runtime.getClass().getName());
    }

    /** @return the runtime the application sees */
    BeamRuntime runtime();

    /** @return the runtime's clock */
    Ticker ticker();

    /** @return the runtime's telemetry (test {@link Telemetry#enabled()} before building an event) */
    Telemetry telemetry();

    /**
     * Runs a task after a delay on the runtime's timer.
     *
     * @return the scheduled task; cancelling it also removes it from the timer's queue
     */
    ScheduledFuture<?> schedule(Runnable task, Duration delay);

    /**
     * Sends one of the runtime's own messages (an envelope, a protocol message) without the isolated-heap copy: its
     * application payload was isolated where it entered the runtime.
     *
     * @param to a process of this runtime
     * @param message the message
     * @return the outcome, as {@link ProcessRef#trySend(Object)}
     */
    SendResult sendInternal(ProcessRef to, Object message);

    /**
     * @param process a process of this runtime
     * @return whether it was spawned with an isolated heap (it receives copies of mutable messages)
     */
    boolean isolatesMessages(ProcessRef process);

    /**
     * Counts a message that could not be delivered to {@code target} and reports it to telemetry.
     *
     * @param target the process it was for
     * @param message the message
     */
    void deadLetter(ProcessRef target, Object message);

    /**
     * @param process a reference
     * @return it, if it denotes a process of this runtime
     * @throws IllegalArgumentException otherwise (the message names the runtime)
     */
    ProcessRef requireOwn(ProcessRef process);

    /**
     * Spawns a child linked to the calling process, without waiting for its {@code init}: the caller waits on
     * {@link StartingProcess#initDone()} (a supervisor's start of its children). Only the process {@code parent}
     * may call this, from its own code.
     *
     * @param parent the calling process
     * @param behavior a {@code ProcessHandler} or {@code ProcessBody}
     * @param options spawn options
     * @return the child and its init's outcome
     */
    StartingProcess spawnLinkedStarting(ProcessRef parent, Object behavior, SpawnOptions options);

    /**
     * A hint before linking many processes to {@code process} (a supervisor about to start many children): sizes its
     * link set once.
     *
     * @param process a process of this runtime
     * @param count the links expected
     */
    void expectLinks(ProcessRef process, int count);

    /**
     * A hint before {@code process} monitors many others (a coordinator watching its workers): sizes its monitor set
     * once.
     *
     * @param process a process of this runtime
     * @param count the monitors expected
     */
    void expectMonitors(ProcessRef process, int count);

    /**
     * @param group a group name
     * @return every member of the group now, including members that ended and are not yet removed
     */
    List<ProcessRef> groupSnapshot(String group);

    /**
     * @param process a process of this runtime
     * @return its message analytics, or empty if it does not keep them
     */
    Optional<MessageStats> messageStats(ProcessRef process);

    /**
     * A process being started: its init's outcome completes when the init returned (exceptionally with its failure).
     *
     * @param process the process
     * @param initDone completed when its init has run
     */
    record StartingProcess(ProcessRef process, CompletableFuture<Void> initDone) {
    }

    /** Implemented by the runtime the application sees, to give its kernel to the layers above. */
    interface HasKernel {

        /** @return the runtime's kernel */
        Kernel kernel();
    }
}
