package io.foundation.beam.benchmarks.baseline;

import java.util.function.Supplier;

/**
 * The mailbox of a baseline process: any thread may {@link #send}, only the process's own thread may
 * {@link #receive}. Unbounded, FIFO per sender.
 */
interface Mailbox {

    /** JMH parameter value for {@link ClqMailbox}. */
    String CLQ = "clq";
    /** JMH parameter value for {@link LtqMailbox}. */
    String LTQ = "ltq";

    /**
     * Appends a message; never blocks.
     *
     * @param message the message, not null
     */
    void send(Object message);

    /**
     * Takes the oldest message, parking the calling thread while the mailbox is empty. Only the mailbox's owner (one
     * thread) may call it.
     *
     * @return the message
     * @throws InterruptedException if the thread is interrupted while waiting (how a baseline process is stopped)
     */
    Object receive() throws InterruptedException;

    /**
     * @param kind {@value #CLQ} or {@value #LTQ}
     * @return a factory of empty mailboxes of that kind
     */
    static Supplier<Mailbox> factory(String kind) {
        return switch (kind) {
            case CLQ -> ClqMailbox::new;
            case LTQ -> LtqMailbox::new;
            default -> throw new IllegalArgumentException("unknown mailbox kind " + kind + " (clq or ltq)");
        };
    }
}
