package io.foundation.beam.boot.ecosystem;

import io.foundation.beam.boot.UnhandledMessageException;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.EcosystemInfo;
import io.foundation.beam.ecosystem.EcosystemShutdownReport;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The application's handle to one ecosystem: a stable bean that exists before the ecosystem runs (beans are
 * injected during the context's refresh, ecosystems start after it) and delegates to the running ecosystem.
 *
 * <h2>States</h2>
 * NEW (not yet started: every operation but {@link #name()} and {@link #config()} throws
 * {@link EcosystemStoppedException} saying so) → RUNNING (delegates) → stopped (still delegates: the core ecosystem
 * then refuses work itself, and {@link #info()} shows its final state). The delegate is set once, by the registry's
 * {@code start}, and published through a volatile field.
 *
 * <p>Work, broadcasts and coordinator messages are checked against the {@code @HandleMessage} methods before they
 * are queued: a type no handler takes fails at once with {@link UnhandledMessageException} (a failed future for
 * {@code submit}), instead of crashing a process.
 */
final class EcosystemHandle implements Ecosystem {

    private final EcosystemConfig config;
    private final HandlerMethods workerHandlers;
    private final HandlerMethods coordinatorHandlers;
    private volatile Ecosystem running;

    /**
     * @param config the ecosystem's configuration
     * @param workerHandlers the worker bean's handlers (empty if it implements the core Worker instead)
     * @param coordinatorHandlers the coordinator bean's handlers, or null for the default coordinator
     */
    EcosystemHandle(EcosystemConfig config, HandlerMethods workerHandlers, HandlerMethods coordinatorHandlers) {
        this.config = config;
        this.workerHandlers = workerHandlers;
        this.coordinatorHandlers = coordinatorHandlers;
    }

    /** Called once by the registry when the ecosystem has started. */
    void attach(Ecosystem ecosystem) {
        this.running = ecosystem;
    }

    /** @return the running (or stopped) ecosystem, or null if it never started */
    Ecosystem delegateOrNull() {
        return running;
    }

    private Ecosystem delegate() {
        Ecosystem e = running;
        if (e == null) {
            throw new EcosystemStoppedException("ecosystem '" + config.name() + "' has not started: ecosystems "
                    + "start when the application context has been refreshed (use them from an ApplicationRunner, "
                    + "a request handler or an event listener, not from a bean's constructor or @PostConstruct)");
        }
        return e;
    }

    private static UnhandledMessageException unhandled(HandlerMethods handlers, Object message) {
        return handlers == null || handlers.isEmpty() || message == null ? null : handlers.check(message.getClass());
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public EcosystemConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<Object> submit(Object work) {
        Ecosystem e = delegate();
        UnhandledMessageException unhandled = unhandled(workerHandlers, work);
        return unhandled != null ? CompletableFuture.failedFuture(unhandled) : e.submit(work);
    }

    @Override
    public CompletableFuture<Object> submit(Object key, Object work) {
        Ecosystem e = delegate();
        UnhandledMessageException unhandled = unhandled(workerHandlers, work);
        return unhandled != null ? CompletableFuture.failedFuture(unhandled) : e.submit(key, work);
    }

    @Override
    public void send(Object message) {
        Ecosystem e = delegate();
        UnhandledMessageException unhandled = unhandled(coordinatorHandlers, message);
        if (unhandled != null) {
            throw unhandled;
        }
        e.send(message);
    }

    @Override
    public Object call(Object message) {
        Ecosystem e = delegate();
        UnhandledMessageException unhandled = unhandled(coordinatorHandlers, message);
        if (unhandled != null) {
            throw unhandled;
        }
        return e.call(message);
    }

    @Override
    public io.foundation.beam.messages.BroadcastReport broadcast(Object message) {
        Ecosystem e = delegate();
        UnhandledMessageException unhandled = unhandled(workerHandlers, message);
        if (unhandled != null) {
            throw unhandled;
        }
        return e.broadcast(message);
    }

    @Override
    public ProcessRef coordinator() {
        return delegate().coordinator();
    }

    @Override
    public List<ProcessRef> workers() {
        return delegate().workers();
    }

    @Override
    public ProcessRef supervisor() {
        return delegate().supervisor();
    }

    @Override
    public EcosystemInfo info() {
        return delegate().info();
    }

    @Override
    public java.util.Optional<io.foundation.beam.ecosystem.EcosystemMessageStats> messageStats() {
        return delegate().messageStats();
    }

    @Override
    public EcosystemHealth health() {
        return delegate().health();
    }

    @Override
    public EcosystemShutdownReport shutdown(Duration timeout) {
        Ecosystem e = running;
        return e == null ? new EcosystemShutdownReport(0, 0, 0, 0, Duration.ZERO) : e.shutdown(timeout);
    }

    @Override
    public EcosystemShutdownReport shutdown(Duration drain, Duration timeout) {
        Ecosystem e = running;
        return e == null ? new EcosystemShutdownReport(0, 0, 0, 0, Duration.ZERO) : e.shutdown(drain, timeout);
    }

    @Override
    public ProcessRef restartWorker(int index) {
        return delegate().restartWorker(index);
    }

    @Override
    public int resize(int workers) {
        return delegate().resize(workers);
    }

    @Override
    public boolean isRunning() {
        Ecosystem e = running;
        return e != null && e.isRunning();
    }

    @Override
    public String toString() {
        Ecosystem e = running;
        return e == null ? "Ecosystem[" + config.name() + ", NEW]" : e.toString();
    }
}
