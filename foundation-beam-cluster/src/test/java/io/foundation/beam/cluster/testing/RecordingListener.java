package io.foundation.beam.cluster.testing;

import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.transport.TransportListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TransportListener} for tests: records every call with its time and checks the transport's promises on
 * the fly: calls about one node never overlap, frames come only from a node that is up, up and down alternate.
 * Broken promises are collected in {@link #violations()}.
 */
public final class RecordingListener implements TransportListener {

    /** What happened. */
    public enum Kind { UP, DOWN, FRAME }

    /**
     * One call.
     *
     * @param kind the kind
     * @param node the node
     * @param frame the frame (FRAME only)
     * @param nanoTime when ({@link System#nanoTime()})
     */
    public record Event(Kind kind, Node node, byte[] frame, long nanoTime) {
    }

    private final Queue<Event> events = new ConcurrentLinkedQueue<>();
    private final Map<Node, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Set<Node> up = ConcurrentHashMap.newKeySet();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final boolean keepFrames;
    private volatile java.util.function.Consumer<Node> whenUp = n -> { };

    /** A listener that keeps frames. */
    public RecordingListener() {
        this(true);
    }

    /** @param keepFrames whether to keep frames (or only count them) */
    public RecordingListener(boolean keepFrames) {
        this.keepFrames = keepFrames;
    }

    @Override
    public void onFrame(Node from, byte[] frame) {
        enter(from);
        if (!up.contains(from)) {
            violations.add("frame from " + from + " while it is not up");
        }
        events.add(new Event(Kind.FRAME, from, keepFrames ? frame : null, System.nanoTime()));
        exit(from);
    }

    @Override
    public void onNodeUp(Node node) {
        enter(node);
        if (!up.add(node)) {
            violations.add("up twice: " + node);
        }
        events.add(new Event(Kind.UP, node, null, System.nanoTime()));
        whenUp.accept(node);
        exit(node);
    }

    @Override
    public void onNodeDown(Node node) {
        enter(node);
        if (!up.remove(node)) {
            violations.add("down while not up: " + node);
        }
        events.add(new Event(Kind.DOWN, node, null, System.nanoTime()));
        exit(node);
    }

    /**
     * Runs an action in each onNodeUp call (after recording it), as a router would react.
     *
     * @param action the action
     */
    public void whenUp(java.util.function.Consumer<Node> action) {
        this.whenUp = action;
    }

    /** @return the nodes up now, as this listener was told */
    public Set<Node> up() {
        return Set.copyOf(up);
    }

    /** @return the names of the nodes up now */
    public Set<String> upNames() {
        Set<String> names = new java.util.HashSet<>();
        for (Node n : up) {
            names.add(n.name());
        }
        return names;
    }

    /** @return every call so far, in order of recording */
    public List<Event> events() {
        return new ArrayList<>(events);
    }

    /**
     * @param kind a kind
     * @param nodeName a node name
     * @return the calls of that kind about nodes of that name, in order
     */
    public List<Event> events(Kind kind, String nodeName) {
        List<Event> result = new ArrayList<>();
        for (Event e : events) {
            if (e.kind() == kind && e.node().name().equals(nodeName)) {
                result.add(e);
            }
        }
        return result;
    }

    /** @return the frames from nodes of that name, in order */
    public List<byte[]> frames(String nodeName) {
        return events(Kind.FRAME, nodeName).stream().map(Event::frame).toList();
    }

    /** @return the broken promises seen */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    private void enter(Node node) {
        if (inFlight.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet() != 1) {
            violations.add("overlapping calls about " + node);
        }
    }

    private void exit(Node node) {
        inFlight.get(node).decrementAndGet();
    }
}
