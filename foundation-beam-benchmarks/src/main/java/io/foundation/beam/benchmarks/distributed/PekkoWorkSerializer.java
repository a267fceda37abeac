package io.foundation.beam.benchmarks.distributed;

import io.foundation.beam.benchmarks.distributed.PekkoWork.Dispatch;
import io.foundation.beam.benchmarks.distributed.PekkoWork.Done;
import io.foundation.beam.benchmarks.distributed.PekkoWork.Result;
import io.foundation.beam.benchmarks.distributed.PekkoWork.Submit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko's serializer for {@link PekkoWork.Wire} messages (bound to that interface in {@link PekkoWorkNode}'s
 * configuration), as Pekko's documentation recommends for application messages: a
 * {@link SerializerWithStringManifest}, one letter of manifest, the fields written with {@link DataOutputStream}, an
 * actor reference as its serialization format ({@link ActorRefResolver}).
 */
public final class PekkoWorkSerializer extends SerializerWithStringManifest {

    /** This serializer's id; Pekko reserves 0 to 40. */
    static final int IDENTIFIER = 20_210;

    private final ExtendedActorSystem system;
    private volatile ActorRefResolver resolver;

    /** @param system the actor system (Pekko's constructor for serializers) */
    public PekkoWorkSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object message) {
        return switch (message) {
            case Submit s -> "S";
            case Dispatch d -> "D";
            case Done d -> "N";
            case Result r -> "R";
            default -> throw new IllegalArgumentException("not a benchmark message: " + message.getClass());
        };
    }

    @Override
    public byte[] toBinary(Object message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            switch (message) {
                case Submit s -> {
                    out.writeUTF(s.item());
                    out.writeUTF(resolver().toSerializationFormat(s.replyTo()));
                }
                case Dispatch d -> {
                    out.writeLong(d.id());
                    out.writeUTF(d.item());
                    out.writeUTF(resolver().toSerializationFormat(d.coordinator()));
                }
                case Done d -> {
                    out.writeLong(d.id());
                    out.writeUTF(d.result());
                }
                case Result r -> out.writeUTF(r.result());
                default -> throw new IllegalArgumentException("not a benchmark message: " + message.getClass());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return switch (manifest) {
                case "S" -> new Submit(in.readUTF(), ref(in.readUTF()));
                case "D" -> new Dispatch(in.readLong(), in.readUTF(), ref(in.readUTF()));
                case "N" -> new Done(in.readLong(), in.readUTF());
                case "R" -> new Result(in.readUTF());
                default -> throw new NotSerializableException("unknown manifest " + manifest);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> ActorRef<T> ref(String path) {
        return resolver().resolveActorRef(path);
    }

    private ActorRefResolver resolver() {
        ActorRefResolver r = resolver;
        if (r == null) {
            r = ActorRefResolver.get(Adapter.toTyped(system));
            resolver = r;
        }
        return r;
    }
}
