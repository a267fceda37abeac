package io.foundation.beam.cluster.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.cluster.RemoteException;
import io.foundation.beam.cluster.internal.codec.MessageCodec;
import io.foundation.beam.cluster.internal.codec.PidMapper;
import io.foundation.beam.cluster.internal.codec.TransferableTypes;
import io.foundation.beam.cluster.internal.codec.WirePid;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The router's reasons and exceptions in its frames, through the real {@link MessageCodec}. */
class FramesTest {

    record Odd(int n) {
    }

    record Wordy(String s) {
    }

    private final MessageCodec codec = new MessageCodec(TransferableTypes.none(), new PidMapper() {
        @Override
        public WirePid toWire(ProcessRef pid) {
            throw new AssertionError(pid);
        }

        @Override
        public ProcessRef fromWire(WirePid pid) {
            throw new AssertionError(pid);
        }
    }, FramesTest.class.getClassLoader());

    /** Writes the reason in a frame followed by a marker, reads it back and checks that the marker follows it. */
    private ExitReason roundTrip(ExitReason reason) throws IOException {
        Frames.Out out = new Frames.Out(Frames.DOWN);
        Frames.writeReason(out, reason, codec);
        out.writeLong(0x1234_5678_9ABC_DEF0L);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(out.bytes()));
        assertThat(in.readByte()).isEqualTo(Frames.DOWN);
        ExitReason back = Frames.readReason(in, codec);
        assertThat(in.readLong()).isEqualTo(0x1234_5678_9ABC_DEF0L);
        assertThat(in.available()).isZero();
        return back;
    }

    @Test
    void everyKindOfReasonCrosses() throws IOException {
        for (ExitReason r : List.of(ExitReason.NORMAL, ExitReason.SHUTDOWN, ExitReason.shutdown("drained"),
                ExitReason.KILLED, ExitReason.custom(List.of("out_of_stock", 7)), ExitReason.NOPROC,
                ExitReason.NOCONNECTION)) {
            assertThat(roundTrip(r)).isEqualTo(r);
        }
    }

    @Test
    void aTermTheCodecRefusesCrossesAsItsTextInTheSameKindOfReasonAndNothingPartialIsLeft() throws IOException {
        assertThat(roundTrip(ExitReason.shutdown(new Odd(7))))
                .isEqualTo(ExitReason.shutdown(Odd.class.getName() + ": Odd[n=7]"));
        List<Object> refusedInside = List.of("ok", new Odd(1));
        assertThat(roundTrip(ExitReason.custom(refusedInside)))
                .isEqualTo(ExitReason.custom(refusedInside.getClass().getName() + ": [ok, Odd[n=1]]"));
        ExitReason clipped = roundTrip(ExitReason.custom(new Wordy("x".repeat(10_000))));
        assertThat((String) ((ExitReason.Custom) clipped).term()).hasSize(4096 + 3).endsWith("...")
                .startsWith(Wordy.class.getName() + ": Wordy[s=xxx");
    }

    @Test
    void aCrashCauseArrivesAsARemoteExceptionAndCrossesAgainUnderItsOriginalClass() throws IOException {
        IllegalStateException original = new IllegalStateException("outer", new java.io.IOException("root"));
        ExitReason once = roundTrip(ExitReason.crashed(original));
        ExitReason twice = roundTrip(once);
        for (ExitReason r : List.of(once, twice)) {
            RemoteException cause = (RemoteException) ((ExitReason.Crashed) r).cause();
            assertThat(cause.originalClassName()).isEqualTo(IllegalStateException.class.getName());
            assertThat(cause.originalMessage()).isEqualTo("outer");
            assertThat(cause.getStackTrace()).containsExactly(original.getStackTrace());
            assertThat(cause.getCause().originalClassName()).isEqualTo(java.io.IOException.class.getName());
            assertThat(cause.getCause().originalMessage()).isEqualTo("root");
        }
    }

    @Test
    void anExceptionCrossesAsARemoteExceptionAndAnythingElseInItsPlaceIsACorruptFrame() throws IOException {
        Frames.Out out = new Frames.Out(Frames.REPLY);
        Frames.writeThrowable(out, new IllegalArgumentException("no such order"), codec);
        codec.write("not an exception", out);
        codec.write("not a reason", out);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(out.bytes()));
        in.readByte();
        assertThat(Frames.readThrowable(in, codec))
                .hasMessage("java.lang.IllegalArgumentException: no such order")
                .satisfies(r -> assertThat(r.originalClassName()).isEqualTo(IllegalArgumentException.class.getName()));
        assertThatThrownBy(() -> Frames.readThrowable(in, codec)).isInstanceOf(IOException.class)
                .hasMessageContaining("an exception expected");
        assertThatThrownBy(() -> Frames.readReason(in, codec)).isInstanceOf(IOException.class)
                .hasMessageContaining("an exit reason expected");
    }
}
