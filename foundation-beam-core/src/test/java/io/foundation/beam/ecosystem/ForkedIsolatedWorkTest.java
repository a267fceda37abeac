package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolated work in child JVMs, through the public API: outcomes (result, task failure, heap limit, kill -9, timeout,
 * refused classes), the pool's recovery after each, the async and reply forms, and in-process behaviour. One runtime
 * for the class, so the tests share one pool (its children are recycled after each task).
 */
class ForkedIsolatedWorkTest {

    private static final long MB = 1024 * 1024;
    /** Small children that start fast: every test uses these options, so they share one pool. */
    private static final IsolationOptions FORKED = IsolationOptions.forked().withMaxHeap(32 * MB)
            .withJvmFlags("-XX:TieredStopAtLevel=1").withTimeout(Duration.ofSeconds(30));

    private static BeamRuntime runtime;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        runtime = BeamRuntime.builder().name("forked").build();
    }

    @AfterAll
    static void close() {
        runtime.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> childJvms().isEmpty());
    }

    private static List<ProcessHandle> childJvms() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("internal.fork.ChildMain")).toList();
    }

    @Test
    void aResultCrossesAndEachTaskGetsAFreshChild() {
        long sum = Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Sum.class,
                new ForkedTasks.Order("o-1", new long[] {1, 2, 3, 4}), FORKED);
        assertThat(sum).isEqualTo(10);
        long first = Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Pid.class, "a", FORKED);
        long second = Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Pid.class, "b", FORKED);
        assertThat(first).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(second).as("recycled after each task").isNotEqualTo(first);
        Object values = List.of("a", java.util.Map.of("k", List.of(1L, new java.math.BigDecimal("2.5"))),
                java.time.Instant.EPOCH, new java.util.ArrayList<>(List.of(java.util.UUID.randomUUID())));
        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Echo.class, values, FORKED))
                .isEqualTo(values);
        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.JvmArguments.class, "", FORKED))
                .containsSubsequence("-Xmx32m", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxMetaspaceSize=128m",
                        "-XX:MaxDirectMemorySize=64m", "-XX:+UseSerialGC", "-XX:+DisplayVMOutputToStderr",
                        "-Xshare:auto", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void aReusedChildRunsSeveralTasks() {
        IsolationOptions reused = FORKED.withReuse(3, 0);
        long first = Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Pid.class, "a", reused);
        long second = Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Pid.class, "b", reused);
        assertThat(second).isEqualTo(first);

        // A child's used heap after a task (garbage included) is above 1 MB: replaced after each task.
        IsolationOptions reusedUnderAThreshold = FORKED.withReuse(3, MB);
        long third = Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Pid.class, "c", reusedUnderAThreshold);
        long fourth = Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Pid.class, "d", reusedUnderAThreshold);
        assertThat(fourth).isNotEqualTo(third);
    }

    @Test
    void aLauncherStartsTheChildAndTheChildRunsTheTaskAndItsDataInTheLaunchersClassLoader() {
        // As Spring Boot's PropertiesLauncher runs ChildMain from an executable jar: were the task, its input or its
        // result resolved in the system class loader, they would be other classes than the launched ChildMain's.
        IsolationOptions launched = FORKED.withLauncher(ForkedTasks.Launcher.class.getName(),
                ForkedTasks.Launcher.MAIN_PROPERTY);
        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.LoaderAndSum.class,
                new ForkedTasks.Order("o-2", new long[] {5, 6}), launched))
                .isEqualTo(ForkedTasks.Launcher.LOADER_NAME + " 11");
        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Echo.class,
                new ForkedTasks.Order("o-3", new long[] {7}), launched))
                .isInstanceOfSatisfying(ForkedTasks.Order.class, o -> assertThat(o.quantities()).containsExactly(7));
        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.JvmArguments.class, "", launched))
                .contains("-D" + ForkedTasks.Launcher.MAIN_PROPERTY + "=io.foundation.beam.internal.fork.ChildMain")
                .containsSubsequence("-Xmx32m", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void aLauncherIsAClassNameAndAPropertyNameOfForkedWork() {
        assertThat(FORKED.withLauncher("org.springframework.boot.loader.launch.PropertiesLauncher", "loader.main"))
                .satisfies(o -> assertThat(o.launcherMainClass())
                        .contains("org.springframework.boot.loader.launch.PropertiesLauncher"))
                .satisfies(o -> assertThat(o.launcherMainClassProperty()).contains("loader.main"))
                .satisfies(o -> assertThat(o.withMaxHeap(64 * MB).launcherMainClass()).isPresent());
        assertThat(FORKED.launcherMainClass()).isEmpty();
        assertThatThrownBy(() -> FORKED.withLauncher("not a class", "loader.main"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not a class'");
        assertThatThrownBy(() -> FORKED.withLauncher("a.Launcher", "loader.main=x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'loader.main=x'");
        assertThatThrownBy(() -> IsolationOptions.inProcess().withLauncher("a.Launcher", "loader.main"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("withLauncher");
    }

    @Test
    void anAotCacheNeedsAClassPathOfJarFiles() {
        // The test's class path holds target/classes and target/test-classes: the JVM would refuse to build the cache.
        // ForkedWorkBenchmark (one JAR) builds and uses one: docs/benchmarks.md.
        Path cache = dir.resolve("children.aot");
        assertThatThrownBy(() -> Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Pid.class, "",
                FORKED.withAotCache(cache)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a class path of JAR files only")
                .hasMessageContaining("target/classes is a directory")
                .hasMessageContaining("withAotCache");
        assertThat(cache).doesNotExist();
    }

    @Test
    void aTaskOverItsHeapCapEndsItsChildNotThisJvmAndThePoolGoesOn() {
        List<MemoryPoolMXBean> tenured = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && !p.getName().contains("Eden")
                        && !p.getName().contains("Survivor")).toList();
        System.gc();
        long before = tenured.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        tenured.forEach(MemoryPoolMXBean::resetPeakUsage);

        assertThatThrownBy(() -> Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Allocate.class, 64,
                FORKED))
                .isInstanceOfSatisfying(IsolatedHeapLimitException.class, e -> {
                    assertThat(e.outcome()).isEqualTo(IsolatedWorkException.Outcome.HEAP_LIMIT);
                    assertThat(e.maxHeapBytes()).isEqualTo(32 * MB);
                    assertThat(e).hasMessageContaining(ForkedTasks.Allocate.class.getName())
                            .hasMessageContaining("heap cap of 32 MB").hasMessageContaining("withMaxHeap");
                });
        // The 64 MB array is larger than the young generation, so had it been allocated here it would have gone to the
        // old generation (G1: a humongous region; serial and parallel: tenured) and raised its peak by 64 MB.
        long peakGrowth = tenured.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() - before;
        assertThat(peakGrowth).as("growth of this JVM's old-generation peak, bytes").isLessThan(32 * MB);

        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Allocate.class, 8, FORKED))
                .isEqualTo(8 * 1024 * 1024);
    }

    @Test
    void killMinus9OfAChildMidTaskIsACrashAndThePoolRestartsIt() throws Exception {
        Path marker = dir.resolve("pid");
        IsolatedWorkHandle<String> handle = Ecosystems.isolateMemoryIntensiveWorkAsync(runtime,
                ForkedTasks.Block.class, marker, FORKED);
        long pid = awaitPid(marker);
        ProcessRef owner = handle.process().get(5, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

        assertThatThrownBy(() -> handle.result().get(15, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(IsolatedWorkCrashedException.class, e -> {
                    assertThat(e.outcome()).isEqualTo(IsolatedWorkException.Outcome.CRASHED);
                    assertThat(e.exitStatus()).isEqualTo(137);
                    assertThat(e).hasMessageContaining("child JVM " + pid).hasMessageContaining("signal 9");
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> !owner.isAlive());
        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Sum.class,
                new ForkedTasks.Order("o-2", new long[] {5}), FORKED)).isEqualTo(5);
    }

    @Test
    void aTimeoutKillsTheChildAndThePoolGoesOn() throws Exception {
        Path marker = dir.resolve("pid");
        IsolatedWorkHandle<String> handle = Ecosystems.isolateMemoryIntensiveWorkAsync(runtime,
                ForkedTasks.Block.class, marker, FORKED.withTimeout(Duration.ofSeconds(6)));
        long pid = awaitPid(marker);
        assertThatThrownBy(() -> handle.result().get(20, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(IsolatedWorkKilledException.class, e -> {
                    assertThat(e.outcome()).isEqualTo(IsolatedWorkException.Outcome.TIMED_OUT);
                    assertThat(e).hasMessageContaining("did not finish within PT6S")
                            .hasMessageContaining("child JVM " + pid + " was killed");
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).isEmpty()
                || !ProcessHandle.of(pid).get().isAlive());
        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Pid.class, "next", FORKED))
                .isNotEqualTo(pid);
    }

    @Test
    void killingTheHandleKillsTheTask() throws Exception {
        Path marker = dir.resolve("pid");
        IsolatedWorkHandle<String> handle = Ecosystems.isolateMemoryIntensiveWorkAsync(runtime,
                ForkedTasks.Block.class, marker, FORKED);
        long pid = awaitPid(marker);
        handle.kill();
        assertThatThrownBy(() -> handle.result().get(15, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(IsolatedWorkKilledException.class,
                        e -> assertThat(e.outcome()).isEqualTo(IsolatedWorkException.Outcome.KILLED));
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).isEmpty()
                || !ProcessHandle.of(pid).get().isAlive());
    }

    @Test
    void aTasksExceptionComesBackWithItsClassMessageStackAndCause() {
        assertThatThrownBy(() -> Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Fail.class, "x", FORKED))
                .isInstanceOfSatisfying(IsolatedTaskFailedException.class, e -> {
                    assertThat(e.outcome()).isEqualTo(IsolatedWorkException.Outcome.FAILED);
                    assertThat(e).hasMessageContaining("bad input: x");
                    ForkedTaskException cause = (ForkedTaskException) e.getCause();
                    assertThat(cause.exceptionClassName()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(cause.originalMessage()).isEqualTo("bad input: x");
                    assertThat(cause.getStackTrace()).anySatisfy(frame -> {
                        assertThat(frame.getClassName()).isEqualTo(ForkedTasks.Fail.class.getName());
                        assertThat(frame.getMethodName()).isEqualTo("run");
                        assertThat(frame.getFileName()).isEqualTo("ForkedTasks.java");
                        assertThat(frame.getLineNumber()).isPositive();
                    });
                    ForkedTaskException root = (ForkedTaskException) cause.getCause();
                    assertThat(root.exceptionClassName()).isEqualTo("java.io.IOException");
                    assertThat(root).hasMessage("java.io.IOException: disk on fire");
                });
    }

    @Test
    void aClassOffTheAllowListIsRefusedByNameWithTheWayToAllowIt() {
        assertThatThrownBy(() -> Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Echo.class,
                new AtomicInteger(7), FORKED))
                .isInstanceOfSatisfying(IsolatedDataRefusedException.class, e -> {
                    assertThat(e.outcome()).isEqualTo(IsolatedWorkException.Outcome.REFUSED);
                    assertThat(e.className()).isEqualTo("java.util.concurrent.atomic.AtomicInteger");
                    assertThat(e).hasMessageContaining("class java.util.concurrent.atomic.AtomicInteger is not on "
                            + "the allow-list").hasMessageContaining("(input)").hasMessageContaining(
                            "withAllowedClasses(\"java.util.concurrent.atomic.AtomicInteger\")");
                });
        assertThatThrownBy(() -> Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Counter.class, 5L,
                FORKED))
                .isInstanceOfSatisfying(IsolatedDataRefusedException.class, e -> {
                    assertThat(e.className()).isEqualTo("java.util.concurrent.atomic.AtomicLong");
                    assertThat(e).hasMessageContaining("(the result)").hasMessageContaining("withAllowedClasses");
                });
        AtomicLong allowed = Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Counter.class, 5L,
                FORKED.withAllowedClasses("java.util.concurrent.atomic.*"));
        assertThat(allowed.get()).isEqualTo(5);
        assertThatThrownBy(() -> Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Echo.class,
                new Object(), FORKED))
                .isInstanceOfSatisfying(IsolatedDataRefusedException.class, e -> assertThat(e)
                        .hasMessageContaining("java.lang.Object, which is not serializable"));
    }

    @Test
    void largeDataCrossesAsAFile() throws IOException {
        Path in = Files.writeString(dir.resolve("in.txt"), "large data");
        Path out = Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.UpperCaseFile.class, in, FORKED);
        assertThat(Files.readString(out)).isEqualTo("LARGE DATA");
    }

    @Test
    void theAsyncFormAndTheReplyForm() throws Exception {
        IsolatedWorkHandle<Long> handle = Ecosystems.isolateMemoryIntensiveWorkAsync(runtime, ForkedTasks.Sum.class,
                new ForkedTasks.Order("o-3", new long[] {40, 2}), FORKED);
        assertThat(handle.result().get(30, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(handle.process().getNow(null)).isNotNull();

        CompletableFuture<Object> ok = new CompletableFuture<>();
        CompletableFuture<Object> failed = new CompletableFuture<>();
        ProcessRef caller = runtime.spawn(ctx -> {
            ok.complete(ctx.receive());
            failed.complete(ctx.receive());
        });
        IsolatedWorkHandle<Long> first = Ecosystems.isolateMemoryIntensiveWorkAndReply(runtime,
                ForkedTasks.Sum.class, new ForkedTasks.Order("o-4", new long[] {1}), FORKED, caller);
        assertThat(ok.get(30, TimeUnit.SECONDS)).isEqualTo(new IsolatedWorkCompleted(first.ref(), 1L));
        IsolatedWorkHandle<String> second = Ecosystems.isolateMemoryIntensiveWorkAndReply(runtime,
                ForkedTasks.Fail.class, "y", FORKED, caller);
        assertThat(failed.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(IsolatedWorkFailed.class, f -> {
            assertThat(f.ref()).isEqualTo(second.ref());
            assertThat(f.exception()).isInstanceOf(IsolatedTaskFailedException.class)
                    .hasMessageContaining("bad input: y");
        });
    }

    @Test
    void inProcessKeepsTodaysBehaviour() throws Exception {
        long sum = Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Sum.class,
                new ForkedTasks.Order("o-5", new long[] {2, 3}), IsolationOptions.inProcess());
        assertThat(sum).isEqualTo(5);
        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Pid.class, "here",
                IsolationOptions.inProcess())).isEqualTo(ProcessHandle.current().pid());
        AtomicInteger notSerializable = new AtomicInteger(3);
        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Echo.class, notSerializable,
                IsolationOptions.inProcess())).as("passed by reference").isSameAs(notSerializable);
        assertThatThrownBy(() -> Ecosystems.isolateMemoryIntensiveWork(runtime, ForkedTasks.Fail.class, "z",
                IsolationOptions.inProcess()))
                .isInstanceOfSatisfying(IsolatedTaskFailedException.class, e -> assertThat(e.getCause())
                        .isInstanceOf(IllegalStateException.class).hasMessage("bad input: z"));
        IsolatedWorkHandle<String> blocked = Ecosystems.isolateMemoryIntensiveWorkAsync(runtime,
                ForkedTasks.Block.class, dir.resolve("in-process"), IsolationOptions.inProcess()
                        .withTimeout(Duration.ofMillis(500)));
        ProcessRef pid = blocked.process().get();
        assertThatThrownBy(() -> blocked.result().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(IsolatedWorkKilledException.class,
                        e -> assertThat(e.outcome()).isEqualTo(IsolatedWorkException.Outcome.TIMED_OUT));
        await().atMost(Duration.ofSeconds(5)).until(() -> !pid.isAlive());
        assertThatThrownBy(() -> IsolationOptions.inProcess().withMaxHeap(64 * MB))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("IsolationOptions.forked()");
    }

    @Test
    void aTaskClassAChildCannotCreateIsRefusedAtOnce() {
        assertThatThrownBy(() -> Ecosystems.isolateMemoryIntensiveWork(runtime, NoDefaultConstructor.class, "x",
                FORKED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NoDefaultConstructor.class.getName())
                .hasMessageContaining("no public no-argument constructor");
    }

    /** A task a child cannot create. */
    public static final class NoDefaultConstructor implements IsolatedTask<String, String> {
        private final String prefix;

        /** @param prefix a prefix */
        public NoDefaultConstructor(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public String run(String input) {
            return prefix + input;
        }
    }

    private static long awaitPid(Path marker) throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker));
        return Long.parseLong(Files.readString(marker).trim());
    }
}
