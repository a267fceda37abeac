package io.foundation.beam.mailbox;

import io.foundation.beam.process.ProcessRef;

/** Thrown by {@code send} when a bounded mailbox refuses a message. Names the process and the mailbox's limit. */
public final class MailboxFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ProcessRef process;
    private final int capacity;

    /**
     * @param process the receiver
     * @param capacity the receiver's mailbox capacity
     * @param policy the receiver's overflow policy
     */
    public MailboxFullException(ProcessRef process, int capacity, OverflowPolicy policy) {
        super("mailbox of " + process + " is full (capacity " + capacity + ", overflow policy " + policy
                + "): message rejected");
        this.process = process;
        this.capacity = capacity;
    }

    /** @return the process whose mailbox was full */
    public ProcessRef process() {
        return process;
    }

    /** @return the mailbox capacity */
    public int capacity() {
        return capacity;
    }
}
