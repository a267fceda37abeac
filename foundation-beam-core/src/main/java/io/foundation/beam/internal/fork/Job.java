package io.foundation.beam.internal.fork;

import io.foundation.beam.ecosystem.IsolatedHeapLimitException;
import io.foundation.beam.ecosystem.IsolatedWorkCrashedException;
import io.foundation.beam.ecosystem.IsolatedWorkException;
import io.foundation.beam.ecosystem.IsolatedWorkException.Outcome;
import io.foundation.beam.ecosystem.IsolatedWorkKilledException;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One forked task from submission to its result.
 *
 * <h2>Design</h2>
 * States: QUEUED (in the pool's queue) -&gt; RUNNING (a pool process claimed it and sent it to its child) -&gt; DONE
 * (the result future is complete); or QUEUED -&gt; DONE when it is killed or times out before a child took it. Only
 * the CAS out of QUEUED decides between a claim and an early kill, so a task runs at most once and a killed one never
 * starts. A kill of a RUNNING task records why ({@link #killReason}) and destroys the child; whoever then sees the
 * child's death (the pool process) completes the result with the reason recorded. {@link #child} is written before
 * the claim's CAS and read after a failed one, so a kill always finds the child of a running task.
 */
final class Job {

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    final long ref;
    final String taskClass;
    final List<String> patterns;
    final byte[] encodedInput;
    final ClassLoader loader;
    final Duration timeout;
    final CompletableFuture<Object> result = new CompletableFuture<>();
    final CompletableFuture<ProcessRef> process = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private volatile ChildJvm child;
    private volatile Outcome killReason;

    Job(long ref, String taskClass, List<String> patterns, byte[] encodedInput, ClassLoader loader,
            Duration timeout) {
        this.ref = ref;
        this.taskClass = taskClass;
        this.patterns = patterns;
        this.encodedInput = encodedInput;
        this.loader = loader;
        this.timeout = timeout;
        result.whenComplete((r, e) -> {
            state.set(DONE);
            process.completeExceptionally(new IllegalStateException("isolated task " + taskClass
                    + " ended before a child JVM took it"));
        });
    }

    /** @return whether the pool process may run it on {@code jvm}; false if it was killed or timed out first */
    boolean claim(ChildJvm jvm, ProcessRef owner) {
        child = jvm;
        if (!state.compareAndSet(QUEUED, RUNNING)) {
            return false;
        }
        process.complete(owner);
        return true;
    }

    /** Kills it: before it started, it fails at once; while it runs, its child is destroyed. */
    void kill(Outcome reason) {
        if (result.isDone()) {
            return;
        }
        killReason = reason;
        if (state.compareAndSet(QUEUED, DONE)) {
            result.completeExceptionally(new IsolatedWorkKilledException(reason, describe(reason)
                    + " before a child JVM took it"));
            return;
        }
        ChildJvm running = child;
        if (running != null) {
            running.destroy();
        }
    }

    /** Fails it after its child died. */
    void childDied(ChildJvm.Death death, long pid, long maxHeapBytes) {
        result.completeExceptionally(classify(death, pid, maxHeapBytes));
    }

    private IsolatedWorkException classify(ChildJvm.Death death, long pid, long maxHeapBytes) {
        Outcome kill = killReason;
        if (kill != null) {
            return new IsolatedWorkKilledException(kill, describe(kill) + ": its child JVM " + pid + " was killed");
        }
        String tail = death.stderrTail();
        if (death.exitStatus() == 3 && tail.contains("Terminating due to java.lang.OutOfMemoryError")) {
            return new IsolatedHeapLimitException("isolated task " + taskClass + " reached its heap cap of "
                    + maxHeapBytes / (1024 * 1024) + " MB: child JVM " + pid + " exited on "
                    + "java.lang.OutOfMemoryError (the parent's heap was not touched); give it more with "
                    + "IsolationOptions.forked().withMaxHeap(bytes), or make it use less", maxHeapBytes);
        }
        int status = death.exitStatus();
        return new IsolatedWorkCrashedException("child JVM " + pid + " running isolated task " + taskClass
                + " died with exit status " + status + (status > 128 ? " (signal " + (status - 128) + ")" : "")
                + "; the end of its standard error:\n" + tail, status, tail);
    }

    private String describe(Outcome reason) {
        return "isolated task " + taskClass + switch (reason) {
            case TIMED_OUT -> " did not finish within " + timeout;
            case CANCELLED -> " was cancelled: its caller was interrupted";
            default -> " was killed on request";
        };
    }
}
