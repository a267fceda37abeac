package io.foundation.beam.boot.ecosystem;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.NoSuchEcosystemException;
import io.foundation.beam.ecosystem.Coordinator;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemShutdownReport;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.RingToken;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * The ecosystems of the application context and their lifecycle.
 *
 * <h2>Model</h2>
 * Built during the context's refresh from the declarations of the {@code @Worker} / {@code @Coordinator} bean
 * definitions: every enabled ecosystem's handlers are introspected, and its configuration made (by an
 * {@link EcosystemConfigurer}: the auto-configuration's adds the {@code foundation.beam.ecosystems.*} properties) and
 * checked, here, so that a bad configuration fails the startup before any process runs. Each process gets its own bean instance: the worker and coordinator factories call
 * {@link BeanFactory#getBean(String)} on the prototype-scoped definitions, once per process start and restart.
 *
 * <h2>Lifecycle</h2>
 * A {@link SmartLifecycle} in phase {@link #PHASE} ({@code DEFAULT_PHASE - 4096}): below the web server's
 * start/stop phase ({@code DEFAULT_PHASE - 2048}) and graceful-shutdown phase ({@code DEFAULT_PHASE - 1024}), so the
 * ecosystems start before the server takes traffic and stop after it has drained. {@link #start()} spawns the
 * ecosystems in declaration order; if one fails, those started are shut down and the failure propagates.
 * {@link #stop(Runnable)} shuts all ecosystems down concurrently: each first drains for up to the drain period if
 * {@code foundation.beam.shutdown.await-termination} is true, the default (no new work, accepted work completes), then
 * stops within
 * its {@code shutdown-timeout} (then its
 * remaining processes are killed), on a separate thread, and always runs the callback. The states are STOPPED →
 * RUNNING → STOPPED, guarded by {@code lock}; a stopped registry can be started again (a context restart).
 *
 * <p>Thread-safety: the lookups may be called from any thread; start and stop are serialised by the lock, which is
 * never held while ecosystems shut down.
 *
 * <p>Public because the auto-configuration (another package) creates it; applications use it as an
 * {@link EcosystemRegistry}.
 */
public final class DefaultEcosystemRegistry implements EcosystemRegistry, SmartLifecycle, DisposableBean {

    /** The lifecycle phase: below the web server's start/stop and graceful-shutdown phases. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log logger = LogFactory.getLog(DefaultEcosystemRegistry.class);

    private final BeamRuntime runtime;
    private final Map<String, EcosystemHandle> handles;
    private final List<String> disabled;
    private final Duration phaseTimeout;
    /** How long each ecosystem drains before its shutdown ({@code foundation.beam.shutdown.*}); ZERO: none. */
    private final Duration drain;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@code lock}. */
    private boolean running;
    /** The ecosystems started by the last {@link #start()}, in start order. Guarded by {@code lock}. */
    private List<EcosystemHandle> started = List.of();

    /**
     * Builds and checks every enabled ecosystem: introspects its handler methods and has its configuration made.
     *
     * @param runtime the runtime the ecosystems run on
     * @param registrar the post-processor that found the declarations (it has post-processed the bean definitions)
     * @param configurer makes each ecosystem's configuration
     * @param beanFactory creates a worker or coordinator bean instance per process, and destroys it
     * @param environment where {@code spring.lifecycle.timeout-per-shutdown-phase} is read, for a warning
     * @param observation wraps the handling of each message ({@link HandlerObservation#NONE} for none)
     * @throws BeamConfigurationException if a setting or a handler method is unusable
     */
    public DefaultEcosystemRegistry(BeamRuntime runtime, EcosystemBeanDefinitionRegistrar registrar,
            EcosystemConfigurer configurer, ConfigurableBeanFactory beanFactory, Environment environment,
            HandlerObservation observation) {
        this(runtime, registrar, configurer, beanFactory, environment, observation, Duration.ZERO);
    }

    /**
     * As {@link #DefaultEcosystemRegistry(BeamRuntime, EcosystemBeanDefinitionRegistrar, EcosystemConfigurer,
     * ConfigurableBeanFactory, Environment, HandlerObservation)}, with a drain on stop.
     *
     * @param drain how long each ecosystem drains on {@link #stop} before its shutdown
     *     ({@link io.foundation.beam.ecosystem.Ecosystem#shutdown(Duration, Duration)}); {@link Duration#ZERO} for none
     */
    public DefaultEcosystemRegistry(BeamRuntime runtime, EcosystemBeanDefinitionRegistrar registrar,
            EcosystemConfigurer configurer, ConfigurableBeanFactory beanFactory, Environment environment,
            HandlerObservation observation, Duration drain) {
        this.drain = java.util.Objects.requireNonNull(drain, "drain");
        this.runtime = runtime;
        EcosystemDeclarations declarations = registrar.declarations();
        Set<String> disabled = registrar.disabled();
        this.disabled = List.copyOf(disabled);
        Map<String, EcosystemHandle> built = new LinkedHashMap<>();
        for (EcosystemDeclaration d : declarations.ecosystems().values()) {
            if (disabled.contains(d.name())) {
                continue;
            }
            HandlerMethods workerHandlers = HandlerMethods.introspect(d.worker().beanName(), d.worker().beanClass(),
                    HandlerMethods.Role.WORKER);
            if (workerHandlers.isEmpty() && !Worker.class.isAssignableFrom(d.worker().beanClass())) {
                throw new BeamConfigurationException("@Worker bean " + d.worker() + " of ecosystem '" + d.name()
                        + "' has no @HandleMessage method, so its processes could not handle any work.",
                        "Add a @HandleMessage method to " + d.worker().beanClass().getName() + ", for example "
                                + "@HandleMessage Object handle(MyWork work), or implement "
                                + Worker.class.getName() + ".");
            }
            String workerBean = d.worker().beanName();
            Supplier<Worker> workers = () -> new BeanWorker(beanFactory.getBean(workerBean), workerHandlers,
                    workerBean, beanFactory, observation);
            HandlerMethods coordinatorHandlers = null;
            Supplier<Coordinator> coordinator = null;
            if (d.coordinator() != null) {
                HandlerMethods handlers = HandlerMethods.introspect(d.coordinator().beanName(),
                        d.coordinator().beanClass(), HandlerMethods.Role.COORDINATOR);
                if (handlers.isEmpty() && !Coordinator.class.isAssignableFrom(d.coordinator().beanClass())) {
                    throw new BeamConfigurationException("@Coordinator bean " + d.coordinator() + " of ecosystem '"
                            + d.name() + "' has no @HandleMessage method and does not implement "
                            + Coordinator.class.getName() + ", so it would do nothing the default coordinator "
                            + "does not.",
                            "Add a @HandleMessage method to " + d.coordinator().beanClass().getName()
                                    + ", implement " + Coordinator.class.getName() + " to route work, or remove "
                                    + "the bean to use the default coordinator.");
                }
                String coordinatorBean = d.coordinator().beanName();
                coordinatorHandlers = handlers;
                coordinator = () -> new BeanCoordinator(beanFactory.getBean(coordinatorBean), handlers,
                        coordinatorBean, beanFactory, observation);
            }
            EcosystemConfig config = configurer.configure(d, workers, coordinator);
            if (config.topology() == Topology.RING && !workerHandlers.isEmpty()
                    && workerHandlers.check(RingToken.class) != null) {
                throw new BeamConfigurationException("Ecosystem '" + d.name() + "' has topology ring, so its workers "
                        + "receive a " + RingToken.class.getName() + ", but @Worker bean " + d.worker()
                        + " has no @HandleMessage method that takes it.",
                        "Add a handler such as @HandleMessage void token(RingToken token, WorkerContext context) to "
                                + d.worker().beanClass().getName() + " (pass it on with context.passToken(token)), "
                                + "or change the topology of ecosystem '" + d.name() + "'.");
            }
            built.put(d.name(), new EcosystemHandle(config, workerHandlers, coordinatorHandlers));
        }
        this.handles = Collections.unmodifiableMap(built);
        this.phaseTimeout = Binder.get(environment).bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(Duration.ofSeconds(30));
    }

    // ------------------------------------------------------------------ EcosystemRegistry

    @Override
    public Ecosystem get(String name) {
        EcosystemHandle handle = handles.get(name);
        if (handle == null) {
            throw new NoSuchEcosystemException(name, List.copyOf(handles.keySet()), disabled.contains(name));
        }
        return handle;
    }

    @Override
    public Optional<Ecosystem> find(String name) {
        return Optional.ofNullable(handles.get(name));
    }

    @Override
    public Set<String> names() {
        return handles.keySet();
    }

    @Override
    public List<Ecosystem> ecosystems() {
        return List.copyOf(handles.values());
    }

    // ------------------------------------------------------------------ SmartLifecycle

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (running) {
                return;
            }
            warnIfShutdownExceedsPhase();
            List<EcosystemHandle> spawned = new ArrayList<>();
            for (EcosystemHandle handle : handles.values()) {
                try {
                    handle.attach(Ecosystems.spawnEcosystem(runtime, handle.config()));
                } catch (RuntimeException e) {
                    shutdownAll(spawned.reversed());
                    throw new IllegalStateException("Ecosystem '" + handle.name() + "' failed to start: "
                            + e.getMessage(), e);
                }
                spawned.add(handle);
                if (logger.isDebugEnabled()) {
                    logger.debug("Started ecosystem '" + handle.name() + "' with " + handle.config().workerCount()
                            + " workers on runtime '" + runtime.name() + "'");
                }
            }
            started = List.copyOf(spawned);
            running = true;
        } finally {
            lock.unlock();
        }
    }

    private void warnIfShutdownExceedsPhase() {
        for (EcosystemHandle handle : handles.values()) {
            Duration stop = drain.plus(handle.config().shutdownTimeout());
            if (stop.compareTo(phaseTimeout) > 0) {
                logger.warn("Ecosystem '" + handle.name() + "' may take up to " + stop + " to shut down ("
                        + (drain.isZero() ? "" : "foundation.beam.shutdown.await-termination-period " + drain + " plus ")
                        + EcosystemDeclaration.property(handle.name(), "shutdown-timeout") + " "
                        + handle.config().shutdownTimeout() + "), longer than "
                        + "spring.lifecycle.timeout-per-shutdown-phase (" + phaseTimeout + "): the context will stop "
                        + "waiting for it first. Raise the phase timeout or lower the "
                        + (drain.isZero() ? "" : "drain period or the ") + "shutdown timeout.");
            }
        }
    }

    @Override
    public void stop() {
        List<EcosystemHandle> toStop = markStopped();
        shutdownAll(toStop);
    }

    @Override
    public void stop(Runnable callback) {
        List<EcosystemHandle> toStop;
        try {
            toStop = markStopped();
        } catch (RuntimeException | Error e) {
            callback.run();
            throw e;
        }
        if (toStop.isEmpty()) {
            callback.run();
            return;
        }
        Runnable task = () -> {
            try {
                shutdownAll(toStop);
            } finally {
                callback.run();
            }
        };
        Thread thread;
        try {
            thread = Thread.ofPlatform().name("foundation-beam-shutdown").daemon(true).unstarted(task);
        } catch (RuntimeException | Error e) {
            logger.warn("Could not start the ecosystem shutdown thread; shutting down on the caller's thread", e);
            task.run();
            return;
        }
        thread.start();
    }

    private List<EcosystemHandle> markStopped() {
        lock.lock();
        try {
            if (!running) {
                return List.of();
            }
            running = false;
            List<EcosystemHandle> toStop = started.reversed();
            started = List.of();
            return toStop;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Shuts the ecosystems down concurrently, each after its drain (if any) and within its own shutdown timeout;
     * returns when all are done.
     */
    private void shutdownAll(List<EcosystemHandle> toStop) {
        List<Thread> threads = new ArrayList<>(toStop.size());
        for (EcosystemHandle handle : toStop) {
            threads.add(Thread.ofVirtual().name("foundation-beam-shutdown-" + handle.name()).start(() -> {
                try {
                    report(handle, handle.shutdown(drain, handle.config().shutdownTimeout()));
                } catch (RuntimeException e) {
                    logger.warn("Ecosystem '" + handle.name() + "' failed to shut down cleanly", e);
                }
            }));
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting (each shutdown is bounded), then restore the flag
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void report(EcosystemHandle handle, EcosystemShutdownReport report) {
        String message = "Stopped ecosystem '" + handle.name() + "' in " + report.took().toMillis() + " ms: "
                + report.stopped() + " processes stopped, " + report.killed() + " killed (" + report.orphaned()
                + " orphaned), " + report.abandonedWork() + " work items abandoned";
        if (report.killed() > 0) {
            logger.warn(message + ". Raise " + EcosystemDeclaration.property(handle.name(), "shutdown-timeout") + " if its "
                    + "processes need longer to stop.");
        } else if (report.abandonedWork() > 0) {
            logger.warn(message + " (their futures failed with EcosystemStoppedException"
                    + (drain.isZero() ? "; set foundation.beam.shutdown.await-termination=true to let accepted work "
                            + "complete first)." : " after the drain period of " + drain + ")."));
        } else if (logger.isDebugEnabled()) {
            logger.debug(message);
        }
    }

    @Override
    public boolean isRunning() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Stops what is still running if the context is destroyed without a lifecycle stop (a failed refresh). */
    @Override
    public void destroy() {
        stop();
    }
}
