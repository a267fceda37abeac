package io.foundation.beam.cluster.internal.codec;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Codecs and helpers shared by the codec tests. */
final class Codecs {

    static final String FIXTURES = "io.foundation.beam.cluster.internal.codec.fixtures";
    static final String FORBIDDEN = "io.foundation.beam.cluster.internal.codec.forbidden";

    private Codecs() {
    }

    /** @return a codec allowing the fixtures package */
    static MessageCodec standard() {
        return allowing(FIXTURES);
    }

    static MessageCodec allowing(String... entries) {
        return new MessageCodec(TransferableTypes.of(entries), new FakePidMapper(), Codecs.class.getClassLoader());
    }

    static Object roundTrip(MessageCodec codec, Object value) {
        try {
            return codec.decode(codec.encode(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a whole frame (length prefix and payload) around a payload built by {@code body} */
    static byte[] frame(java.util.function.Consumer<FrameWriter> body) {
        FrameWriter payload = new FrameWriter(32, Integer.MAX_VALUE - 32);
        body.accept(payload);
        FrameWriter whole = new FrameWriter(16, 16);
        whole.writeVarInt(payload.size());
        byte[] out = java.util.Arrays.copyOf(whole.buffer(), whole.size() + payload.size());
        System.arraycopy(payload.buffer(), 0, out, whole.size(), payload.size());
        return out;
    }
}
