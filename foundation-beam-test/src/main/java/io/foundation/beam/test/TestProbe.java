package io.foundation.beam.test;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A process that a test thread reads: give its {@link #ref()} to the processes under test (as a reply-to, a
 * subscriber, a link), then state what it must receive, within how long.
 *
 * <pre>{@code
 * TestProbe probe = TestProbe.create(runtime);
 * server.send(new Subscribe(probe.ref()));
 * Event e = probe.expectMessage(Event.class);
 * probe.expectNoMessage(Duration.ofMillis(100));
 * ExitReason why = probe.expectTerminated(server);
 * }</pre>
 *
 * <h2>Model</h2>
 * The probe is a receive-loop process that traps exits and puts every message it receives (signals included: a
 * linked process's {@link Signal.Exit}, a monitor's {@link Signal.Down}) into a queue, in arrival order; an exit
 * signal sent to the probe by anyone it is not linked to (the runtime's shutdown, {@code exit(probe, reason)}) ends
 * it with that reason, as it would end a process that does not trap exits. The
 * {@code expect} methods take from that queue on the test thread. Operations that a process must do itself
 * ({@link #watch}, {@link #link}) are run by the probe process, and the test thread waits for them.
 *
 * <p>An expectation that fails throws {@link AssertionError} naming what was expected, what came (or that nothing
 * came) and how long it waited. {@link #expectTerminated} waits for the Down of one process and keeps messages that
 * arrive before it for later expectations, as a selective receive does; the other {@code expect} methods take the
 * next message.
 *
 * <p>Threading: one test thread reads a probe; {@link #ref()} may be used from any thread or process.
 */
public final class TestProbe implements AutoCloseable {

    /** How long an expectation waits when the test gives no time: 3 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final BeamRuntime runtime;
    private final ProcessRef process;
    /** Filled by the probe process, read by the test thread. */
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    /** Processes the probe linked itself to, whose exits are messages; the probe process only. */
    private final Set<ProcessRef> linked = new HashSet<>();
    /** Messages the test thread took while looking for a Down and kept for later; test thread only. */
    private final List<Object> kept = new ArrayList<>();

    /** A thing the probe process does for the test thread, with its result. */
    private record Command(Function<ProcessContext, Object> action, CompletableFuture<Object> done) {
    }

    private TestProbe(BeamRuntime runtime) {
        this.runtime = runtime;
        this.process = runtime.spawn(ctx -> {
            ctx.trapExits(true);
            for (;;) {
                Object m = ctx.receive();
                if (m instanceof Signal.Exit exit && !linked.contains(exit.from())) {
                    ctx.exit(exit.reason()); // an exit signal sent to the probe itself (a shutdown): it ends
                } else if (m instanceof Command c) {
                    try {
                        c.done().complete(c.action().apply(ctx));
                    } catch (RuntimeException e) {
                        c.done().completeExceptionally(e);
                    }
                } else {
                    inbox.add(m);
                }
            }
        });
    }

    /**
     * @param runtime the runtime the probe's process runs in (that of the processes under test)
     * @return a new probe
     */
    public static TestProbe create(BeamRuntime runtime) {
        return new TestProbe(Objects.requireNonNull(runtime, "runtime"));
    }

    /** @return the probe's process: what the processes under test send to */
    public ProcessRef ref() {
        return process;
    }

    /**
     * Expects a message within {@link #DEFAULT_TIMEOUT}.
     *
     * @return the next message
     * @throws AssertionError if none came in time
     */
    public Object expectMessage() {
        return expectMessage(DEFAULT_TIMEOUT);
    }

    /**
     * @param within how long to wait
     * @return the next message
     * @throws AssertionError if none came in time
     */
    public Object expectMessage(Duration within) {
        Object m = next(within);
        if (m == null) {
            throw new AssertionError(this + ": expected a message within " + within + ", got none");
        }
        return m;
    }

    /**
     * Expects the next message to be of a type, within {@link #DEFAULT_TIMEOUT}.
     *
     * @param type the type
     * @param <T> the type
     * @return the message
     * @throws AssertionError if none came in time, or the next one is of another type
     */
    public <T> T expectMessage(Class<T> type) {
        return expectMessage(type, DEFAULT_TIMEOUT);
    }

    /**
     * @param type the type the next message must have
     * @param within how long to wait
     * @param <T> the type
     * @return the message
     * @throws AssertionError if none came in time, or the next one is of another type
     */
    public <T> T expectMessage(Class<T> type, Duration within) {
        Objects.requireNonNull(type, "type");
        Object m = next(within);
        if (m == null) {
            throw new AssertionError(this + ": expected a " + type.getName() + " within " + within + ", got none");
        }
        if (!type.isInstance(m)) {
            throw new AssertionError(this + ": expected a " + type.getName() + ", got " + describe(m));
        }
        return type.cast(m);
    }

    /**
     * @param what a description of the expected message, for the failure's text
     * @param matcher what the next message must satisfy
     * @param within how long to wait
     * @return the message
     * @throws AssertionError if none came in time, or the next one does not match
     */
    public Object expectMessage(String what, Predicate<Object> matcher, Duration within) {
        Objects.requireNonNull(matcher, "matcher");
        Object m = next(within);
        if (m == null) {
            throw new AssertionError(this + ": expected " + what + " within " + within + ", got none");
        }
        if (!matcher.test(m)) {
            throw new AssertionError(this + ": expected " + what + ", got " + describe(m));
        }
        return m;
    }

    /**
     * Expects silence: no message for a while (the test waits that long).
     *
     * @param during how long nothing may come
     * @throws AssertionError naming the message if one came
     */
    public void expectNoMessage(Duration during) {
        Object m = next(during);
        if (m != null) {
            throw new AssertionError(this + ": expected no message for " + during + ", got " + describe(m));
        }
    }

    /**
     * Monitors a process from the probe; its end arrives as a {@link Signal.Down} (at once, with reason
     * {@link ExitReason#NOPROC noproc}, if it has ended).
     *
     * @param target the process
     * @return the monitor
     */
    public MonitorRef watch(ProcessRef target) {
        Objects.requireNonNull(target, "target");
        return (MonitorRef) run(ctx -> ctx.monitor(target));
    }

    /**
     * Links the probe to a process; the probe traps exits, so the process's end arrives as a {@link Signal.Exit}
     * (at once, with reason {@link ExitReason#NOPROC noproc}, if it has ended) and the probe's end (at
     * {@link #close()}) reaches the process as an exit signal with reason {@code shutdown}.
     *
     * @param target the process
     */
    public void link(ProcessRef target) {
        Objects.requireNonNull(target, "target");
        run(ctx -> {
            linked.add(target);
            ctx.link(target);
            return null;
        });
    }

    /**
     * Expects a process to end within {@link #DEFAULT_TIMEOUT}.
     *
     * @param target the process
     * @return why it ended
     * @throws AssertionError if it did not end in time
     */
    public ExitReason expectTerminated(ProcessRef target) {
        return expectTerminated(target, DEFAULT_TIMEOUT);
    }

    /**
     * Expects a process to end: monitors it and waits for its Down. Messages that arrive before the Down stay for
     * later expectations. A process that had already ended gives the reason it ended with, not the monitor's
     * {@code noproc}.
     *
     * @param target the process
     * @param within how long to wait
     * @return why it ended
     * @throws AssertionError if it did not end in time
     */
    public ExitReason expectTerminated(ProcessRef target, Duration within) {
        MonitorRef monitor = watch(target);
        long deadline = System.nanoTime() + within.toNanos();
        List<Object> passed = new ArrayList<>();
        try {
            for (;;) {
                long left = deadline - System.nanoTime();
                Object m = left > 0 ? takeFromInbox(left) : null;
                if (m == null) {
                    throw new AssertionError(this + ": expected " + target + " to end within " + within
                            + ", it is " + (target.isAlive() ? "still alive" : "ended but no Down came"));
                }
                if (m instanceof Signal.Down d && d.monitor().equals(monitor)) {
                    // a process that had ended before the monitor: noproc, but the test asks why it ended
                    return d.reason() instanceof ExitReason.NoProc ? target.exitReason().orElse(d.reason())
                            : d.reason();
                }
                passed.add(m);
            }
        } finally {
            kept.addAll(passed);
        }
    }

    /**
     * Expects a process to end with a given reason.
     *
     * @param target the process
     * @param reason the reason it must end with
     * @param within how long to wait
     * @throws AssertionError if it did not end in time, or ended for another reason
     */
    public void expectTerminated(ProcessRef target, ExitReason reason, Duration within) {
        ExitReason actual = expectTerminated(target, within);
        if (!actual.equals(reason)) {
            throw new AssertionError(this + ": expected " + target + " to end with " + reason + ", it ended with "
                    + actual);
        }
    }

    /** Ends the probe's process. */
    @Override
    public void close() {
        if (process.isAlive() && !runtime.isClosed()) {
            runtime.exit(process, ExitReason.SHUTDOWN);
        }
    }

    @Override
    public String toString() {
        return "TestProbe" + process;
    }

    /** The next message: one kept earlier, else one from the inbox within the time; null if none. */
    private Object next(Duration within) {
        Objects.requireNonNull(within, "within");
        if (!kept.isEmpty()) {
            return kept.remove(0);
        }
        return takeFromInbox(within.toNanos());
    }

    private Object takeFromInbox(long nanos) {
        try {
            return inbox.poll(Math.max(0L, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(this + ": interrupted while waiting for a message", e);
        }
    }

    private Object run(Function<ProcessContext, Object> action) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        if (!process.trySend(new Command(action, done)).isAccepted()) {
            throw new IllegalStateException(this + " has ended");
        }
        try {
            return done.get(DEFAULT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(this + " did not carry out a command within " + DEFAULT_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(this + ": interrupted", e);
        }
    }

    private static String describe(Object m) {
        return m.getClass().getName() + " " + m;
    }
}
