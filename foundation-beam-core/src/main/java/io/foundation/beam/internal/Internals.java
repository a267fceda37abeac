package io.foundation.beam.internal;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.Ticker;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.telemetry.BeamEventListener;
import io.foundation.beam.telemetry.ProcessTop;
import java.util.List;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.internal.ecosystem.EcosystemLauncher;
import io.foundation.beam.internal.ecosystem.IsolatedWork;
import io.foundation.beam.internal.observe.TopSampler;
import io.foundation.beam.internal.port.PortProcess;
import io.foundation.beam.port.PortSpec;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.internal.process.DedicatedThreadPool;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.internal.process.RuntimeSettings;
import io.foundation.beam.internal.supervision.DynamicSupervisorProcess;
import io.foundation.beam.process.DedicatedThreads;
import io.foundation.beam.internal.supervision.SupervisorProcess;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.ChildSpec;
import io.foundation.beam.supervision.DynamicSupervisor;
import io.foundation.beam.supervision.DynamicSupervisorSpec;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorSpec;
import java.time.Duration;
import java.util.concurrent.Callable;
import io.foundation.beam.ecosystem.IsolatedTask;
import io.foundation.beam.ecosystem.IsolatedWorkHandle;
import io.foundation.beam.ecosystem.IsolationOptions;

/**
 * The one door from the public API into the implementation: the API's factories ({@code BeamRuntime.Builder},
 * {@code Supervisor.start}, {@code Ecosystems}) call these and nothing else in {@code internal} (an architecture
 * test checks it). Not for applications.
 */
public final class Internals {

    private Internals() {
    }

    /**
     * The settings {@code BeamRuntime.Builder} collected and validated (see {@link RuntimeSettings}).
     *
     * @return a new runtime
     */
    public static BeamRuntime newRuntime(String name, Ticker ticker, MailboxSpec defaultMailbox,
            Duration shutdownTimeout, Duration orphanGracePeriod, Duration housekeepingInterval,
            int messagesPerActivation, List<BeamEventListener> listeners) {
        return new DefaultBeamRuntime(new RuntimeSettings(name, ticker, defaultMailbox, shutdownTimeout,
                orphanGracePeriod, housekeepingInterval, messagesPerActivation, listeners));
    }

    /**
     * @param runtime the runtime
     * @param spec the spec
     * @return a started top-level supervisor
     */
    public static Supervisor startSupervisor(BeamRuntime runtime, SupervisorSpec spec) {
        return SupervisorProcess.start(runtime, spec);
    }

    /**
     * @param context the calling process's context
     * @param spec the spec
     * @return a started supervisor linked to the caller
     */
    public static Supervisor startLinkedSupervisor(ProcessContext context, SupervisorSpec spec) {
        return SupervisorProcess.startLink(context, spec);
    }

    /**
     * @param runtime the supervisor's runtime
     * @param process a supervisor process
     * @return a handle on it
     */
    public static Supervisor supervisor(BeamRuntime runtime, ProcessRef process) {
        return SupervisorProcess.handle(runtime, process);
    }

    /**
     * @param runtime the supervisor's runtime
     * @param name the supervisor's registered name
     * @return a handle on it
     */
    public static Supervisor supervisor(BeamRuntime runtime, String name) {
        return SupervisorProcess.handle(runtime, name);
    }

    /**
     * @param runtime the runtime
     * @param spec the flags
     * @return a started, unlinked dynamic supervisor
     */
    public static DynamicSupervisor startDynamicSupervisor(BeamRuntime runtime, DynamicSupervisorSpec spec) {
        return DynamicSupervisorProcess.start(runtime, spec);
    }

    /**
     * @param context the calling process's context
     * @param spec the flags
     * @return a started dynamic supervisor linked to the caller
     */
    public static DynamicSupervisor startLinkedDynamicSupervisor(ProcessContext context, DynamicSupervisorSpec spec) {
        return DynamicSupervisorProcess.startLink(context, spec);
    }

    /**
     * @param runtime the supervisor's runtime
     * @param process a dynamic supervisor process
     * @return a handle on it
     */
    public static DynamicSupervisor dynamicSupervisor(BeamRuntime runtime, ProcessRef process) {
        return DynamicSupervisorProcess.handle(runtime, process);
    }

    /**
     * @param runtime the runtime
     * @param config the configuration
     * @return the running ecosystem
     */
    public static Ecosystem spawnEcosystem(BeamRuntime runtime, EcosystemConfig config) {
        return EcosystemLauncher.spawn(runtime, config);
    }

    /**
     * @param runtime the runtime
     * @param work the work
     * @param timeout the longest wait
     * @param <T> the result type
     * @return the work's result
     */
    public static <T> T isolateMemoryIntensiveWork(BeamRuntime runtime, Callable<T> work, Duration timeout) {
        return IsolatedWork.run(runtime, work, timeout);
    }

    /** @return the result; see {@code Ecosystems.isolateMemoryIntensiveWork(runtime, taskClass, input, options)} */
    public static <I, O> O isolateMemoryIntensiveWork(BeamRuntime runtime,
            Class<? extends IsolatedTask<I, O>> taskClass, I input, IsolationOptions options) {
        return IsolatedWork.run(runtime, taskClass, input, options);
    }

    /** @return the work under way; see {@code Ecosystems.isolateMemoryIntensiveWorkAsync} */
    public static <I, O> IsolatedWorkHandle<O> isolateMemoryIntensiveWorkAsync(BeamRuntime runtime,
            Class<? extends IsolatedTask<I, O>> taskClass, I input, IsolationOptions options) {
        return IsolatedWork.start(runtime, taskClass, input, options);
    }

    /** @return the work under way; see {@code Ecosystems.isolateMemoryIntensiveWorkAndReply} */
    public static <I, O> IsolatedWorkHandle<O> isolateMemoryIntensiveWorkAndReply(BeamRuntime runtime,
            Class<? extends IsolatedTask<I, O>> taskClass, I input, IsolationOptions options, ProcessRef replyTo) {
        return IsolatedWork.startAndReply(runtime, taskClass, input, options, replyTo);
    }

    /**
     * @param runtime a runtime built by {@code BeamRuntime.builder()}
     * @return a new sampler of its processes, with no previous sample
     * @throws IllegalArgumentException if the runtime is another implementation of {@link BeamRuntime}
     */
    public static ProcessTop processTop(BeamRuntime runtime) {
        return new TopSampler(Kernel.of(runtime));
    }

    /**
     * @param name the name of the set and of its threads
     * @return a new set of dedicated platform threads
     */
    public static DedicatedThreads dedicatedThreads(String name) {
        return new DedicatedThreadPool(name);
    }

    /**
     * @param runtime the runtime
     * @param spec a spec with a receiver
     * @return the port, started
     */
    public static ProcessRef openPort(BeamRuntime runtime, PortSpec spec) {
        return PortProcess.open(runtime, spec);
    }

    /**
     * @param context the opening process
     * @param spec the spec (without a receiver, the opening process receives the output)
     * @return the port, started and linked to the opening process
     */
    public static ProcessRef openLinkedPort(ProcessContext context, PortSpec spec) {
        return PortProcess.openLinked(context, spec);
    }

    /**
     * @param spec a spec with a receiver
     * @return a fresh handler of a port process, for a supervisor to spawn linked
     */
    public static ProcessHandler portHandler(PortSpec spec) {
        return PortProcess.handler(spec);
    }

    /**
     * @param spec a port's spec
     * @return the options its process is spawned with
     */
    public static SpawnOptions portOptions(PortSpec spec) {
        return PortProcess.options(spec);
    }
}
