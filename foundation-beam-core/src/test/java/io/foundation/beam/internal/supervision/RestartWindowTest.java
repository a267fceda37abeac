package io.foundation.beam.internal.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.ManualTicker;
import io.foundation.beam.Ticker;
import io.foundation.beam.supervision.RestartIntensity;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * OTP's restart intensity ({@code supervisor.erl} {@code add_restart/1}): a restart {@code R} still counts while
 * {@code R >= Now - Period}, and the supervisor gives up when the restarts counted, the new one included, are more
 * than {@code MaxR}. Time only moves when the test advances the ticker.
 */
class RestartWindowTest {

    private static final Duration NANO = Duration.ofNanos(1);

    private final ManualTicker ticker = new ManualTicker();

    private RestartWindow window(int maxRestarts, Duration period) {
        return new RestartWindow(new RestartIntensity(maxRestarts, period), ticker);
    }

    @Test
    void withTheDefaultOneInFiveSecondsTheSecondRestartWithinFiveSecondsExceeds() {
        RestartWindow window = new RestartWindow(RestartIntensity.DEFAULT, ticker);
        assertThat(window.recordRestart()).isFalse();
        ticker.advance(Duration.ofSeconds(4));
        assertThat(window.recordRestart()).isTrue();
        assertThat(window.restartsInWindow()).isEqualTo(2);
    }

    @Test
    void aRestartExactlyOnePeriodOldStillCounts() {
        RestartWindow window = window(1, Duration.ofSeconds(5));
        assertThat(window.recordRestart()).isFalse();
        ticker.advance(Duration.ofSeconds(5)); // R = Now - Period: kept, as OTP's R >= Now - Period
        assertThat(window.recordRestart()).isTrue();
    }

    @Test
    void aRestartOneTickOlderThanThePeriodIsForgotten() {
        RestartWindow window = window(1, Duration.ofSeconds(5));
        assertThat(window.recordRestart()).isFalse();
        ticker.advance(Duration.ofSeconds(5).plus(NANO));
        assertThat(window.recordRestart()).isFalse();
        assertThat(window.restartsInWindow()).isEqualTo(1);
    }

    @Test
    void zeroRestartsAllowedMeansTheFirstRestartExceeds() {
        RestartWindow window = window(0, Duration.ofSeconds(5));
        assertThat(window.recordRestart()).isTrue();
    }

    @Test
    void maxRestartsAreToleratedAndOneMoreExceeds() {
        RestartWindow window = window(3, Duration.ofSeconds(10));
        assertThat(window.recordRestart()).isFalse();
        assertThat(window.recordRestart()).isFalse(); // at the same instant: each restart counts
        assertThat(window.recordRestart()).isFalse();
        assertThat(window.restartsInWindow()).isEqualTo(3);
        assertThat(window.recordRestart()).isTrue();
        assertThat(window.restartsInWindow()).isEqualTo(4);
    }

    @Test
    void theWindowSlides() {
        RestartWindow window = window(3, Duration.ofSeconds(10));
        assertThat(window.recordRestart()).isFalse(); // t = 0
        ticker.advance(Duration.ofSeconds(4));
        assertThat(window.recordRestart()).isFalse(); // t = 4
        ticker.advance(Duration.ofSeconds(4));
        assertThat(window.recordRestart()).isFalse(); // t = 8
        ticker.advance(Duration.ofSeconds(2).plus(NANO));
        // t = 10 s + 1 ns: the restart at 0 is older than the period; 4, 8 and this one make 3
        assertThat(window.recordRestart()).isFalse();
        assertThat(window.restartsInWindow()).isEqualTo(3);
        ticker.advance(Duration.ofSeconds(4).minus(NANO));
        // t = 14: the restart at 4 is exactly one period old and still counts: 4, 8, 10, 14
        assertThat(window.recordRestart()).isTrue();
        assertThat(window.restartsInWindow()).isEqualTo(4);
    }

    @Test
    void aLongQuietSpellForgetsEveryEarlierRestart() {
        RestartWindow window = window(2, Duration.ofSeconds(1));
        window.recordRestart();
        window.recordRestart();
        ticker.advance(Duration.ofMinutes(1));
        assertThat(window.recordRestart()).isFalse();
        assertThat(window.restartsInWindow()).isEqualTo(1);
    }

    @Test
    void readingsAreComparedByDifferenceSoAWrappingTickerIsFine() {
        AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(1).toNanos());
        Ticker wrapping = nanos::get;
        RestartWindow window = new RestartWindow(new RestartIntensity(1, Duration.ofSeconds(5)), wrapping);
        assertThat(window.recordRestart()).isFalse();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos()); // overflows to a negative reading, 2 s later
        assertThat(nanos.get()).isNegative();
        assertThat(window.recordRestart()).isTrue();
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(window.recordRestart()).isFalse();
    }

    @Test
    void theTickerIsReadAtEachRestartNotAtConstruction() {
        RestartWindow window = window(1, Duration.ofSeconds(5));
        ticker.advance(Duration.ofHours(1));
        assertThat(window.recordRestart()).isFalse();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(window.recordRestart()).isTrue();
    }

    @Test
    void rejectsMissingArguments() {
        assertThatThrownBy(() -> new RestartWindow(null, ticker)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("intensity");
        assertThatThrownBy(() -> new RestartWindow(RestartIntensity.DEFAULT, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("ticker");
    }
}
