package io.foundation.beam.internal;

/** The producers' fields of {@link LinkedMailbox}. */
abstract sealed class LinkedMailboxProducerFields extends LinkedMailboxPad1 permits LinkedMailbox {
    /** The last node offered (exchange target of producers). */
    volatile MailboxNode tail;
    /** Bounded mailboxes: messages offered and accepted, ever (producers, atomic). */
    volatile long enqueued;
}
