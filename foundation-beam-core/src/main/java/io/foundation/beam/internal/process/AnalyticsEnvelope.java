package io.foundation.beam.internal.process;

/**
 * A message to a process that keeps analytics: stamped by the sender with the time it entered the mailbox and its
 * estimated size; unwrapped by the receiver as it takes it. User code never sees the envelope.
 */
final class AnalyticsEnvelope {

    final Object payload;
    final long enqueuedNanos;
    final long estimatedBytes;

    AnalyticsEnvelope(Object payload, long enqueuedNanos, long estimatedBytes) {
        this.payload = payload;
        this.enqueuedNanos = enqueuedNanos;
        this.estimatedBytes = estimatedBytes;
    }
}
