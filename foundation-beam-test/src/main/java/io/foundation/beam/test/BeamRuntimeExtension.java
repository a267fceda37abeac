package io.foundation.beam.test;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ShutdownReport;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.telemetry.RuntimeSnapshot;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test its own {@link BeamRuntime} (named after the test) and checks, after the
 * test, that nothing it started outlives it. Use it with {@link BeamTest} or {@code @ExtendWith}.
 *
 * <h2>What it resolves</h2>
 * A parameter of type {@code BeamRuntime} (the test's runtime, the same one for the test method and its
 * {@code @BeforeEach} and {@code @AfterEach} methods) and of type {@link TestProbe} (a new probe in that runtime per
 * parameter).
 *
 * <h2>What "outlives the test" means</h2>
 * After each test (and its {@code @AfterEach} methods) the runtime is shut down as OTP stops an application: every
 * process gets an exit signal with reason {@code shutdown} and has {@link #SHUTDOWN_GRACE} to end. Processes that
 * ended are fine, whether the test stopped them or the shutdown did. The test fails if a process had to be killed
 * after the grace period (it traps exits and ignored the shutdown, or its code does not return), or if a killed
 * process's thread still runs (an orphan: code that ignores interruption); the failure lists the processes that were
 * alive when the test ended, with their status.
 */
public final class BeamRuntimeExtension implements ParameterResolver, AfterEachCallback {

    /** How long the processes a test leaves behind have to end after the shutdown signal: 2 seconds. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(BeamRuntimeExtension.class);

    /** For JUnit. */
    public BeamRuntimeExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == BeamRuntime.class || type == TestProbe.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        BeamRuntime runtime = runtime(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == BeamRuntime.class) {
            return runtime;
        }
        if (type == TestProbe.class) {
            return TestProbe.create(runtime);
        }
        throw new ParameterResolutionException("BeamRuntimeExtension does not resolve " + type.getName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        BeamRuntime runtime = context.getStore(NAMESPACE).remove(BeamRuntime.class, BeamRuntime.class);
        if (runtime == null) {
            return; // the test asked for no runtime
        }
        RuntimeSnapshot atEnd = runtime.snapshot();
        ShutdownReport report = runtime.shutdown(SHUTDOWN_GRACE);
        if (report.killed() > 0 || report.orphaned() > 0) {
            String alive = atEnd.processes().stream()
                    .map(p -> "  " + describe(p))
                    .collect(Collectors.joining("\n"));
            throw new AssertionError("processes outlived the test " + context.getDisplayName() + ": "
                    + report.killed() + " did not end within " + SHUTDOWN_GRACE + " of the shutdown signal and were"
                    + " killed, " + report.orphaned() + " of them still run (their code ignores interruption)."
                    + " Processes alive when the test ended:\n" + alive);
        }
    }

    private static BeamRuntime runtime(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        return store.computeIfAbsent(BeamRuntime.class,
                key -> BeamRuntime.builder().name(runtimeName(context)).build(), BeamRuntime.class);
    }

    private static String runtimeName(ExtensionContext context) {
        String name = context.getTestMethod().map(m -> m.getName()).orElse(context.getDisplayName());
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String describe(ProcessInfo p) {
        return p.process() + " " + p.status() + (p.trapExits() ? ", traps exits" : "") + ", " + p.behavior();
    }
}
