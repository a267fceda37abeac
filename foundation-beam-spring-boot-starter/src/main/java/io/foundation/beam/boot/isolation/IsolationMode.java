package io.foundation.beam.boot.isolation;

/** Where {@link MemoryIsolation} runs tasks ({@code foundation.beam.isolation.mode}). */
public enum IsolationMode {

    /** A pool of child JVMs of capped heap, each recycled after its task by default. */
    FORKED,

    /** This JVM: a short-lived process per task, isolating its failures and lifetime but not its memory. */
    IN_PROCESS
}
