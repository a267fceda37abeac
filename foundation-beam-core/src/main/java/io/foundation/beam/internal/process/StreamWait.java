package io.foundation.beam.internal.process;

/**
 * How long a spinning consumer waits before it first looks at its mailbox: the decision, kept apart from the process
 * that applies it (the wait itself is a field of the process, see {@code ProcessCell}). Stateless.
 *
 * <h2>Why wait</h2>
 * When a sender writes messages faster than the consumer takes them, a consumer that has caught up and looks again
 * at once reads the slot the sender is about to write: the cache line that holds it goes to the consumer's core and
 * back for every message, and both sides slow down to the speed of that exchange. On a 2-core machine a fan-in of
 * 1000 senders ran at about 30 M messages/s this way and at about 65 M/s with the wait, and 1->1 at about 29 and
 * 57 M/s (docs/benchmarks.md).
 *
 * <h2>Model</h2>
 * <ul>
 *   <li>No wait yet: when the spin found work at one of its first {@value #DETECT_LOOKS} looks (a look is a read of
 *       the mailbox's next slot and a spin-wait hint, some tens of ns; counting them spares the clock read that
 *       would cost as much on every exchange of a request-reply pair), a sender is writing faster than the consumer
 *       looks, and the next spin waits {@value #MIN_NANOS} ns first.</li>
 *   <li>A wait that let more than one message accumulate doubles, up to {@value #MAX_NANOS} ns: a stream.</li>
 *   <li>A wait after which a lone message (or none) was there ends: it only delayed that message. This is what a
 *       request-reply exchange sees (an answer takes a cross-core round trip, several hundred ns, so it rarely starts
 *       a wait, and the next answer ends it).</li>
 * </ul>
 * The cost to a stream is a delay of at most {@value #MAX_NANOS} ns before a batch that is then taken without
 * sharing a cache line with its sender. A process that ran out of work (its spin ended with nothing) starts again
 * with no wait.
 */
final class StreamWait {

    /** The longest wait (ns). */
    static final int MAX_NANOS = 4_000;
    /** The first wait (ns). */
    static final int MIN_NANOS = 250;
    /** Work found by one of a spin's first looks, with no wait, starts one. */
    static final int DETECT_LOOKS = 2;

    private StreamWait() {
    }

    /**
     * The wait for the next spin, after a spin found work.
     *
     * @param waited the wait this spin began with (0: none)
     * @param looks the looks at the mailbox this spin took to find work, after its wait (1: the first)
     * @param twoReady whether at least two messages were ready when it found work (read only if {@code waited > 0})
     * @return the next spin's wait, in ns
     */
    static int next(int waited, int looks, boolean twoReady) {
        if (waited > 0) {
            return twoReady ? Math.min(MAX_NANOS, 2 * waited) : 0;
        }
        return looks <= DETECT_LOOKS ? MIN_NANOS : 0;
    }
}
