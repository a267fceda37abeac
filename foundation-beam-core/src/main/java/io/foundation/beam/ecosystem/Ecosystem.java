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

    /**
     * The most workers {@link #resize} accepts when the configured {@link EcosystemConfig#workerCount()} is smaller;
     * an ecosystem configured with more workers can be resized up to its configured count. The worker tables are
     * allocated at this capacity when the ecosystem starts, so growing never copies them under running workers.
     */
    int MAX_RESIZE_WORKERS = 1024;

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
     * Sends a message to every live worker, as the topology routes it: in TREE and MESH the ecosystem sends it to each
     * worker; in RING it travels the ring, each worker passing it to its live successor as it receives it, until every
     * worker of the route has had it. Under ISOLATED_HEAPS an immutable message is one shared object and a mutable one
     * is copied for each receiver (in a ring: at each hop).
     *
     * @param message the message
     * @return which workers it reached, and which were full or dead
     * @throws io.foundation.beam.process.MessageIsolationException under ISOLATED_HEAPS, for a message that can be
     *     neither shared nor copied (nothing is sent)
     */
    io.foundation.beam.messages.BroadcastReport broadcast(Object message);

    /**
     * The current coordinator process. A message sent straight to the default coordinator (no {@link Coordinator}
     * configured) is dropped and reported as a {@link io.foundation.beam.telemetry.BeamEvent.UnhandledMessage}.
     *
     * @return the current coordinator process
     */
    ProcessRef coordinator();

    /**
     * @return the current worker processes, by index: as many as the current worker count (after a {@link #resize},
     *     not necessarily {@link EcosystemConfig#workerCount()})
     */
    List<ProcessRef> workers();

    /** @return the supervisor process */
    ProcessRef supervisor();

    /** @return a live view (the seed's {@code ecosystem_info}) */
    EcosystemInfo info();

    /**
     * Message analytics of the coordinator and the workers: counts, estimated sizes and queue waits, cumulative since
     * the ecosystem started (see {@link EcosystemMessageStats}). A momentary view, read member by member.
     *
     * @return the analytics, or empty if the configuration has {@link EcosystemConfig#messageAnalytics()} off
     */
    java.util.Optional<EcosystemMessageStats> messageStats();

    /** @return the health (the seed's {@code ecosystem_health}) */
    EcosystemHealth health();

    /**
     * Shuts the ecosystem down (the seed's {@code shutdown_ecosystem}): the coordinator first, then the workers in
     * reverse order, each with the shutdown timeout then kill; unfinished work fails with
     * {@link EcosystemStoppedException}. Once {@code timeout} has passed, every process of the ecosystem still alive
     * (supervisor, coordinator, workers) is killed directly, which needs no thread of theirs: a member spinning
     * CPU-bound in its handler, or a supervisor that cannot get a carrier to run its ordered shutdown, does not
     * outlive it. Afterwards no process of the ecosystem is alive and nothing restarts. The killed members' threads
     * get the runtime's orphan grace period to return; those that ignore the interrupt are counted in
     * {@link EcosystemShutdownReport#orphaned()}, so this returns within about {@code timeout} plus that grace period.
     * Calling it again returns an empty report.
     *
     * @param timeout the longest wait for the whole ecosystem before what is left is killed ({@link Duration#ZERO}
     *     kills at once)
     * @return what was done
     * @throws IllegalArgumentException if the timeout is negative (the ecosystem is left as it was)
     */
    EcosystemShutdownReport shutdown(Duration timeout);

    /**
     * Shuts the ecosystem down gracefully: drains it, then {@linkplain #shutdown(Duration) shuts it down} with
     * {@code timeout}. Like Spring's {@code await-termination} of a task executor.
     * <ol>
     *   <li><b>No new work.</b> From this call on, {@link #submit}, {@link #send}, {@link #call}, {@link #broadcast},
     *       {@link #restartWorker} and {@link #resize} fail at once with {@link EcosystemStoppedException} saying the
     *       ecosystem is draining (shutting down). A refused submission was never accepted: it has no future and no
     *       {@link io.foundation.beam.telemetry.WorkOutcome}, as a submission to a stopped ecosystem.
     *       {@link #isRunning()} stays true while the members run.</li>
     *   <li><b>Drain.</b> Work already accepted (waiting for a worker, queued in a worker's mailbox, or running)
     *       goes on as usual, retries and {@code workTimeout} included, until every accepted future has completed or
     *       {@code drain} has passed, whichever comes first. The coordinator and the workers keep running and may
     *       still message each other.</li>
     *   <li><b>Shutdown.</b> Then the ordered shutdown of {@link #shutdown(Duration)} runs with {@code timeout}
     *       (shutdown signal, then kill). Work still unfinished fails with {@link EcosystemStoppedException} whose
     *       message says it was abandoned after the drain period ({@link io.foundation.beam.telemetry.WorkOutcome#ABANDONED}).</li>
     * </ol>
     * It returns within about {@code drain + timeout} plus the orphan grace period, sooner when the work completes
     * first; an interrupt ends the drain early (the flag stays set). If the ecosystem is already draining, stopping or
     * stopped, this does not drain again: it waits for that shutdown and returns an empty report, as
     * {@link #shutdown(Duration)} does. A plain {@link #shutdown(Duration)} called during a drain ends the drain.
     *
     * @param drain the longest wait for accepted work to complete ({@link Duration#ZERO}: none, as
     *     {@link #shutdown(Duration)})
     * @param timeout the shutdown timeout that follows the drain
     * @return what was done; {@link EcosystemShutdownReport#abandonedWork()} counts the work that did not complete
     * @throws IllegalArgumentException if either duration is negative (the ecosystem is left as it was)
     */
    EcosystemShutdownReport shutdown(Duration drain, Duration timeout);

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

    /**
     * Changes the number of workers of the running ecosystem (an operator's action). The worker count starts at
     * {@link EcosystemConfig#workerCount()}; {@link #config()} keeps showing that configured value, while
     * {@link #workers()}, {@link #info()} and {@link EcosystemHealth#workersTotal()} show the current count.
     *
     * <p>Lifecycle rules, in order:
     * <ul>
     *   <li><b>Serialised.</b> Resizes, and {@link #restartWorker} calls, run one at a time; this call blocks until it
     *       is done.</li>
     *   <li><b>Grow</b> ({@code workers} above the current count): workers {@code count} to {@code workers - 1} start
     *       as new children of the supervisor (with the restart type of the fault tolerance), in index order, each
     *       awaited through its {@link Worker#init}; then the coordinator dispatches to them. If one fails to start,
     *       the workers started before it stay, the count is what was reached, and the exception is thrown.</li>
     *   <li><b>Shrink</b> ({@code workers} below the current count): the coordinator first stops dispatching to
     *       workers {@code workers} and above (work parked for them is dispatched to the remaining ones); then the
     *       work they already hold may complete, within the ecosystem's shutdown timeout; then they are stopped from
     *       the highest index down, each with reason {@code shutdown} and the shutdown timeout (their
     *       {@link Worker#terminate} runs), and removed from the supervisor. Work a stopped worker still held is
     *       dispatched again to the remaining workers, under both fault tolerances, without counting as a failed
     *       attempt. No accepted work is lost.</li>
     *   <li><b>RING</b>: after a shrink the coordinator regenerates the token (a new generation, sent to the first live
     *       worker with the last payload seen), as after the loss of its holder; older tokens are ignored. A grown
     *       ring includes the new workers at the next {@link WorkerContext#successor()}.</li>
     *   <li><b>MESH</b>: {@link WorkerContext#peers()} and peer messages only reach indices below the current
     *       count.</li>
     *   <li><b>KEY_HASH</b> dispatch maps a key to {@code hash(key) mod count}: a resize moves keys to other
     *       workers, so work with one key is in order only between two resizes.</li>
     *   <li>Restart counts of retired indices are forgotten: a worker started again at such an index starts at 0
     *       restarts.</li>
     *   <li><b>Shutdown order.</b> Workers added by a resize are the supervisor's newest children, so
     *       {@link #shutdown} stops them before the coordinator (and the configured workers after it); work they
     *       hold then fails with {@link EcosystemStoppedException} like all unfinished work.</li>
     * </ul>
     * Resizing to the current count does nothing. Call it from outside the ecosystem (an operator, a request
     * handler): a worker that shrinks its own ecosystem may be among the workers it waits for and stops.
     *
     * @param workers the new worker count, 1 to {@code max(}{@link #MAX_RESIZE_WORKERS}{@code ,
     *     config().workerCount())}
     * @return the previous worker count
     * @throws IllegalArgumentException if {@code workers} is out of that range (the message names the ecosystem and
     *     the range)
     * @throws EcosystemStoppedException if the ecosystem is not running (the message names it and its state)
     * @throws io.foundation.beam.supervision.ChildStartException if a new worker failed to start
     */
    int resize(int workers);
}
