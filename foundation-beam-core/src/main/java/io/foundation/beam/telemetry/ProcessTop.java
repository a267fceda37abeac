package io.foundation.beam.telemetry;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.internal.Internals;

/**
 * An etop-style view of a runtime: one pass over every live process gives the {@code limit} processes with the
 * longest mailboxes, the highest message rates and the largest memory figures, the runtime's totals, and its live
 * supervisors, without building a {@link io.foundation.beam.process.ProcessInfo} for every process (only for the few that make a list).
 *
 * <p><b>Message rates.</b> A process's rate is the change of its {@code messagesProcessed} since the previous
 * {@link #sample} of the same {@code ProcessTop}, divided by the time between the two samples on the runtime's
 * {@link io.foundation.beam.Ticker} (like reductions per interval in etop). A process first seen in a sample counts
 * from zero (it was spawned after the previous one); the first sample of a {@code ProcessTop} has no interval, so
 * every rate in it is 0, and so has a sample taken when the ticker has not moved since the previous one. One {@code ProcessTop} keeps one previous count per live process (two longs); create one
 * per consumer that samples at its own pace and share it otherwise.
 *
 * <p><b>Cost.</b> A sample visits every live process once and allocates only for the entries it returns; its
 * {@link TopSample#scanTime()} says how long the pass took. Processes spawned or ended during the pass may or may not
 * be counted.
 *
 * <p>Thread-safety: {@link #sample} may be called from any thread; concurrent calls are serialised.
 */
public interface ProcessTop {

    /** The largest {@code limit} a sample accepts. */
    int MAX_LIMIT = 1000;

    /** The most supervisors of each kind a sample lists ({@link TopSample#supervisors()}). */
    int MAX_SUPERVISORS = 256;

    /**
     * @param runtime a runtime built by {@code BeamRuntime.builder()}
     * @return a new sampler of its processes, with no previous sample
     * @throws IllegalArgumentException if the runtime is another implementation of {@link BeamRuntime}
     */
    static ProcessTop of(BeamRuntime runtime) {
        return Internals.processTop(runtime);
    }

    /**
     * Visits every live process once.
     *
     * @param limit how many processes each of the three lists holds at most, 1 to {@value #MAX_LIMIT}
     * @return the sample
     * @throws IllegalArgumentException if {@code limit} is out of range (the message names the range)
     */
    TopSample sample(int limit);
}
