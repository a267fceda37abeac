package io.foundation.beam.benchmarks.remote;

/**
 * The receiving half of the 1->1 throughput protocol ({@link WindowedSender}), the same code on both systems: checks
 * that sequence numbers arrive in order without a gap, and says when to acknowledge. Not thread-safe: called by the
 * one process or actor that receives.
 */
final class AckingReceiver {

    private long expected = 1;
    private boolean broken;

    /**
     * @param seq the sequence number received
     * @return the count to acknowledge now ({@link RemoteMessages.Ack#OUT_OF_ORDER} once, if this one is out of
     *     order), or 0 for no acknowledgement
     */
    long onData(long seq) {
        if (broken) {
            return 0;
        }
        if (seq != expected) {
            broken = true;
            return RemoteMessages.Ack.OUT_OF_ORDER;
        }
        expected++;
        return seq % WindowedSender.ACK_EVERY == 0 ? seq : 0;
    }
}
