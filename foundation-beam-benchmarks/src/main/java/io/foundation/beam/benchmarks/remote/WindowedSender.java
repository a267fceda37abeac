package io.foundation.beam.benchmarks.remote;

import java.util.function.LongConsumer;

/**
 * The sending half of the 1->1 throughput protocol, the same code on both systems: keep at most {@link #WINDOW}
 * messages outstanding (sent, not yet acknowledged), and send more as acknowledgements arrive; the receiver
 * ({@link AckingReceiver}) acknowledges every {@link #ACK_EVERY} messages.
 *
 * <p>Why a window: without one, a sender that outruns the network or the receiver fills memory (ours) or overflows
 * Artery's outbound queue of {@code outbound-message-queue-size = 3072} messages, which then drops messages (Pekko).
 * A window of 2048 stays under that queue and leaves 8 acknowledgements in flight, so the sender rarely waits for
 * one. Not thread-safe: called by the one process or actor that sends.
 */
final class WindowedSender {

    /** The most messages sent but not yet acknowledged. */
    static final int WINDOW = 2048;
    /** The receiver acknowledges every this many messages. */
    static final int ACK_EVERY = 256;

    private final ThroughputProbe probe;
    private long sent;

    /** @param probe where acknowledgements are published, and whence the stop comes */
    WindowedSender(ThroughputProbe probe) {
        this.probe = probe;
    }

    /**
     * The handshake is done: fills the window.
     *
     * @param send sends the message of this sequence number
     */
    void start(LongConsumer send) {
        probe.markStarted();
        fill(send);
    }

    /**
     * An acknowledgement arrived: publishes it and refills the window.
     *
     * @param received the receiver's count, or {@link RemoteMessages.Ack#OUT_OF_ORDER}
     * @param send sends the message of this sequence number
     */
    void onAck(long received, LongConsumer send) {
        if (received == RemoteMessages.Ack.OUT_OF_ORDER) {
            probe.fail("the receiver saw a message out of order, or one was lost");
            return;
        }
        probe.acked(received);
        fill(send);
    }

    private void fill(LongConsumer send) {
        while (!probe.stopped() && sent - probe.acked() < WINDOW) {
            send.accept(++sent);
        }
    }
}
