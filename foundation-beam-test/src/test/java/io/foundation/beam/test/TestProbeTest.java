package io.foundation.beam.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The probe's expectations, each shown to hold and to fail with a message that says what came. */
@BeamTest
class TestProbeTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    /** Answers every message by sending it back to the probe it names. */
    record Echo(ProcessRef replyTo, Object body) {
    }

    private static ProcessRef echo(BeamRuntime runtime) {
        return runtime.spawn((message, ctx) -> {
            Echo e = (Echo) message;
            e.replyTo().send(e.body());
            return null;
        });
    }

    @Test
    void expectsMessagesInOrderByTypeAndByPredicate(BeamRuntime runtime, TestProbe probe) {
        ProcessRef echo = echo(runtime);
        echo.send(new Echo(probe.ref(), "one"));
        echo.send(new Echo(probe.ref(), 2));
        echo.send(new Echo(probe.ref(), "three"));
        assertThat(probe.expectMessage(String.class)).isEqualTo("one");
        assertThat(probe.expectMessage(Integer.class)).isEqualTo(2);
        assertThat(probe.expectMessage("a word of five letters", m -> m.toString().length() == 5, SHORT))
                .isEqualTo("three");
        probe.expectNoMessage(SHORT);
    }

    @Test
    void aMessageOfAnotherTypeFailsNamingWhatCame(BeamRuntime runtime, TestProbe probe) {
        echo(runtime).send(new Echo(probe.ref(), 42));
        assertThatThrownBy(() -> probe.expectMessage(String.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected a java.lang.String, got java.lang.Integer 42");
    }

    @Test
    void noMessageInTimeFailsSayingHowLongItWaited(TestProbe probe) {
        assertThatThrownBy(() -> probe.expectMessage(SHORT)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected a message within PT0.2S, got none");
    }

    @Test
    void aMessageDuringExpectedSilenceFails(BeamRuntime runtime, TestProbe probe) {
        echo(runtime).send(new Echo(probe.ref(), "noise"));
        assertThatThrownBy(() -> probe.expectNoMessage(Duration.ofSeconds(2))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected no message for PT2S, got java.lang.String noise");
    }

    @Test
    void expectTerminatedReturnsTheReasonAndKeepsEarlierMessages(BeamRuntime runtime, TestProbe probe) {
        ProcessRef worker = runtime.spawn(ctx -> {
            Echo e = (Echo) ctx.receive();
            e.replyTo().send(e.body());
            throw new IllegalStateException("done badly");
        });
        worker.send(new Echo(probe.ref(), "before the end"));
        ExitReason reason = probe.expectTerminated(worker);
        assertThat(reason).isInstanceOfSatisfying(ExitReason.Crashed.class,
                c -> assertThat(c.cause()).hasMessage("done badly"));
        assertThat(probe.expectMessage(String.class)).isEqualTo("before the end");
    }

    @Test
    void expectTerminatedFailsForAProcessThatLivesOn(BeamRuntime runtime, TestProbe probe) {
        ProcessRef alive = runtime.spawn((m, c) -> null);
        assertThatThrownBy(() -> probe.expectTerminated(alive, SHORT)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("to end within PT0.2S, it is still alive");
        assertThatThrownBy(() -> probe.expectTerminated(echo(runtime), ExitReason.NORMAL, SHORT))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aLinkedProcessThatEndsArrivesAsAnExitSignal(BeamRuntime runtime, TestProbe probe) {
        ProcessRef linked = runtime.spawn(ctx -> {
            ctx.receive();
        });
        probe.link(linked);
        linked.send("finish");
        Signal.Exit exit = probe.expectMessage(Signal.Exit.class);
        assertThat(exit.from()).isEqualTo(linked);
        assertThat(exit.reason()).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void aProcessThatHadAlreadyEndedGivesItsOwnReasonToExpectTerminatedAndNoprocToWatchAndLink(BeamRuntime runtime,
            TestProbe probe) throws Exception {
        ProcessRef gone = runtime.spawn(ctx -> ctx.exit(ExitReason.shutdown("drained")));
        runtime.exitFuture(gone).get();
        assertThat(probe.expectTerminated(gone)).isEqualTo(ExitReason.shutdown("drained"));
        probe.watch(gone);
        assertThat(probe.expectMessage(Signal.Down.class).reason()).isEqualTo(ExitReason.NOPROC);
        probe.link(gone);
        assertThat(probe.expectMessage(Signal.Exit.class)).isEqualTo(new Signal.Exit(gone, ExitReason.NOPROC));
    }

    @Test
    void aManualTickerMovesOnlyForward() {
        ManualTicker ticker = new ManualTicker();
        long start = ticker.read();
        ticker.advance(Duration.ofSeconds(5));
        assertThat(ticker.read() - start).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThatThrownBy(() -> ticker.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves forward");
    }
}
