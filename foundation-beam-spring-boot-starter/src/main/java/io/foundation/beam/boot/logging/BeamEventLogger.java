package io.foundation.beam.boot.logging;

import io.foundation.beam.Ticker;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.IgnoreStart;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.BeamEventListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs what the runtime's telemetry says went wrong, as Spring Boot logs a failed scheduled task: crashes, restarts,
 * supervisors that gave up, failed terminate hooks and orphaned threads. Without it a crash loop that ends with a
 * stopped ecosystem leaves no line in the log.
 *
 * <h2>What is logged, and under which logger</h2>
 * <table>
 *   <caption>Events, levels and loggers</caption>
 *   <tr><th>event</th><th>level</th><th>logger</th></tr>
 *   <tr><td>{@code ProcessExited} with an abnormal reason (crashed, killed, a custom term)</td><td>WARN, with the
 *       exception's stack trace the first time that exception is seen</td><td>{@value #CRASH_LOGGER}</td></tr>
 *   <tr><td>{@code HandlerFailed} in the {@code terminate} phase (the other phases end the process, whose exit is
 *       logged with the exception)</td><td>WARN</td><td>{@value #CRASH_LOGGER}</td></tr>
 *   <tr><td>{@code ChildRestarted}</td><td>INFO</td><td>{@value #RESTART_LOGGER}</td></tr>
 *   <tr><td>{@code SupervisorGaveUp}</td><td>ERROR</td><td>{@value #SUPERVISOR_LOGGER}</td></tr>
 *   <tr><td>{@code ProcessOrphaned}</td><td>WARN</td><td>{@value #ORPHAN_LOGGER}</td></tr>
 * </table>
 * Each line names the process and, for a member of one of the application's ecosystems, the ecosystem and its role
 * (coordinator, worker and index, supervisor). Set a category's level as any logger's, for example
 * {@code logging.level.io.foundation.beam.restart=warn} to silence restarts, or {@code logging.level.io.foundation.beam=off}.
 *
 * <h2>Rate limit</h2>
 * Crash and restart lines are rate-limited per ecosystem (per supervisor for a supervisor outside them, one limit for
 * the other processes), each category on its own: at most {@code lines} lines in a window of {@code interval} that
 * opens at the first line; later events of the window are counted, not logged. The count is logged as one summary
 * line ("suppressed K crash lines of ecosystem 'x' in the last 1m") at the first event after the window, when the
 * ecosystem's supervisor gives up or the ecosystem stops, and when this logger is {@linkplain #close() closed}. So a
 * crash loop writes at most {@code lines} crash lines, {@code lines} restart lines and their summaries per interval.
 * Give-ups and orphans are never rate-limited (each is rare and final).
 *
 * <p>Thread-safety: {@link #onEvent} is called concurrently on the processes' threads. The rate limiter's state of
 * each key is guarded by its own lock, held only to decide and count, never while logging; the exceptions whose
 * trace was printed are kept (the last 256, by identity) in a synchronized set.
 */
public final class BeamEventLogger implements BeamEventListener, AutoCloseable {

    /** Logger of abnormal process exits and failed terminate hooks. */
    public static final String CRASH_LOGGER = "io.foundation.beam.crash";
    /** Logger of supervisor restarts. */
    public static final String RESTART_LOGGER = "io.foundation.beam.restart";
    /** Logger of supervisors that exceeded their restart intensity. */
    public static final String SUPERVISOR_LOGGER = "io.foundation.beam.supervisor";
    /** Logger of killed processes whose thread ran on. */
    public static final String ORPHAN_LOGGER = "io.foundation.beam.orphan";

    /** How many exceptions are remembered so that a cascade of one crash prints its trace once. */
    static final int TRACES_REMEMBERED = 256;

    private static final Logger crashLog = LoggerFactory.getLogger(CRASH_LOGGER);
    private static final Logger restartLog = LoggerFactory.getLogger(RESTART_LOGGER);
    private static final Logger supervisorLog = LoggerFactory.getLogger(SUPERVISOR_LOGGER);
    private static final Logger orphanLog = LoggerFactory.getLogger(ORPHAN_LOGGER);

    private static final String NO_ECOSYSTEM = "";
    /** Rate-limit key of the other processes outside the ecosystems (no ecosystem name has a space). */
    private static final String OUTSIDE_KEY = "processes outside the ecosystems";

    private final Supplier<List<Ecosystem>> ecosystems;
    private final int lines;
    private final Duration interval;
    private final long intervalNanos;
    private final Ticker ticker;
    /** Supervisor of each running ecosystem, from its EcosystemStarted event. */
    private final Map<ProcessRef, String> supervisors = new ConcurrentHashMap<>();
    /**
     * Rate-limit windows by key: an ecosystem's name, the supervisor's {@link ProcessRef} for a supervisor outside
     * the ecosystems (removed when it exits), or {@link #OUTSIDE_KEY} for the other processes.
     */
    private final Map<Object, Window> crashes = new ConcurrentHashMap<>();
    private final Map<Object, Window> restarts = new ConcurrentHashMap<>();
    private final Set<Throwable> traced = Collections.synchronizedSet(Collections.newSetFromMap(
            new TracedExceptions()));

    /**
     * @param ecosystems the application's ecosystems (read to find the ecosystem and role of a process)
     * @param lines most crash lines, and most restart lines, per ecosystem in one interval; at least 1
     * @param interval the rate limit's window; positive
     * @param ticker the clock of the window
     * @throws IllegalArgumentException if {@code lines} is below 1 or {@code interval} is not positive
     */
    public BeamEventLogger(Supplier<List<Ecosystem>> ecosystems, int lines, Duration interval, Ticker ticker) {
        this.ecosystems = Objects.requireNonNull(ecosystems, "ecosystems");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(interval, "interval");
        if (lines < 1) {
            throw new IllegalArgumentException("lines must be at least 1, got " + lines);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        this.lines = lines;
        this.interval = interval;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void onEvent(BeamEvent event) {
        switch (event) {
            case BeamEvent.EcosystemStarted started -> supervisors.put(started.process(), started.ecosystem());
            case BeamEvent.EcosystemStopped stopped -> {
                supervisors.remove(stopped.process());
                flush(stopped.ecosystem());
            }
            case BeamEvent.ProcessExited exited -> {
                if (exited.reason().isAbnormal() && !ignoredStart(exited.reason()) && crashLog.isWarnEnabled()) {
                    exited(exited);
                }
                if (restarts.containsKey(exited.process())) { // a supervisor outside the ecosystems
                    summarize(restarts, exited.process(), "restart lines", restartLog);
                    restarts.remove(exited.process());
                }
            }
            case BeamEvent.HandlerFailed failed -> {
                if ("terminate".equals(failed.phase()) && crashLog.isWarnEnabled()) {
                    Member member = member(failed.process());
                    crashLog.warn("The terminate hook of {} threw; the process ended all the same",
                            member.describe(failed.process()), failed.error());
                }
            }
            case BeamEvent.ChildRestarted restarted -> {
                if (restartLog.isInfoEnabled()) {
                    restarted(restarted);
                }
            }
            case BeamEvent.SupervisorGaveUp gaveUp -> gaveUp(gaveUp);
            case BeamEvent.ProcessOrphaned orphaned -> orphanLog.warn("{} was killed, but its thread ignored the "
                    + "interrupt and still runs after the orphan grace period (foundation.beam.runtime."
                    + "orphan-grace-period): it is an orphan until its code returns. Make blocking code in "
                    + "handlers respond to interrupts.", orphaned.process());
            default -> {
                // not logged
            }
        }
    }

    /**
     * A supervised child whose {@code init} threw {@link IgnoreStart}: OTP's {@code ignore}, an answer and not a crash
     * (the supervisor keeps the child not running), so it is not logged as one.
     */
    private static boolean ignoredStart(ExitReason reason) {
        return reason instanceof ExitReason.Crashed crashed && crashed.cause() instanceof IgnoreStart;
    }

    private void exited(BeamEvent.ProcessExited exited) {
        Member member = member(exited.process());
        Object key = member.ecosystem().equals(NO_ECOSYSTEM) ? OUTSIDE_KEY : member.ecosystem();
        if (!admit(crashes, key, "crash lines", crashLog)) {
            return;
        }
        String who = member.describe(exited.process());
        String unprocessed = exited.unprocessedMessages() > 0
                ? " (" + exited.unprocessedMessages() + " message(s) left unprocessed)" : "";
        if (exited.reason() instanceof ExitReason.Crashed crashed) {
            Throwable cause = crashed.cause();
            if (traced.add(cause)) {
                crashLog.warn("{} crashed{}: {}", who, unprocessed, cause.toString(), cause);
            } else {
                crashLog.warn("{} exited with the same exception as a process before it{}: {}", who, unprocessed,
                        cause.toString());
            }
        } else {
            crashLog.warn("{} exited with reason {}{}", who, exited.reason(), unprocessed);
        }
    }

    private void restarted(BeamEvent.ChildRestarted restarted) {
        String ecosystem = supervisors.getOrDefault(restarted.supervisor(), NO_ECOSYSTEM);
        Object key = ecosystem.equals(NO_ECOSYSTEM) ? restarted.supervisor() : ecosystem;
        if (!admit(restarts, key, "restart lines", restartLog)) {
            return;
        }
        String where = ecosystem.equals(NO_ECOSYSTEM) ? "Supervisor " + restarted.supervisor()
                : "Ecosystem '" + ecosystem + "': supervisor " + restarted.supervisor();
        restartLog.info("{} restarted child '{}' as {} after it exited with {} ({} restart(s) of that child)",
                where, restarted.childId(), restarted.process(), restarted.reason(), restarted.restarts());
    }

    private void gaveUp(BeamEvent.SupervisorGaveUp gaveUp) {
        String ecosystem = supervisors.getOrDefault(gaveUp.process(), NO_ECOSYSTEM);
        if (ecosystem.equals(NO_ECOSYSTEM)) {
            supervisorLog.error("Supervisor {} gave up: more than {} restarts in {} (the last of child '{}'); it "
                    + "shuts down its children and exits", gaveUp.process(), gaveUp.maxRestarts(),
                    print(gaveUp.period()), gaveUp.lastChildId());
            return;
        }
        flush(ecosystem);
        supervisorLog.error("Ecosystem '{}' is stopping: its supervisor {} gave up after more than {} restarts in {} "
                + "(the last of child '{}'). Its work now fails with EcosystemStoppedException and its health is "
                + "CRITICAL. Fix the crashes logged under {}, or raise foundation.beam.ecosystems.{}.restart."
                + "max-restarts / restart.period", ecosystem, gaveUp.process(), gaveUp.maxRestarts(),
                print(gaveUp.period()), gaveUp.lastChildId(), CRASH_LOGGER, ecosystem);
    }

    /**
     * Logs the suppressed counts of every window, for example when the context closes.
     */
    @Override
    public void close() {
        for (Object key : new ArrayList<>(crashes.keySet())) {
            summarize(crashes, key, "crash lines", crashLog);
        }
        for (Object key : new ArrayList<>(restarts.keySet())) {
            summarize(restarts, key, "restart lines", restartLog);
        }
    }

    private void flush(String ecosystem) {
        summarize(crashes, ecosystem, "crash lines", crashLog);
        summarize(restarts, ecosystem, "restart lines", restartLog);
    }

    /**
     * @return whether a line of this key may be logged now; if the key's window has ended with lines suppressed, logs
     *     their summary first
     */
    private boolean admit(Map<Object, Window> windows, Object key, String what, Logger log) {
        Window window = windows.computeIfAbsent(key, k -> new Window());
        long now = ticker.read();
        int suppressed;
        boolean admitted;
        long since;
        window.lock.lock();
        try {
            since = window.start;
            suppressed = 0;
            if (window.count == 0 || now - window.start >= intervalNanos) {
                if (window.count > 0) {
                    suppressed = window.suppressed;
                }
                window.start = now;
                window.count = 0;
                window.suppressed = 0;
            }
            admitted = window.count < lines;
            if (admitted) {
                window.count++;
            } else {
                window.suppressed++;
            }
        } finally {
            window.lock.unlock();
        }
        if (suppressed > 0) {
            log(log, "Suppressed {} {} of {} in the last {} (at most {} per {}: foundation.beam.logging.rate-limit.*)",
                    suppressed, what, label(key), print(Duration.ofNanos(now - since)), lines, print(interval));
        }
        return admitted;
    }

    private void summarize(Map<Object, Window> windows, Object key, String what, Logger log) {
        Window window = windows.get(key);
        if (window == null) {
            return;
        }
        long now = ticker.read();
        int suppressed;
        long since;
        window.lock.lock();
        try {
            suppressed = window.suppressed;
            since = window.start;
            window.suppressed = 0;
        } finally {
            window.lock.unlock();
        }
        if (suppressed > 0) {
            log(log, "Suppressed {} {} of {} in the last {} (at most {} per {}: foundation.beam.logging.rate-limit.*)",
                    suppressed, what, label(key), print(Duration.ofNanos(now - since)), lines, print(interval));
        }
    }

    /** Logs a summary at the level of the lines it stands for: INFO for restarts, WARN for crashes. */
    private static void log(Logger log, String format, Object... arguments) {
        log.atLevel(log == restartLog ? Level.INFO : Level.WARN).log(format, arguments);
    }

    private static String label(Object key) {
        if (key instanceof ProcessRef supervisor) {
            return "supervisor " + supervisor;
        }
        return key.equals(OUTSIDE_KEY) ? OUTSIDE_KEY : "ecosystem '" + key + "'";
    }

    /** @return the ecosystem and role of a process, found among the current members of the application's ecosystems */
    private Member member(ProcessRef process) {
        String supervised = supervisors.get(process);
        if (supervised != null) {
            return new Member(supervised, "supervisor");
        }
        for (Ecosystem ecosystem : ecosystems.get()) {
            try {
                if (process.equals(ecosystem.coordinator())) {
                    return new Member(ecosystem.name(), "coordinator");
                }
                int index = ecosystem.workers().indexOf(process);
                if (index >= 0) {
                    return new Member(ecosystem.name(), "worker " + index);
                }
            } catch (EcosystemStoppedException notRunning) {
                // not started, or stopped: it has no members
            }
        }
        return new Member(NO_ECOSYSTEM, "process");
    }

    /** @return the duration as written in a property: 1m, 30s, 250ms */
    static String print(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        long nanos = duration.toNanos();
        if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0 || nanos > 10_000_000_000L) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos / 1_000L + "us";
    }

    /** Where a process belongs: an ecosystem (or none) and its role there. */
    private record Member(String ecosystem, String role) {
        String describe(ProcessRef process) {
            return ecosystem.equals(NO_ECOSYSTEM) ? "Process " + process
                    : "Ecosystem '" + ecosystem + "': " + role + " " + process;
        }
    }

    /** The rate limit's state of one key. */
    private static final class Window {
        final ReentrantLock lock = new ReentrantLock();
        /** Guarded by lock: when the window opened (ticker reading). */
        long start;
        /** Guarded by lock: lines logged in the window. */
        int count;
        /** Guarded by lock: lines not logged since the last summary. */
        int suppressed;
    }

    /** The exceptions last traced, oldest first (a Throwable's equality is its identity). */
    private static final class TracedExceptions extends LinkedHashMap<Throwable, Boolean> {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Throwable, Boolean> eldest) {
            return size() > TRACES_REMEMBERED;
        }
    }
}
