package io.foundation.beam.cluster.internal.routing;

import io.foundation.beam.cluster.MessageNotTransferableException;
import io.foundation.beam.cluster.internal.codec.PayloadCodec;
import io.foundation.beam.cluster.internal.codec.PidMapper;
import io.foundation.beam.cluster.internal.codec.WirePid;
import io.foundation.beam.process.ProcessRef;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small codec for the router's tests (the real one is {@code MessageCodec}): null, strings, integers, longs,
 * booleans, lists of these, and pids through the {@link PidMapper}. Anything else is refused with
 * {@link MessageNotTransferableException}, before anything is written.
 */
final class TestCodec implements PayloadCodec {

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte BOOLEAN = 4;
    private static final byte LIST = 5;
    private static final byte PID = 6;

    private final PidMapper pids;

    TestCodec(PidMapper pids) {
        this.pids = pids;
    }

    @Override
    public void write(Object value, DataOutput out) throws IOException {
        check(value);
        put(value, out);
    }

    private static void check(Object value) {
        if (value instanceof List<?> list) {
            list.forEach(TestCodec::check);
        } else if (value != null && !(value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof ProcessRef)) {
            throw new MessageNotTransferableException(value.getClass().getName(), value.getClass().getName()
                    + " is not transferable by the test codec");
        }
    }

    private void put(Object value, DataOutput out) throws IOException {
        switch (value) {
            case null -> out.writeByte(NULL);
            case String s -> {
                out.writeByte(STRING);
                out.writeUTF(s);
            }
            case Integer i -> {
                out.writeByte(INT);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case Boolean b -> {
                out.writeByte(BOOLEAN);
                out.writeBoolean(b);
            }
            case List<?> list -> {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object o : list) {
                    put(o, out);
                }
            }
            case ProcessRef p -> {
                WirePid w = pids.toWire(p);
                out.writeByte(PID);
                out.writeUTF(w.node());
                out.writeLong(w.incarnation());
                out.writeLong(w.id());
            }
            default -> throw new AssertionError(value);
        }
    }

    @Override
    public Object read(DataInput in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case STRING -> in.readUTF();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case BOOLEAN -> in.readBoolean();
            case LIST -> {
                int n = in.readInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                yield java.util.Collections.unmodifiableList(list);
            }
            case PID -> pids.fromWire(new WirePid(in.readUTF(), in.readLong(), in.readLong()));
            default -> throw new IOException("test codec: unknown tag " + tag);
        };
    }
}
