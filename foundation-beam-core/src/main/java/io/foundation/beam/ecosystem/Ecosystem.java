package io.foundation.beam.ecosystem;

import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A running ecosystem: a supervisor, a coordinator and N workers (the seed's {@code ecosystem()}). Obtain one with
 * {@link Ecosystems#spawnEcosystem}. All methods may be called from any thread.
 */
public interface Ecosystem {

    /** @return the ecosystem's name */
    String name();

    /** @return its configuration */
    EcosystemConfig config();

    /**
     * Submits work: the coordinator dispatches it to a worker, whose return value completes the future. The future
     * fails with {@link WorkFailedException} if the work crashed its worker on every attempt or timed out, and with
     * {@link EcosystemStoppedException} if the ecosystem stops first. Accepted work is never dropped silently.
     *
     * @param work the work (passed through the memory strategy: copied unless immutable under ISOLATED_HEAPS)
     * @return the result, later
     * @throws EcosystemStoppedException if the ecosystem does not take work
     * @throws io.foundation.beam.process.MessageIsolationException if the work is mutable and cannot be copied
     */
    CompletableFuture<Object> submit(Object work);

    /**
     * Submits work with a key; under KEY_HASH dispatch, work with one key goes to one worker, in order.
     *
     * @param key the key
     * @param work the work
     * @return the result, later
     */
    CompletableFuture<Object> submit(Object key, Object work);

    /**
     * Sends a message to the coordinator (custom coordinators only).
     *
     * @param message the message
     * @throws UnsupportedOperationException with the default coordinator, which takes only work
     */
    void send(Object message);

    /**
     * Calls the coordinator (custom coordinators only), 5 s timeout.
     *
     * @param message the request
     * @return the coordinator's answer
     * @throws UnsupportedOperationException with the default coordinator
     */
    Object call(Object message);

    /**
     * Sends a message to every live worker.
     *
     * @param message the message
     * @return how many workers it was sent to
     */
    int broadcast(Object message);

    /** @return the current coordinator process */
    ProcessRef coordinator();

    /** @return the current worker processes, by index */
    List<ProcessRef> workers();

    /** @return the supervisor process */
    ProcessRef supervisor();

    /** @return a live view (the seed's {@code ecosystem_info}) */
    EcosystemInfo info();

    /** @return the health (the seed's {@code ecosystem_health}) */
    EcosystemHealth health();

    /**
     * Shuts the ecosystem down (the seed's {@code shutdown_ecosystem}): the coordinator first, then the workers in
     * reverse order, each with the shutdown timeout then kill; unfinished work fails with
     * {@link EcosystemStoppedException}. Afterwards no process of the ecosystem is alive and nothing restarts.
     * Calling it again returns an empty report.
     *
     * @param timeout the longest wait for the whole ecosystem before what is left is killed
     * @return what was done
     */
    EcosystemShutdownReport shutdown(Duration timeout);

    /** @return whether the ecosystem runs (not shut down, and its supervisor has not given up) */
    boolean isRunning();

    /**
     * Restarts one worker on request (an operator's action, not a failure): its current process, if alive, is
     * stopped through the supervisor with reason {@code shutdown} and its shutdown timeout (its
     * {@link Worker#terminate} runs), then a fresh process with a fresh {@link Worker} instance starts at the same
     * index. Under both fault tolerances, so it also brings back a dead worker of a STANDARD ecosystem. Work the
     * old process held is redistributed as after a crash (it counts as a failed attempt). A restart on request
     * counts in {@link MemberInfo#restarts()} and is reported with {@code WorkerRestarted}, but not against the
     * restart intensity. Blocks until the new process has run its {@code init}.
     *
     * @param index the worker's index, 0 to {@code workerCount - 1}
     * @return the worker's new process
     * @throws IndexOutOfBoundsException if there is no worker with that index
     * @throws EcosystemStoppedException if the ecosystem is not running
     * @throws io.foundation.beam.supervision.ChildStartException if the new process failed to start
     */
    ProcessRef restartWorker(int index);
}
