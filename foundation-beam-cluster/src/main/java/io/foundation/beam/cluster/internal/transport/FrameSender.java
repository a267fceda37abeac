package io.foundation.beam.cluster.internal.transport;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of {@link JGroupsTransport}: a FIFO queue of frames per destination and one sender thread that
 * packs queued frames into JGroups messages.
 *
 * <h2>Design</h2>
 * <b>Model.</b> Each destination ({@link JGroupsTransport.Peer}) has an {@link Outbox}: a lock-free FIFO of frames
 * and a {@code scheduled} flag. {@link #enqueue} appends a frame and, if the flag was clear, sets it and puts the
 * peer on the {@code ready} queue; it never blocks. The sender thread takes a ready peer, packs frames from its
 * outbox (after the peer's {@link JGroupsTransport.Epoch}, each as a 4-byte big-endian length and the bytes) up to
 * {@value #BATCH_BYTES} bytes (a larger frame goes alone), clears the flag, puts the peer back on the ready queue
 * if frames remain (round robin between destinations), and sends the batch. JGroups' bundler may then put several
 * batches in one network write.
 *
 * <p><b>Invariants.</b> A peer is on the ready queue at most once (the flag); a frame in an outbox is always
 * followed by a scheduling, so it is sent or discarded. Only the sender thread sends, and it packs each outbox in
 * queue order, so frames to one destination leave in the order their {@code enqueue} calls took effect. A discarded
 * outbox (its node left) drops what it holds and what comes later, counting them.
 *
 * <p><b>States.</b> running, then stopping ({@link #stop}: the thread sends what is queued, then ends; it is given
 * a moment at most, since a send may wait for flow-control credits of a slow receiver), then stopped. While one
 * receiver withholds credits, the sender thread waits for it and the other destinations wait too (a known limit).
 */
final class FrameSender {

    static final int BATCH_BYTES = 64 * 1024;
    private static final long STOP_WAIT_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(FrameSender.class);
    private static final JGroupsTransport.Peer STOP = new JGroupsTransport.Peer(null, null, null, -1);

    private final JChannel channel;
    private final LinkedBlockingQueue<JGroupsTransport.Peer> ready = new LinkedBlockingQueue<>();
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private byte[] scratch = new byte[BATCH_BYTES];

    FrameSender(JChannel channel, String nodeName) {
        this.channel = channel;
        this.thread = Thread.ofPlatform().daemon().name("beam-cluster-sender-" + nodeName).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void enqueue(JGroupsTransport.Peer peer, byte[] frame) {
        Outbox outbox = peer.outbox;
        outbox.frames.offer(frame);
        if (outbox.scheduled.compareAndSet(false, true)) {
            ready.offer(peer);
        }
    }

    /** The peer left: its queued frames and any later ones are dropped. */
    void discard(JGroupsTransport.Peer peer) {
        peer.outbox.discarded = true;
        if (peer.outbox.scheduled.compareAndSet(false, true)) {
            ready.offer(peer);
        }
    }

    long dropped() {
        return dropped.sum();
    }

    void stop() {
        if (!stopping.compareAndSet(false, true) || !thread.isAlive()) {
            return;
        }
        ready.offer(STOP);
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                JGroupsTransport.Peer peer = ready.take();
                if (peer == STOP) {
                    break;
                }
                sendBatch(peer);
            }
            JGroupsTransport.Peer peer;
            while ((peer = ready.poll()) != null) {
                sendBatch(peer);
            }
        } catch (InterruptedException e) {
            LOG.debug("Sender thread interrupted while stopping; queued frames are dropped");
        }
    }

    private void sendBatch(JGroupsTransport.Peer peer) {
        Outbox outbox = peer.outbox;
        if (outbox.discarded) {
            outbox.scheduled.set(false);
            discardAll(outbox);
            return;
        }
        ensureScratch(JGroupsTransport.Epoch.BYTES);
        peer.epoch.write(scratch, 0);
        int size = JGroupsTransport.Epoch.BYTES;
        int frames = 0;
        byte[] frame;
        while ((frame = outbox.frames.peek()) != null) {
            int needed = 4 + frame.length;
            if (frames > 0 && size + needed > BATCH_BYTES) {
                break;
            }
            outbox.frames.poll();
            ensureScratch(size + needed);
            writeInt(scratch, size, frame.length);
            System.arraycopy(frame, 0, scratch, size + 4, frame.length);
            size += needed;
            frames++;
        }
        outbox.scheduled.set(false);
        if (!outbox.frames.isEmpty() && outbox.scheduled.compareAndSet(false, true)) {
            ready.offer(peer);
        }
        if (frames == 0) {
            return;
        }
        byte[] batch = Arrays.copyOf(scratch, size);
        if (scratch.length > BATCH_BYTES) {
            scratch = new byte[BATCH_BYTES];
        }
        try {
            channel.send(new BytesMessage(peer.address, batch));
        } catch (Exception e) {
            dropped.add(frames);
            LOG.warn("Cannot send {} frame(s) to {}: {}", frames, peer, e.toString());
        }
    }

    private void discardAll(Outbox outbox) {
        while (outbox.frames.poll() != null) {
            dropped.increment();
        }
    }

    private void ensureScratch(int size) {
        if (scratch.length < size) {
            scratch = Arrays.copyOf(scratch, Math.max(size, scratch.length * 2));
        }
    }

    static void writeInt(byte[] b, int pos, int v) {
        b[pos] = (byte) (v >>> 24);
        b[pos + 1] = (byte) (v >>> 16);
        b[pos + 2] = (byte) (v >>> 8);
        b[pos + 3] = (byte) v;
    }

    static void writeLong(byte[] b, int pos, long v) {
        writeInt(b, pos, (int) (v >>> 32));
        writeInt(b, pos + 4, (int) v);
    }

    static long readLong(byte[] b, int pos) {
        return (long) readInt(b, pos) << 32 | (readInt(b, pos + 4) & 0xffffffffL);
    }

    static int readInt(byte[] b, int pos) {
        return (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
    }

    /** @return how many frames a packed batch holds */
    static int count(byte[] b, int offset, int length) {
        int n = 0;
        int pos = offset;
        int end = offset + length;
        while (pos + 4 <= end) {
            pos += 4 + readInt(b, pos);
            n++;
        }
        return n;
    }

    /** The frames queued for one destination (see the design). */
    static final class Outbox {
        final ConcurrentLinkedQueue<byte[]> frames = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();
        volatile boolean discarded;
    }
}
