package io.foundation.beam.cluster.internal.routing;

import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.transport.Transport;
import io.foundation.beam.cluster.internal.transport.TransportListener;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A test double of the network: transports in one JVM. Each ordered pair of members has a channel with its own
 * single-thread executor, so frames to one node arrive asynchronously, in the order they were sent, one at a time
 * (the {@link Transport} contract); the node events about the sender travel on the same channel, so a node's up comes
 * before its frames and its down after them. {@link #disconnect} cuts a member off: every other member sees it down
 * and it sees every other member down.
 *
 * <p>Model: membership and channels change under the network's lock; a channel's {@code closed} flag and its
 * executor's queue change under the channel's lock, so a frame is either queued before the down event or refused.
 */
final class InMemoryNetwork implements AutoCloseable {

    private final Map<String, Member> members = new ConcurrentHashMap<>();

    /** @return the transport of a new member named {@code name}, with a random incarnation */
    synchronized Transport join(String name) {
        Member joining = new Member(new Node(name, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)));
        for (Member other : members.values()) {
            Channel toOther = new Channel(joining, other);
            Channel toJoining = new Channel(other, joining);
            joining.out.put(name(other), toOther);
            other.out.put(name, toJoining);
            toOther.event(l -> l.onNodeUp(joining.self));
            toJoining.event(l -> l.onNodeUp(other.self));
        }
        members.put(name, joining);
        return joining;
    }

    /** Cuts {@code name} off: the others see it down after the frames it sent them, and it sees them down. */
    synchronized void disconnect(String name) {
        Member gone = members.remove(name);
        if (gone == null) {
            return;
        }
        for (Member other : members.values()) {
            gone.out.remove(name(other)).close(l -> l.onNodeDown(gone.self));
            other.out.remove(name).close(l -> l.onNodeDown(other.self));
        }
    }

    private static String name(Member m) {
        return m.self.name();
    }

    @Override
    public synchronized void close() {
        for (String name : Set.copyOf(members.keySet())) {
            disconnect(name);
        }
    }

    /** One member's transport. */
    private final class Member implements Transport {
        final Node self;
        final Map<String, Channel> out = new ConcurrentHashMap<>();
        final CountDownLatch listening = new CountDownLatch(1);
        volatile TransportListener listener;

        Member(Node self) {
            this.self = self;
        }

        @Override
        public Node self() {
            return self;
        }

        @Override
        public Set<Node> members() {
            return out.values().stream().map(c -> c.to.self).collect(Collectors.toUnmodifiableSet());
        }

        @Override
        public boolean send(Node to, byte[] frame) {
            Channel c = out.get(to.name());
            return c != null && c.to.self.equals(to) && c.frame(frame);
        }

        @Override
        public void listener(TransportListener l) {
            listener = l;
            listening.countDown();
        }

        @Override
        public void close() {
            disconnect(self.name());
        }

        @Override
        public String toString() {
            return "InMemoryTransport[" + self + "]";
        }
    }

    /** The frames and events from one member to another, in order, on one thread. */
    private static final class Channel {
        final Member from;
        final Member to;
        final ExecutorService executor;
        boolean closed;

        Channel(Member from, Member to) {
            this.from = from;
            this.to = to;
            this.executor = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().daemon(true).name("net-" + from.self.name() + "->" + to.self.name()).factory());
        }

        synchronized boolean frame(byte[] frame) {
            if (closed) {
                return false;
            }
            executor.execute(() -> listener().onFrame(from.self, frame));
            return true;
        }

        synchronized void event(java.util.function.Consumer<TransportListener> event) {
            executor.execute(() -> event.accept(listener()));
        }

        /** Delivers what was queued, then {@code last}, then stops. */
        synchronized void close(java.util.function.Consumer<TransportListener> last) {
            closed = true;
            executor.execute(() -> last.accept(listener()));
            executor.shutdown();
        }

        /** Waits until the receiving member has a listener: frames wait for it, as the contract says. */
        private TransportListener listener() {
            try {
                to.listening.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return to.listener;
        }
    }
}
