package io.foundation.beam.internal.process;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.CallingSelfException;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.MonitoredProcess;
import io.foundation.beam.process.ProcessBody;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** The {@link ProcessContext} of one process; every method checks that it runs on that process's thread. */
final class CellContext implements ProcessContext {

    private final ProcessCell cell;

    CellContext(ProcessCell cell) {
        this.cell = cell;
    }

    private ProcessCell owner() {
        if (!cell.isOwnedByCurrentThread()) {
            throw new IllegalStateException("the ProcessContext of " + cell + " was used from " + Thread.currentThread()
                    + ", which is not that process's thread (a context must stay inside its process)");
        }
        return cell;
    }

    private static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return Durations.saturatedNanos(timeout);
    }

    @Override
    public ProcessRef self() {
        return cell;
    }

    @Override
    public BeamRuntime runtime() {
        return cell.runtime.runtime();
    }

    @Override
    public Object receive() {
        return owner().receive(null, -1L);
    }

    @Override
    public Optional<Object> receive(Duration timeout) {
        return Optional.ofNullable(owner().receive(null, nanos(timeout)));
    }

    @Override
    public <T> T receive(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return type.cast(owner().receive(type::isInstance, -1L));
    }

    @Override
    public <T> Optional<T> receive(Class<T> type, Duration timeout) {
        Objects.requireNonNull(type, "type");
        return Optional.ofNullable(type.cast(owner().receive(type::isInstance, nanos(timeout))));
    }

    @Override
    public Optional<Object> receive(Predicate<Object> matcher, Duration timeout) {
        Objects.requireNonNull(matcher, "matcher");
        return Optional.ofNullable(owner().receive(matcher, nanos(timeout)));
    }

    @Override
    public Object call(ProcessRef target, Object request) {
        return call(target, request, DEFAULT_CALL_TIMEOUT);
    }

    @Override
    public Object call(ProcessRef target, Object request, Duration timeout) {
        ProcessCell me = owner();
        if (target == me) {
            throw new CallingSelfException(me);
        }
        return cell.runtime.calls.callFrom(me, target, request, timeout);
    }

    @Override
    public ProcessRef spawn(ProcessHandler handler) {
        return spawn(handler, SpawnOptions.defaults());
    }

    @Override
    public ProcessRef spawn(ProcessHandler handler, SpawnOptions options) {
        return cell.runtime.spawnFrom(owner(), Objects.requireNonNull(handler, "handler"), options, false);
    }

    @Override
    public ProcessRef spawn(ProcessBody body) {
        return spawn(body, SpawnOptions.defaults());
    }

    @Override
    public ProcessRef spawn(ProcessBody body, SpawnOptions options) {
        return cell.runtime.spawnFrom(owner(), Objects.requireNonNull(body, "body"), options, false);
    }

    @Override
    public ProcessRef spawnLink(ProcessHandler handler) {
        return spawnLink(handler, SpawnOptions.defaults());
    }

    @Override
    public ProcessRef spawnLink(ProcessHandler handler, SpawnOptions options) {
        return cell.runtime.spawnFrom(owner(), Objects.requireNonNull(handler, "handler"), options, true);
    }

    @Override
    public ProcessRef spawnLink(ProcessBody body) {
        return spawnLink(body, SpawnOptions.defaults());
    }

    @Override
    public ProcessRef spawnLink(ProcessBody body, SpawnOptions options) {
        return cell.runtime.spawnFrom(owner(), Objects.requireNonNull(body, "body"), options, true);
    }

    @Override
    public MonitoredProcess spawnMonitor(ProcessHandler handler) {
        return spawnMonitor(handler, SpawnOptions.defaults());
    }

    @Override
    public MonitoredProcess spawnMonitor(ProcessHandler handler, SpawnOptions options) {
        return cell.runtime.spawnMonitorFrom(owner(), Objects.requireNonNull(handler, "handler"), options);
    }

    @Override
    public MonitoredProcess spawnMonitor(ProcessBody body) {
        return spawnMonitor(body, SpawnOptions.defaults());
    }

    @Override
    public MonitoredProcess spawnMonitor(ProcessBody body, SpawnOptions options) {
        return cell.runtime.spawnMonitorFrom(owner(), Objects.requireNonNull(body, "body"), options);
    }

    @Override
    public void link(ProcessRef other) {
        ProcessCell me = owner();
        if (cell.runtime.isLocal(other)) {
            if (!me.tryLink((ProcessCell) other)) {
                // OTP's link/1 to a process that does not exist: noproc
                if (!me.trapExits()) {
                    throw new ProcessExit(ExitReason.NOPROC); // ends this process at once, as exit(noproc)
                }
                me.deliverSignal(new SystemSignal.ExitSignal(other, ExitReason.NOPROC, true));
            }
            return;
        }
        RemoteRouter router = cell.runtime.routerFor(other); // a process on another node
        me.linkRemote(other); // this side first: an exit the router reports at once finds the link
        router.link(me, other);
    }

    @Override
    public void unlink(ProcessRef other) {
        ProcessCell me = owner();
        if (cell.runtime.isLocal(other)) {
            me.unlink((ProcessCell) other);
            return;
        }
        RemoteRouter router = cell.runtime.routerFor(other);
        me.removeLink(other);
        router.unlink(me, other);
    }

    @Override
    public MonitorRef monitor(ProcessRef target) {
        return cell.runtime.monitorFrom(owner(), target);
    }

    @Override
    public boolean demonitor(MonitorRef monitor) {
        Objects.requireNonNull(monitor, "monitor");
        if (!(monitor instanceof Monitor m) || m.watcher() != cell) {
            throw new IllegalArgumentException(monitor + " was not created by " + cell);
        }
        return owner().demonitor(m);
    }

    @Override
    public void trapExits(boolean trap) {
        owner().trapExits(trap);
    }

    @Override
    public boolean isTrappingExits() {
        return cell.trapExits();
    }

    @Override
    public void exit(ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        owner();
        throw new ProcessExit(reason);
    }

    @Override
    public void exit(ProcessRef target, ExitReason reason) {
        cell.runtime.exitFrom(owner(), target, reason);
    }

    @Override
    public void kill(ProcessRef target) {
        owner();
        cell.runtime.kill(target);
        if (target == cell) {
            throw new ProcessExit(ExitReason.KILLED);
        }
    }

    @Override
    public void hibernate() {
        owner().requestHibernate();
    }

    @Override
    public void hibernate(ProcessBody next) {
        owner().hibernateThen(next);
    }

    @Override
    public void register(String name) {
        cell.runtime.registry.register(name, owner());
    }

    @Override
    public String toString() {
        return "ProcessContext[" + cell + "]";
    }
}
