package io.foundation.beam.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BinaryTest {

    @Test
    void aHundredMegabytePayloadReachesAHundredIsolatedProcessesAsOneSharedCopy() {
        Binary payload = Binary.adopt(new byte[100 * 1024 * 1024]);
        List<Object> received = new CopyOnWriteArrayList<>();
        try (BeamRuntime runtime = BeamRuntime.builder().name("binary").build()) {
            List<ProcessRef> receivers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                receivers.add(runtime.spawn((m, c) -> {
                    received.add(m);
                    return null;
                }, SpawnOptions.defaults().withIsolatedHeap(true)));
            }
            long before = usedHeap();
            for (ProcessRef r : receivers) {
                r.send(payload);
            }
            await().until(() -> received.size() == 100);
            // The same object, not a copy, in every receiver: the heap holds one copy of the 100 MB.
            assertThat(received).allSatisfy(m -> assertThat(m).isSameAs(payload));
            long grown = usedHeap() - before;
            assertThat(grown).as("heap growth while delivering").isLessThan(100L * 1024 * 1024);
        }
    }

    @Test
    void otherMutableBytesAreStillCopiedPerReceiverUnderIsolatedHeaps() {
        byte[] array = "abc".getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap("xyz".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        List<Object> received = new CopyOnWriteArrayList<>();
        try (BeamRuntime runtime = BeamRuntime.builder().name("bytes").build()) {
            ProcessRef r = runtime.spawn((m, c) -> {
                received.add(m);
                return null;
            }, SpawnOptions.defaults().withIsolatedHeap(true));
            r.send(array);
            r.send(buffer);
            await().until(() -> received.size() == 2);
        }
        assertThat(received.get(0)).isNotSameAs(array).isEqualTo(array);
        ByteBuffer copy = (ByteBuffer) received.get(1);
        assertThat(copy).isNotSameAs(buffer).isEqualTo(buffer);
        assertThat(copy.isReadOnly()).isTrue();
        assertThat(buffer.position()).as("the sender's buffer is untouched").isZero();
    }

    @Test
    void readersGetReadOnlyViewsWithTheirOwnPositionAndCopiesAreIndependent() {
        byte[] source = {1, 2, 3};
        Binary b = Binary.copyOf(source);
        source[0] = 9;
        assertThat(b.byteAt(0)).as("copyOf made its own copy").isEqualTo((byte) 1);
        ByteBuffer view = b.asReadOnlyBuffer();
        view.get();
        assertThat(b.asReadOnlyBuffer().position()).isZero();
        assertThatThrownBy(() -> view.put(0, (byte) 7)).isInstanceOf(ReadOnlyBufferException.class);
        byte[] out = b.toByteArray();
        out[1] = 9;
        assertThat(b.byteAt(1)).isEqualTo((byte) 2);
        assertThat(b).isEqualTo(Binary.copyOf(ByteBuffer.wrap(new byte[] {1, 2, 3}))).hasToString("Binary[3 bytes]");
    }

    @Test
    void wireFormatCompressesAboveTheThresholdAndRoundTrips() {
        byte[] text = "flow control ".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        Binary compressible = Binary.copyOf(text);
        byte[] wire = compressible.toWireFormat(1024);
        assertThat(wire.length).isLessThan(text.length / 10);
        assertThat(Binary.fromWireFormat(wire)).isEqualTo(compressible);

        Binary small = Binary.copyOf(new byte[] {1, 2, 3});
        assertThat(small.toWireFormat(1024)).containsExactly(0, 1, 2, 3);
        assertThat(Binary.fromWireFormat(small.toWireFormat(1024))).isEqualTo(small);

        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        Binary random = Binary.copyOf(noise);
        byte[] randomWire = random.toWireFormat(0);
        assertThat(randomWire.length).as("incompressible data is sent raw").isEqualTo(noise.length + 1);
        assertThat(Binary.fromWireFormat(randomWire)).isEqualTo(random);

        assertThatThrownBy(() -> Binary.fromWireFormat(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> Binary.fromWireFormat(new byte[] {7})).hasMessageContaining("header byte 7");
        byte[] truncated = java.util.Arrays.copyOf(wire, wire.length / 2);
        assertThatThrownBy(() -> Binary.fromWireFormat(truncated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corrupt");
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
