package io.foundation.beam.internal.observe;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.Ticker;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.internal.process.ProcessVisitor;
import io.foundation.beam.internal.supervision.DynamicSupervisorProcess;
import io.foundation.beam.internal.supervision.SupervisorProcess;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.ProcessStatus;
import io.foundation.beam.telemetry.ProcessTop;
import io.foundation.beam.telemetry.TopEntry;
import io.foundation.beam.telemetry.TopSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link ProcessTop} of one runtime: etop's view, from one pass over the process table.
 *
 * <h2>Model</h2>
 * A sample asks the kernel to show it every live process ({@link Kernel#forEachProcess}) and visits each once.
 * Per process it reads what costs nothing to read (mailbox length, messages processed, memory figure, behaviour
 * class) and offers the process to three bounded heaps of {@code limit} entries ({@link TopHeap}: longest mailbox,
 * most messages since the previous sample, largest memory figure) and, if it is a supervisor, to one of two heaps
 * that keep the {@value ProcessTop#MAX_SUPERVISORS} lowest ids. After the pass it drains the heaps, best first, and
 * asks {@code BeamRuntime.info} once for each distinct process listed (skipping one that ended meanwhile): the only
 * allocation that grows with the sample is for what it returns, never with the number of processes.
 *
 * <h2>State</h2>
 * <ul>
 *   <li>{@code previous}: each process's messages processed at the previous sample, by process id; {@code current}
 *       is filled during the pass, and the two are swapped after it ({@link LongLongMap}, primitive, reused): one
 *       entry per process live at the previous sample, so ended processes drop out at the next one.</li>
 *   <li>{@code previousTick}: the ticker's reading at the start of the previous sample; {@code sequence}: samples
 *       taken.</li>
 *   <li>The heaps and the per-pass figures (totals, and whether the pass has an interval to rate over), which
 *       live only during a sample.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>All state is touched only under {@code lock}: concurrent samples run one after the other, and each sees
 *       the previous one's counts.</li>
 *   <li>A process's message delta is {@code processed - previous(id)}, where an absent id counts 0 (spawned since
 *       the previous sample), except when the pass has no interval (the first sample, or a ticker that did not move
 *       since the previous one), where every delta is 0, so that no list or total holds a rate it cannot state.
 *       A delta is never negative (the kernel's count only grows; a negative one is read as 0).</li>
 *   <li>The lists' order is total: key descending, then id ascending, so equal figures list the older process
 *       first and two samples of a quiet runtime list the same processes.</li>
 * </ul>
 *
 * <h2>What the figures mean, and do not</h2>
 * The figures of one process are read without stopping it, as {@code BeamRuntime.info} reads them; the pass is not
 * atomic across processes: one spawned or ended during it may or may not count, and totals are sums of readings
 * taken at slightly different moments. A rate is messages handed to the process's code per second of the runtime's
 * ticker between the starts of two samples, an average over that interval, not a peak; a process that was not
 * live at the previous sample counts from zero even if it took messages before this one's interval began (it was
 * spawned in it). When the ticker did not move between two samples, no rate can be computed and every rate is 0.
 * The memory figure is the runtime's bookkeeping described by {@link ProcessInfo}, by the kernel's one formula,
 * so a listed entry's {@code info().memoryBytes()} equals the figure it was ranked by unless the process changed
 * in between. The {@code ProcessInfo} of an entry is read after the pass, so its figures may differ from those it
 * was ranked by on a busy runtime. {@code scanTime} includes those {@code info} calls.
 */
public final class TopSampler implements ProcessTop {

    private final Kernel kernel;
    private final BeamRuntime runtime;
    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    /** This sampler's {@link #visit}, made once: a private method, so that no caller can visit outside a sample. */
    private final ProcessVisitor visitor = this::visit;

    // Between samples (under lock).
    private LongLongMap previous = new LongLongMap();
    private LongLongMap current = new LongLongMap();
    private long previousTick;
    private long sequence;

    // During a pass (under lock).
    private final TopHeap byMailbox = new TopHeap();
    private final TopHeap byDelta = new TopHeap();
    private final TopHeap byMemory = new TopHeap();
    private final TopHeap supervisors = new TopHeap();
    private final TopHeap dynamicSupervisors = new TopHeap();
    /** Whether this pass has an interval to rate over: not the first sample, and the ticker moved. */
    private boolean rated;
    private int processCount;
    private int supervisorCount;
    private long totalMailbox;
    private long totalMemory;
    private long totalDelta;

    /**
     * @param kernel the kernel of the runtime to sample
     */
    public TopSampler(Kernel kernel) {
        this.kernel = kernel;
        this.runtime = kernel.runtime();
        this.ticker = kernel.ticker();
    }

    @Override
    public TopSample sample(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        lock.lock();
        try {
            return sampleLocked(limit);
        } finally {
            lock.unlock();
        }
    }

    private TopSample sampleLocked(int limit) {
        long start = ticker.read();
        long intervalNanos = sequence == 0 ? 0L : Math.max(0L, start - previousTick);
        rated = intervalNanos > 0;
        byMailbox.reset(limit);
        byDelta.reset(limit);
        byMemory.reset(limit);
        supervisors.reset(MAX_SUPERVISORS);
        dynamicSupervisors.reset(MAX_SUPERVISORS);
        processCount = 0;
        supervisorCount = 0;
        totalMailbox = 0;
        totalMemory = 0;
        totalDelta = 0;
        current.clear(previous.size());

        kernel.forEachProcess(visitor);

        LongLongMap swap = previous;
        previous = current;
        current = swap;
        previousTick = start;
        long seq = ++sequence;

        double seconds = intervalNanos / 1e9;
        Map<ProcessRef, Optional<ProcessInfo>> infos = new HashMap<>();
        List<TopEntry> mailboxList = entries(byMailbox, seconds, infos);
        List<TopEntry> rateList = entries(byDelta, seconds, infos);
        List<TopEntry> memoryList = entries(byMemory, seconds, infos);
        List<ProcessRef> supervisorList = refs(supervisors);
        List<ProcessRef> dynamicSupervisorList = refs(dynamicSupervisors);
        double messagesPerSecond = rate(totalDelta, seconds);
        long end = ticker.read();
        return new TopSample(seq, Duration.ofNanos(intervalNanos), Duration.ofNanos(Math.max(0L, end - start)),
                processCount, totalMailbox, totalMemory, messagesPerSecond, mailboxList, rateList, memoryList,
                supervisorList, dynamicSupervisorList, supervisorCount);
    }

    /** One live process of the pass: see the class comment. On the sampling thread, under the lock. */
    private void visit(ProcessRef process, Object behavior, ProcessStatus status, int mailboxLength,
            long messagesProcessed, long memoryBytes) {
        long id = process.id();
        int hash = process.hashCode(); // the process table's order: see LongLongMap
        long delta = rated ? Math.max(0L, messagesProcessed - previous.get(id, hash, 0L)) : 0L;
        current.put(id, hash, messagesProcessed);
        processCount++;
        totalMailbox += mailboxLength;
        totalMemory += memoryBytes;
        totalDelta += delta;
        if (mailboxLength > 0) {
            byMailbox.offer(mailboxLength, id, delta, process);
        }
        if (delta > 0) {
            byDelta.offer(delta, id, delta, process);
        }
        byMemory.offer(memoryBytes, id, delta, process);
        if (behavior instanceof SupervisorProcess) {
            supervisorCount++;
            supervisors.offer(-id, id, 0L, process);
        } else if (behavior instanceof DynamicSupervisorProcess) {
            supervisorCount++;
            dynamicSupervisors.offer(-id, id, 0L, process);
        }
    }

    /** Drains a heap into entries, best first, with one {@code info} call per distinct process of the sample. */
    private List<TopEntry> entries(TopHeap heap, double seconds, Map<ProcessRef, Optional<ProcessInfo>> infos) {
        List<TopEntry> out = new ArrayList<>(heap.size());
        heap.drainBestFirst((ref, id, key, delta) -> {
            Optional<ProcessInfo> info = infos.computeIfAbsent(ref, runtime::info);
            info.ifPresent(i -> out.add(new TopEntry(i, rate(delta, seconds))));
        });
        return List.copyOf(out);
    }

    /** Drains a heap of supervisors (keyed by minus their id): lowest id first. */
    private static List<ProcessRef> refs(TopHeap heap) {
        List<ProcessRef> out = new ArrayList<>(heap.size());
        heap.drainBestFirst((ref, id, key, delta) -> out.add(ref));
        return List.copyOf(out);
    }

    /** @return messages per second; 0 when there is no interval (first sample, or a ticker that did not move) */
    private static double rate(long messages, double seconds) {
        return seconds > 0 ? messages / seconds : 0.0;
    }
}
