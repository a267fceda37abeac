package io.foundation.beam.internal.mailbox;

/**
 * The process a mailbox belongs to, as far as the mailbox needs to know it: a {@code BLOCK_SENDER} mailbox must not
 * make a process wait for room in its own mailbox (it would wait for itself).
 */
public interface MailboxOwner {

    /** @return whether the calling thread is the one running the owning process's code */
    boolean isOwnedByCurrentThread();
}
