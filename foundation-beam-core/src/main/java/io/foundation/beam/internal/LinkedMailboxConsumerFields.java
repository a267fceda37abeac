package io.foundation.beam.internal;

/** The consumer's fields of {@link LinkedMailbox}. */
abstract sealed class LinkedMailboxConsumerFields extends LinkedMailboxPad0 permits LinkedMailboxPad1 {
    /** Consumer-owned: the last consumed node (the stub). */
    MailboxNode head;
    /** Bounded mailboxes: messages polled or discarded, ever (consumer writes, release). */
    volatile long dequeued;
    /** Messages handed to the process's code (consumer writes, opaque). */
    long delivered;
}
