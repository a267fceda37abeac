package io.foundation.beam.internal.supervision;

import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import io.foundation.beam.supervision.ShutdownPolicy;
import java.time.Duration;

/**
 * Stops one child of a supervisor as its {@link ShutdownPolicy} says: OTP's {@code shutdown/2} in
 * {@code supervisor.erl}. The caller decides the order (reverse start order, see {@link SupervisorProcess}); this
 * class stops one child and returns once it has ended.
 *
 * <h2>Semantics: OTP's {@code shutdown/2}</h2>
 * OTP first monitors the child ({@code monitor_child/1}: it unlinks it, and if the child's {@code 'EXIT'} already
 * arrived, takes it), then, one branch per policy, waits for the child's {@code 'DOWN'}, never for a link exit: a child
 * that unlinked itself from its supervisor is waited for all the same.
 * <ol>
 *   <li>{@link ShutdownPolicy.BrutalKill}: kill at once (OTP's {@code exit(Child, kill)}), then wait for the
 *       {@code 'DOWN'}.</li>
 *   <li>{@link ShutdownPolicy.Timeout}: send a {@code shutdown} exit signal, wait up to the timeout for the
 *       {@code 'DOWN'}; if none came, kill the child and wait for it.</li>
 *   <li>{@link ShutdownPolicy.Infinity}: send a {@code shutdown} exit signal and wait for the {@code 'DOWN'} without
 *       limit (365 days: a receive takes a finite timeout).</li>
 * </ol>
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>How the end is seen.</b> A monitor, made before the signal is sent, as in OTP: its {@link Signal.Down}
 *       comes whether or not the child is still linked. The waits are selective receives of exactly that
 *       {@code Down}: everything else, other children's exits and calls included, stays queued in order for the
 *       supervisor's handler.</li>
 *   <li><b>The link is kept.</b> OTP unlinks before monitoring; here the supervisor stays linked (an unlink racing with
 *       the child's end could let its exit signal arrive after the unlink). A linked child's exit signal is sent before
 *       its {@code Down}, so once the {@code Down} is in, the exit signal is consumed here too if it came (as OTP's
 *       {@code monitor_child} takes an {@code 'EXIT'} that already arrived), and {@link #stop} says whether it did: the
 *       caller must then not take a late one for a crash to restart.</li>
 *   <li><b>Kill on the JVM.</b> A kill cannot stop a thread; the kernel reports the process ended at once with
 *       reason {@code killed}, and counts a thread that runs on past the grace period as an orphan. So the waits
 *       after a kill return as soon as the kernel has reported it.</li>
 *   <li><b>Blocking.</b> The supervisor's thread blocks in the wait, as OTP's supervisor does in {@code shutdown/2}:
 *       it answers nothing else until the child has ended.</li>
 * </ul>
 *
 * <p>Thread-safety: only the supervisor process may call it, from its own code (it receives from that process's
 * mailbox).
 */
final class ChildShutdown {

    /** "Without limit": the longest wait for a child's end. */
    private static final Duration FOREVER = Duration.ofDays(365);

    private ChildShutdown() {
    }

    /**
     * Stops a running child and waits for its end, seen through a monitor.
     *
     * @param pid the child, normally linked to the calling supervisor
     * @param policy its shutdown policy
     * @param ctx the supervisor's context
     * @return whether the child's link exit signal was consumed here; false if it had unlinked itself, or if its exit
     *     signal may still come (then it is no crash)
     */
    static boolean stop(ProcessRef pid, ShutdownPolicy policy, ProcessContext ctx) {
        MonitorRef monitor = ctx.monitor(pid);
        switch (policy) {
            case ShutdownPolicy.BrutalKill k -> {
                ctx.kill(pid);
                awaitDown(monitor, null, ctx);
            }
            case ShutdownPolicy.Timeout t -> {
                ctx.exit(pid, ExitReason.SHUTDOWN);
                if (!awaitDown(monitor, t.timeout(), ctx)) {
                    ctx.kill(pid);
                    awaitDown(monitor, null, ctx);
                }
            }
            case ShutdownPolicy.Infinity i -> {
                ctx.exit(pid, ExitReason.SHUTDOWN);
                awaitDown(monitor, null, ctx);
            }
        }
        return ctx.receive(m -> m instanceof Signal.Exit x && x.from().equals(pid), Duration.ZERO).isPresent();
    }

    /**
     * @param timeout the longest wait, or null for {@link #FOREVER}
     * @return whether the monitor's {@code Down} came (always true without a timeout)
     */
    private static boolean awaitDown(MonitorRef monitor, Duration timeout, ProcessContext ctx) {
        return ctx.receive(m -> m instanceof Signal.Down d && d.monitor().equals(monitor),
                timeout == null ? FOREVER : timeout).isPresent();
    }
}
