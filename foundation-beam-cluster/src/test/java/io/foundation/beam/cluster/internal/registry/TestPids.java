package io.foundation.beam.cluster.internal.registry;

import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.codec.PidMapper;
import io.foundation.beam.cluster.internal.codec.WirePid;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One node's processes for registry tests, standing in for the router and the kernel: maps {@link TestPid}s to
 * their wire form and back (a local pid resolves to the very object {@link #spawn} made), and tells exit watchers
 * when the test {@link #kill}s a local process.
 */
final class TestPids implements PidMapper, ExitWatch {

    private final Supplier<Node> self;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, TestPid> local = new ConcurrentHashMap<>();
    private final Map<TestPid, List<Consumer<ExitReason>>> watchers = new ConcurrentHashMap<>();

    TestPids(Supplier<Node> self) {
        this.self = self;
    }

    TestPid spawn() {
        Node node = self.get();
        TestPid pid = new TestPid(node.name(), node.incarnation(), ids.incrementAndGet(), true);
        local.put(pid.idNumber, pid);
        return pid;
    }

    void kill(TestPid pid) {
        pid.alive = false;
        List<Consumer<ExitReason>> list = watchers.remove(pid);
        if (list != null) {
            list.forEach(w -> w.accept(ExitReason.NORMAL));
        }
    }

    @Override
    public WirePid toWire(ProcessRef pid) {
        TestPid p = (TestPid) pid;
        return new WirePid(p.node, p.incarnation, p.idNumber);
    }

    @Override
    public ProcessRef fromWire(WirePid pid) {
        Node node = self.get();
        if (pid.node().equals(node.name()) && pid.incarnation() == node.incarnation()) {
            TestPid p = local.get(pid.id());
            if (p != null) {
                return p;
            }
            return new TestPid(pid.node(), pid.incarnation(), pid.id(), false);
        }
        return new TestPid(pid.node(), pid.incarnation(), pid.id(), true);
    }

    @Override
    public Runnable watchExit(ProcessRef pid, Consumer<ExitReason> onExit) {
        TestPid p = (TestPid) pid;
        List<Consumer<ExitReason>> list = watchers.computeIfAbsent(p, k -> new CopyOnWriteArrayList<>());
        list.add(onExit);
        if (!p.alive && list.remove(onExit)) {
            onExit.accept(ExitReason.NORMAL);
        }
        return () -> list.remove(onExit);
    }
}
