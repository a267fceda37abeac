package io.foundation.beam.internal.supervision;

import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import io.foundation.beam.supervision.ShutdownPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Stops many children of a supervisor at once, each as its {@link ShutdownPolicy} says: OTP's
 * {@code terminate_dynamic_children/1} in {@code supervisor.erl}, used by a {@code simple_one_for_one} supervisor
 * (here {@link DynamicSupervisorProcess}). {@link ChildShutdown} stops one child and waits for it; this sends every
 * child its signal first and then waits for all, so N children with a timeout T take about T, not N x T.
 *
 * <h2>Semantics</h2>
 * <ol>
 *   <li>Monitor every child (its end is seen through the monitor's {@code Down}, whether or not it is still
 *       linked, as in {@link ChildShutdown}).</li>
 *   <li>Signal every child: {@link ShutdownPolicy.BrutalKill} is killed, the others get a {@code shutdown} exit
 *       signal. A {@link ShutdownPolicy.Timeout} child gets a deadline: now + its timeout.</li>
 *   <li>Wait for the {@code Down}s; each child whose deadline passes before its {@code Down} came is killed, then
 *       waited for (a kill is reported at once by the kernel). {@link ShutdownPolicy.Infinity} children are waited
 *       for without limit. The order in which children end is undefined, as in OTP.</li>
 * </ol>
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Model.</b> A map monitor → child still awaited, and a priority queue of the {@code Timeout} children by
 *       deadline. Each step is one receive (up to the earliest deadline) plus O(log n) queue work: stopping n
 *       children costs O(n log n), with no per-child wait.</li>
 *   <li><b>One receive for both kinds of signal.</b> The children are linked, so each also sends an exit signal. The
 *       receive takes {@code Down}s and {@code Exit}s alike, in mailbox order, and drops the {@code Exit}s: a receive of
 *       {@code Down}s alone would rescan the queued {@code Exit}s every time, O(n&sup2;) for n children. The supervisor
 *       is ending, so an exit signal from its parent is dropped too; calls and other messages stay queued.</li>
 *   <li><b>Clock.</b> Deadlines are read on {@link System#nanoTime()}, not the runtime's {@code Ticker}: they bound
 *       real waits of {@code receive}, and a test's manual ticker does not move.</li>
 *   <li><b>Invariant.</b> Every child signalled is either in the map (not yet seen ended) or was seen ended; the
 *       loop ends when the map is empty.</li>
 * </ul>
 *
 * <p>Thread-safety: only the supervisor process may call it, from its own code (it receives from that process's
 * mailbox).
 */
final class ConcurrentShutdown {

    /** "Without limit": the longest single wait when no deadline is pending. */
    private static final Duration FOREVER = Duration.ofDays(365);

    /** One child being stopped. */
    private static final class Stopping {
        final ProcessRef pid;
        final long deadline;
        boolean ended;

        Stopping(ProcessRef pid, long deadline) {
            this.pid = pid;
            this.deadline = deadline;
        }
    }

    private ConcurrentShutdown() {
    }

    /**
     * Stops the children, all at once, and returns when every one has ended.
     *
     * @param pids the running children, linked to the calling supervisor
     * @param policies their shutdown policies, index for index
     * @param ctx the supervisor's context
     */
    static void stopAll(List<ProcessRef> pids, List<ShutdownPolicy> policies, ProcessContext ctx) {
        int n = pids.size();
        Map<MonitorRef, Stopping> awaited = HashMap.newHashMap(n);
        PriorityQueue<Stopping> deadlines = new PriorityQueue<>((a, b) -> Long.compare(a.deadline - b.deadline, 0));
        List<MonitorRef> monitors = new ArrayList<>(n);
        for (ProcessRef pid : pids) {
            monitors.add(ctx.monitor(pid));
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ProcessRef pid = pids.get(i);
            Stopping s;
            switch (policies.get(i)) {
                case ShutdownPolicy.BrutalKill k -> {
                    s = new Stopping(pid, start);
                    ctx.kill(pid);
                }
                case ShutdownPolicy.Timeout t -> {
                    s = new Stopping(pid, start + saturatedNanos(t.timeout()));
                    deadlines.add(s);
                    ctx.exit(pid, ExitReason.SHUTDOWN);
                }
                case ShutdownPolicy.Infinity inf -> {
                    s = new Stopping(pid, start);
                    ctx.exit(pid, ExitReason.SHUTDOWN);
                }
            }
            awaited.put(monitors.get(i), s);
        }
        while (!awaited.isEmpty()) {
            long now = System.nanoTime();
            while (!deadlines.isEmpty() && (deadlines.peek().ended || deadlines.peek().deadline - now <= 0)) {
                Stopping late = deadlines.poll();
                if (!late.ended) {
                    ctx.kill(late.pid); // outlived its shutdown timeout; its Down follows at once
                }
            }
            Duration wait = deadlines.isEmpty() ? FOREVER : Duration.ofNanos(deadlines.peek().deadline - now);
            Optional<Object> signal = ctx.receive(m -> m instanceof Signal.Down || m instanceof Signal.Exit, wait);
            if (signal.isPresent() && signal.get() instanceof Signal.Down down) {
                Stopping s = awaited.remove(down.monitor());
                if (s != null) {
                    s.ended = true;
                }
            }
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return FOREVER.toNanos();
        }
    }
}
