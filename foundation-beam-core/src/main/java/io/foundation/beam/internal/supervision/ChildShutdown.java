package io.foundation.beam.internal.supervision;

import io.foundation.beam.process.ExitReason;
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
 * <h2>Semantics: one branch per policy</h2>
 * <ol>
 *   <li>{@link ShutdownPolicy.BrutalKill}: kill at once (OTP's {@code exit(Child, kill)}), then wait for the child's
 *       exit signal.</li>
 *   <li>{@link ShutdownPolicy.Timeout}: send a {@code shutdown} exit signal, wait up to the timeout for the child's
 *       exit signal; if none came, kill it and wait for that.</li>
 *   <li>{@link ShutdownPolicy.Infinity}: send a {@code shutdown} exit signal and wait without limit (365 days: a
 *       receive takes a finite timeout).</li>
 * </ol>
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>How the end is seen.</b> The supervisor traps exits and is linked to its children, so a child's end comes
 *       to it as a {@link Signal.Exit} from that child. The wait is a selective receive of exactly that signal:
 *       everything else, other children's exits and calls included, stays queued in order for the supervisor's
 *       handler. (OTP monitors the child instead and unlinks it first; the link is what this runtime offers the
 *       supervisor, and consuming the exit here keeps it from being taken for a crash to restart.)</li>
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

    /** "Without limit": the longest wait for a child's exit signal. */
    private static final Duration FOREVER = Duration.ofDays(365);

    private ChildShutdown() {
    }

    /**
     * Stops a running child and waits for its exit signal (consumed here).
     *
     * @param pid the child, linked to the calling supervisor
     * @param policy its shutdown policy
     * @param ctx the supervisor's context
     */
    static void stop(ProcessRef pid, ShutdownPolicy policy, ProcessContext ctx) {
        switch (policy) {
            case ShutdownPolicy.BrutalKill k -> {
                ctx.kill(pid);
                awaitExit(pid, null, ctx);
            }
            case ShutdownPolicy.Timeout t -> {
                ctx.exit(pid, ExitReason.SHUTDOWN);
                if (!awaitExit(pid, t.timeout(), ctx)) {
                    ctx.kill(pid);
                    awaitExit(pid, null, ctx);
                }
            }
            case ShutdownPolicy.Infinity i -> {
                ctx.exit(pid, ExitReason.SHUTDOWN);
                awaitExit(pid, null, ctx);
            }
        }
    }

    /**
     * @param timeout the longest wait, or null for {@link #FOREVER}
     * @return whether the child's exit signal came (always true without a timeout)
     */
    private static boolean awaitExit(ProcessRef pid, Duration timeout, ProcessContext ctx) {
        if (timeout == null) {
            ctx.receive(m -> m instanceof Signal.Exit x && x.from().equals(pid), FOREVER);
            return true;
        }
        return ctx.receive(m -> m instanceof Signal.Exit x && x.from().equals(pid), timeout).isPresent();
    }
}
