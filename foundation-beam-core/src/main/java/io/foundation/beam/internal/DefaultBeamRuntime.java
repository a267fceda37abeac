package io.foundation.beam.internal;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ShutdownReport;
import io.foundation.beam.internal.messages.Broadcaster;
import io.foundation.beam.internal.messages.CreditChannel;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.internal.process.ProcessKernel;
import io.foundation.beam.internal.process.RuntimeSettings;
import io.foundation.beam.messages.BroadcastReport;
import io.foundation.beam.messages.FlowChannel;
import io.foundation.beam.messages.FlowControl;
import io.foundation.beam.messages.MessageStats;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessBody;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.telemetry.BeamEventListener;
import io.foundation.beam.telemetry.RuntimeSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The runtime the application holds: the process kernel ({@link ProcessKernel}: processes, registry, calls, signals,
 * shutdown) plus the features built on it that the {@link BeamRuntime} interface offers (flow channels, group
 * broadcast). It only delegates; sends do not pass through it (a {@code ProcessRef} is the process itself).
 */
final class DefaultBeamRuntime implements BeamRuntime, Kernel.HasKernel {

    private final ProcessKernel kernel;

    DefaultBeamRuntime(RuntimeSettings settings) {
        this.kernel = new ProcessKernel(this, settings);
    }

    @Override
    public Kernel kernel() {
        return kernel;
    }

    @Override
    public String name() {
        return kernel.name();
    }

    @Override
    public ProcessRef spawn(ProcessHandler handler) {
        return kernel.spawn(handler);
    }

    @Override
    public ProcessRef spawn(ProcessHandler handler, SpawnOptions options) {
        return kernel.spawn(handler, options);
    }

    @Override
    public ProcessRef spawn(ProcessBody body) {
        return kernel.spawn(body);
    }

    @Override
    public ProcessRef spawn(ProcessBody body, SpawnOptions options) {
        return kernel.spawn(body, options);
    }

    @Override
    public void register(String name, ProcessRef process) {
        kernel.register(name, process);
    }

    @Override
    public Optional<ProcessRef> whereis(String name) {
        return kernel.whereis(name);
    }

    @Override
    public boolean unregister(String name) {
        return kernel.unregister(name);
    }

    @Override
    public FlowChannel openFlow(ProcessRef receiver, FlowControl control) {
        return new CreditChannel(kernel, receiver, Objects.requireNonNull(control, "control"));
    }

    @Override
    public Optional<MessageStats> messageStats(ProcessRef process) {
        return kernel.messageStats(process);
    }

    @Override
    public void join(String group, ProcessRef process) {
        kernel.join(group, process);
    }

    @Override
    public boolean leave(String group, ProcessRef process) {
        return kernel.leave(group, process);
    }

    @Override
    public List<ProcessRef> groupMembers(String group) {
        return kernel.groupMembers(group);
    }

    @Override
    public BroadcastReport broadcast(String group, Object message) {
        Objects.requireNonNull(message, "message must not be null");
        return Broadcaster.send(kernel, kernel.groupSnapshot(group), message);
    }

    @Override
    public Set<String> registeredNames() {
        return kernel.registeredNames();
    }

    @Override
    public void send(String name, Object message) {
        kernel.send(name, message);
    }

    @Override
    public Object call(ProcessRef target, Object request) {
        return kernel.call(target, request);
    }

    @Override
    public Object call(ProcessRef target, Object request, Duration timeout) {
        return kernel.call(target, request, timeout);
    }

    @Override
    public CompletableFuture<Object> callAsync(ProcessRef target, Object request, Duration timeout) {
        return kernel.callAsync(target, request, timeout);
    }

    @Override
    public void exit(ProcessRef target, ExitReason reason) {
        kernel.exit(target, reason);
    }

    @Override
    public void kill(ProcessRef target) {
        kernel.kill(target);
    }

    @Override
    public CompletableFuture<ExitReason> exitFuture(ProcessRef process) {
        return kernel.exitFuture(process);
    }

    @Override
    public Optional<ProcessInfo> info(ProcessRef process) {
        return kernel.info(process);
    }

    @Override
    public int processCount() {
        return kernel.processCount();
    }

    @Override
    public RuntimeSnapshot snapshot() {
        return kernel.snapshot();
    }

    @Override
    public void addListener(BeamEventListener listener) {
        kernel.addListener(listener);
    }

    @Override
    public void removeListener(BeamEventListener listener) {
        kernel.removeListener(listener);
    }

    @Override
    public ShutdownReport shutdown(Duration gracePeriod) {
        return kernel.shutdown(gracePeriod);
    }

    @Override
    public void close() {
        kernel.close();
    }

    @Override
    public boolean isClosed() {
        return kernel.isClosed();
    }

    @Override
    public String toString() {
        return kernel.toString();
    }
}
