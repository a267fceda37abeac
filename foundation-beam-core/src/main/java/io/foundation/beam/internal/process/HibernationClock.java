package io.foundation.beam.internal.process;

/**
 * When an idle handler process spawned with {@code SpawnOptions.hibernateAfter} hibernates by itself: its idle time
 * and when it was last active, read by {@link Housekeeping}'s sweep. Kept out of {@link ProcessCell} (only such
 * processes have one) because every byte of the cell is paid by every idle process ({@code FootprintTest}).
 */
final class HibernationClock {

    /** The idle time after which the process hibernates, in nanoseconds (positive). */
    final long afterNanos;
    /**
     * The runtime ticker's reading when the process last went idle (written by its activation, or at spawn by
     * housekeeping; read by the sweep on another thread).
     */
    volatile long lastActiveNanos;

    HibernationClock(long afterNanos) {
        this.afterNanos = afterNanos;
    }
}
