package io.foundation.beam.process;

/** What a process is doing at the moment it is observed. */
public enum ProcessStatus {
    /** Its thread is running its code (handling a message, or a body between receives). */
    RUNNING,
    /**
     * It waits for a message: a handler process between messages (no thread, or for at most a millisecond a parked
     * one), or a body parked in receive.
     */
    WAITING,
    /** It hibernated: no thread and trimmed buffers until the next message. */
    HIBERNATING,
    /** It has been told to end and is running its terminate hook. */
    EXITING,
    /** It has ended. */
    DEAD
}
