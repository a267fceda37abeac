package io.foundation.beam.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The process table against a plain set: contents after random adds and removes, concurrency, and its footprint. */
class ProcessTableTest {

    private BeamRuntime runtime;
    private ProcessKernel kernel;

    @BeforeEach
    void setUp() {
        runtime = BeamRuntime.create();
        kernel = ((ProcessCell) runtime.spawn((m, c) -> null)).runtime;
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    /** Detached cells (never started, never in the kernel's own table) with the given ids. */
    private ProcessCell cell(long id) {
        return new ProcessCell(kernel, id, (io.foundation.beam.process.ProcessHandler) (m, c) -> null,
                io.foundation.beam.mailbox.MailboxSpec.unbounded(), false, -1L, false, false, false);
    }

    private static Set<ProcessCell> contents(ProcessTable table) {
        Set<ProcessCell> seen = new HashSet<>();
        table.forEach(c -> assertThat(seen.add(c)).as("visited once: %s", c).isTrue());
        return seen;
    }

    @Test
    void randomAddsAndRemovesKeepTheSameContentsAsASet() {
        ProcessTable table = new ProcessTable();
        Set<ProcessCell> expected = new HashSet<>();
        List<ProcessCell> cells = new ArrayList<>();
        for (long id = 1; id <= 5000; id++) {
            cells.add(cell(id));
        }
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            ProcessCell c = cells.get(random.nextInt(cells.size()));
            if (expected.contains(c)) {
                assertThat(table.remove(c)).isTrue();
                expected.remove(c);
            } else {
                assertThat(table.remove(c)).isFalse();
                table.add(c);
                expected.add(c);
            }
            if (step % 10_000 == 0) {
                assertThat(contents(table)).isEqualTo(expected);
            }
        }
        assertThat(contents(table)).isEqualTo(expected);
        assertThat(table.size()).isEqualTo(expected.size());
        for (ProcessCell c : cells) {
            assertThat(table.contains(c)).isEqualTo(expected.contains(c));
        }
        for (ProcessCell c : expected) {
            assertThat(table.remove(c)).isTrue();
        }
        assertThat(table.isEmpty()).isTrue();
        assertThat(table.snapshot()).isEmpty();
        // Shrunk back: each stripe's array at most 64 slots (it keeps up to that, so as not to regrow).
        assertThat(table.arrayBytes()).isLessThanOrEqualTo(ProcessTable.STRIPES * (16L + 4L * 64));
    }

    @Test
    void largeArraysShrinkWhenMostProcessesHaveEnded() {
        ProcessTable table = new ProcessTable();
        List<ProcessCell> cells = new ArrayList<>();
        for (long id = 1; id <= 100_000; id++) {
            ProcessCell c = cell(id);
            cells.add(c);
            table.add(c);
        }
        long full = table.arrayBytes();
        for (int i = 100; i < cells.size(); i++) {
            assertThat(table.remove(cells.get(i))).isTrue();
        }
        assertThat(table.size()).isEqualTo(100);
        assertThat(table.arrayBytes()).isLessThan(full / 10);
        assertThat(contents(table)).containsExactlyInAnyOrderElementsOf(cells.subList(0, 100));
    }

    @Test
    void concurrentAddsAndRemovesLoseNothing() throws Exception {
        ProcessTable table = new ProcessTable();
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<ProcessCell>>> kept = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long base = (long) t * perThread;
            kept.add(pool.submit(() -> {
                start.await();
                List<ProcessCell> mine = new ArrayList<>();
                for (int i = 1; i <= perThread; i++) {
                    ProcessCell c = cell(base + i);
                    table.add(c);
                    mine.add(c);
                    if (i % 3 == 0) {
                        // Take out an earlier one of this thread's cells, leaving two of every three.
                        ProcessCell gone = mine.remove(mine.size() - 2);
                        assertThat(table.remove(gone)).isTrue();
                    }
                }
                return mine;
            }));
        }
        // A reader iterating all along must never see a cell twice.
        start.countDown();
        for (int i = 0; i < 20; i++) {
            contents(table);
        }
        Set<ProcessCell> expected = new HashSet<>();
        for (Future<List<ProcessCell>> f : kept) {
            expected.addAll(f.get());
        }
        pool.shutdown();
        assertThat(contents(table)).isEqualTo(expected);
        assertThat(table.size()).isEqualTo(expected.size());
    }

    @Test
    void costsUnderElevenBytesPerProcess() {
        for (int n : new int[] {1000, 100_000}) {
            ProcessTable table = new ProcessTable();
            long empty = table.arrayBytes();
            for (long id = 1; id <= n; id++) {
                table.add(cell(id));
            }
            assertThat((double) (table.arrayBytes() - empty) / n).as("bytes per process at %d", n).isLessThan(11.0);
        }
    }

    @Test
    void theKernelsTableFollowsSpawnAndDeath() {
        ProcessRef a = runtime.spawn((m, c) -> null);
        ProcessRef b = runtime.spawn((m, c) -> null);
        assertThat(runtime.processCount()).isEqualTo(3);
        runtime.kill(a);
        org.awaitility.Awaitility.await().until(() -> runtime.processCount() == 2);
        assertThat(runtime.snapshot().processes()).extracting(p -> p.process()).contains(b).doesNotContain(a);
    }
}
