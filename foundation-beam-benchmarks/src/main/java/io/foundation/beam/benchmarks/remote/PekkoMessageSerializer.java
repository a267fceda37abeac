package io.foundation.beam.benchmarks.remote;

import io.foundation.beam.benchmarks.remote.RemoteMessages.Ack;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Ball;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Data;
import io.foundation.beam.benchmarks.remote.RemoteMessages.PekkoHandshake;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko's serializer for {@link RemoteMessages}, registered in the configuration for exactly those classes (see
 * {@link PekkoSetup}): what Pekko's documentation recommends for application messages, a
 * {@link SerializerWithStringManifest} (the manifest is one letter, which Artery's compression table also replaces
 * by a number once it has seen it), that is also a {@link ByteBufferSerializer}, so that Artery writes straight into
 * its pooled buffers with no intermediate array. The body of {@link Data}, {@link Ack} and {@link Ball} is the
 * {@code long}'s 8 bytes; a handshake message has an empty body (its manifest says which it is).
 */
public final class PekkoMessageSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {

    /** This serializer's id; Pekko reserves 0 to 40. */
    static final int IDENTIFIER = 20_200;

    private static final String DATA = "D";
    private static final String ACK = "A";
    private static final String BALL = "B";
    private static final String HELLO = "H";
    private static final String WELCOME = "W";
    private static final byte[] EMPTY = new byte[0];

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object message) {
        return switch (message) {
            case Data d -> DATA;
            case Ack a -> ACK;
            case Ball b -> BALL;
            case PekkoHandshake h -> h == PekkoHandshake.HELLO ? HELLO : WELCOME;
            default -> throw new IllegalArgumentException("not a benchmark message: " + message.getClass());
        };
    }

    @Override
    public void toBinary(Object message, ByteBuffer buffer) {
        switch (message) {
            case Data d -> buffer.putLong(d.seq());
            case Ack a -> buffer.putLong(a.received());
            case Ball b -> buffer.putLong(b.seq());
            case PekkoHandshake h -> {
                // the manifest says it all
            }
            default -> throw new IllegalArgumentException("not a benchmark message: " + message.getClass());
        }
    }

    @Override
    public byte[] toBinary(Object message) {
        if (message instanceof PekkoHandshake) {
            return EMPTY;
        }
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES);
        toBinary(message, buffer);
        return buffer.array();
    }

    @Override
    public Object fromBinary(ByteBuffer buffer, String manifest) throws NotSerializableException {
        return switch (manifest) {
            case DATA -> new Data(buffer.getLong());
            case ACK -> new Ack(buffer.getLong());
            case BALL -> new Ball(buffer.getLong());
            case HELLO -> PekkoHandshake.HELLO;
            case WELCOME -> PekkoHandshake.WELCOME;
            default -> throw new NotSerializableException("unknown manifest " + manifest);
        };
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        return fromBinary(ByteBuffer.wrap(bytes), manifest);
    }
}
