package io.foundation.beam.ecosystem;

/**
 * What the processes of an ecosystem do when idle. The JVM has one garbage-collected heap, so a process cannot run
 * its own minor collection as on the BEAM; what a process can do is drop what it holds so the collector can take
 * it.
 */
public enum GcStrategy {
    /**
     * Idle processes hibernate after a short idle time ({@code hibernateAfter}, default 1 s): they drop their
     * buffers and context, so an ecosystem that goes quiet returns its memory to the collector. Costs a little
     * latency on the first message after a hibernation.
     */
    FREQUENT_MINOR,
    /** Processes keep their buffers while idle (lowest latency; an idle process still holds no thread). */
    STANDARD
}
