package io.foundation.beam.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * What the extension does to a test, seen by running fixture test classes through JUnit's launcher: a test that
 * leaves well-behaved processes passes (they end with the runtime), one that leaves a process which ignores the
 * shutdown fails naming it, and every test gets a runtime of its own.
 */
class BeamRuntimeExtensionTest {

    /** The fixtures run only from here (surefire skips nested classes, and this guards a run from an IDE). */
    static volatile boolean running;
    static final List<BeamRuntime> seen = new CopyOnWriteArrayList<>();

    @BeamTest
    static class LeavesOrdinaryProcesses {
        @BeforeEach
        void onlyFromTheOuterTest() {
            Assumptions.assumeTrue(running);
        }

        @Test
        void spawnsAndForgets(BeamRuntime runtime) {
            seen.add(runtime);
            runtime.spawn((m, c) -> null);
            runtime.spawn(ctx -> {
                ctx.receive();
            });
        }

        @Test
        void another(BeamRuntime runtime) {
            seen.add(runtime);
        }
    }

    @BeamTest
    static class LeavesAProcessThatIgnoresShutdown {
        @BeforeEach
        void onlyFromTheOuterTest() {
            Assumptions.assumeTrue(running);
        }

        @Test
        void leaks(BeamRuntime runtime) {
            CompletableFuture<Void> trapping = new CompletableFuture<>();
            ProcessRef stubborn = runtime.spawn(ctx -> {
                ctx.trapExits(true);
                trapping.complete(null);
                for (;;) {
                    ctx.receive(); // takes the shutdown signal as a message and carries on
                }
            });
            stubborn.send("hello");
            trapping.join(); // else the test may end before the process traps exits, and the listing says nothing of it
        }
    }

    private static TestExecutionSummary run(Class<?> fixture) {
        running = true;
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                    .build();
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            launcher.execute(request, summary);
            return summary.getSummary();
        } finally {
            running = false;
        }
    }

    @Test
    void processesThatEndWithTheRuntimePassAndEachTestHasItsOwnRuntime() {
        seen.clear();
        TestExecutionSummary summary = run(LeavesOrdinaryProcesses.class);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(summary.getTestsFailedCount()).isZero();
        assertThat(seen).hasSize(2).doesNotHaveDuplicates().allMatch(BeamRuntime::isClosed);
    }

    @Test
    void aProcessThatOutlivesTheTestFailsItNamingTheProcess() {
        TestExecutionSummary summary = run(LeavesAProcessThatIgnoresShutdown.class);
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        Throwable failure = summary.getFailures().get(0).getException();
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("processes outlived the test leaks(BeamRuntime)")
                .hasMessageContaining("1 did not end within PT2S of the shutdown signal and were killed")
                .hasMessageContaining("traps exits");
    }
}
