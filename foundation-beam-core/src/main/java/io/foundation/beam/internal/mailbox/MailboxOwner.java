package io.foundation.beam.internal.mailbox;

/**
 * The process a mailbox belongs to, as far as the mailbox needs to know it: a {@code BLOCK_SENDER} mailbox must not
 * make a process wait for room in its own mailbox (it would wait for itself), and must stop a sender's wait for room
 * when the process ends (the room its death makes is not room for the sender's message).
 */
public interface MailboxOwner {

    /** @return whether the calling thread is the one running the owning process's code */
    boolean isOwnedByCurrentThread();

    /**
     * @return whether the process has ended. Once true, stays true; it becomes true before the process's consumer
     *     discards its mailbox (whose polls wake the senders waiting for room). The default, false, is for owners
     *     that never end (tests that measure a mailbox alone).
     */
    default boolean hasEnded() {
        return false;
    }
}
