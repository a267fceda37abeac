package io.foundation.beam.internal.supervision;

import io.foundation.beam.Ticker;
import io.foundation.beam.supervision.RestartIntensity;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A supervisor's restart intensity: OTP's {@code MaxR} restarts in {@code MaxT}, as {@code add_restart/1} in
 * {@code supervisor.erl} counts it.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Model.</b> The readings of the injected {@link Ticker} at each recorded restart, oldest first. Nothing else:
 *       no wall clock, no timer, no sleeping (a test drives it with a manual ticker).</li>
 *   <li><b>One restart.</b> {@link #recordRestart()} reads the ticker ({@code now}), forgets the restarts older than
 *       the period ({@code now - t > period}), adds {@code now}, and reports the intensity exceeded when the restarts
 *       kept, this one included, are more than {@code maxRestarts}.</li>
 *   <li><b>Boundary, as OTP.</b> OTP keeps a restart {@code R} while {@code R >= Now - Period}: a restart exactly
 *       {@code period} old still counts, one a tick older does not. So with the default 1 in 5 s, a second restart
 *       5 s after the first ends the supervisor; one 5 s and a nanosecond after does not. {@code maxRestarts = 0}
 *       means the first restart already exceeds it.</li>
 *   <li><b>Resolution: nanoseconds, not OTP's seconds.</b> OTP reads {@code erlang:monotonic_time(1)}, whole
 *       seconds, so its window is up to a second wider than the period: with a 5 s period, restarts at 0.0 s and 5.9 s
 *       read 0 and 5 there and both count. Here the ticker's nanoseconds are compared as they are, and the first is
 *       forgotten.</li>
 *   <li><b>Invariants.</b> Readings are in ticker order (the ticker is monotonic and one thread records); after a
 *       call that returned {@code false} at most {@code maxRestarts} readings are kept, so a living supervisor (it
 *       exits on the first {@code true}) never holds more than {@code maxRestarts + 1}. Differences of readings are
 *       compared, never readings, so a wrapping {@link System#nanoTime()} is fine.</li>
 *   <li><b>After it is exceeded</b> the supervisor exits; the window keeps counting if called again, as OTP's
 *       state does, but nothing calls it.</li>
 * </ul>
 *
 * <p>Thread-safety: none; it belongs to one supervisor process and only that process's thread uses it.
 */
final class RestartWindow {

    private final int maxRestarts;
    private final long periodNanos;
    private final Ticker ticker;
    /** Ticker readings of the restarts within the period, oldest first. */
    private final ArrayDeque<Long> restartTimes = new ArrayDeque<>();

    /**
     * @param intensity at most {@code maxRestarts} restarts within {@code period}
     * @param ticker the runtime's monotonic clock
     */
    RestartWindow(RestartIntensity intensity, Ticker ticker) {
        Objects.requireNonNull(intensity, "intensity");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.maxRestarts = intensity.maxRestarts();
        this.periodNanos = intensity.period().toNanos();
    }

    /**
     * Records a restart at the ticker's current reading.
     *
     * @return whether this restart exceeds the intensity: more than {@code maxRestarts} restarts, this one included,
     *         within the period ending now (the supervisor must then give up)
     */
    boolean recordRestart() {
        long now = ticker.read();
        while (!restartTimes.isEmpty() && now - restartTimes.peekFirst() > periodNanos) {
            restartTimes.pollFirst();
        }
        restartTimes.addLast(now);
        return restartTimes.size() > maxRestarts;
    }

    /** @return the restarts recorded within the period as of the last {@link #recordRestart()}, that one included */
    int restartsInWindow() {
        return restartTimes.size();
    }
}
