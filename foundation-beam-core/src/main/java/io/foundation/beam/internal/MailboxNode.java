package io.foundation.beam.internal;

/** A node of {@link LinkedMailbox}: written by its producer before publication, then by the consumer. */
final class MailboxNode {
    volatile MailboxNode next;
    Object value;

    MailboxNode(Object value) {
        this.value = value;
    }
}
