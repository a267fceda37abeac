package io.foundation.beam.cluster.internal.codec;

import static io.foundation.beam.cluster.internal.codec.MessageCodec.T_INT;
import static io.foundation.beam.cluster.internal.codec.MessageCodec.T_NULL;
import static io.foundation.beam.cluster.internal.codec.MessageCodec.T_RECORD;
import static io.foundation.beam.cluster.internal.codec.MessageCodec.T_ENUM;
import static io.foundation.beam.cluster.internal.codec.MessageCodec.T_STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.foundation.beam.cluster.MessageNotTransferableException;
import io.foundation.beam.cluster.internal.codec.fixtures.Holder;
import io.foundation.beam.cluster.internal.codec.fixtures.InitFlags;
import io.foundation.beam.cluster.internal.codec.fixtures.Line;
import io.foundation.beam.cluster.internal.codec.fixtures.MutableBox;
import io.foundation.beam.cluster.internal.codec.fixtures.Shipment;
import io.foundation.beam.cluster.internal.codec.fixtures.Status;
import io.foundation.beam.cluster.internal.codec.forbidden.Recipient;
import io.foundation.beam.cluster.internal.codec.forbidden.Secret;
import io.foundation.beam.mailbox.Priority;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MessageCodecRefusalTest {

    private static final String SETTING = "foundation.beam.cluster.serialization.allowed-types";
    private static final String API = "ClusterConfig.Builder.allowMessageTypes(...)";

    private final MessageCodec codec = Codecs.standard();

    // ---------------------------------------------------------------------------------------------------------
    // Encoding

    @Test
    void aRecordOutsideTheAllowlistIsRefusedNamingTheClassAndTheSetting() {
        MessageNotTransferableException e = refusedOnEncode(new Recipient("Bob"));
        assertThat(e.className()).isEqualTo(Recipient.class.getName());
        assertThat(e.getMessage()).contains(Recipient.class.getName(), SETTING, API, Codecs.FORBIDDEN);
    }

    @Test
    void anAllowedRecordWithADisallowedComponentNamesTheComponentsClassAndPath() {
        MessageNotTransferableException e = refusedOnEncode(new Shipment("s-1", new Recipient("Bob")));
        assertThat(e.className()).isEqualTo(Recipient.class.getName());
        assertThat(e.getMessage()).contains("(at Shipment.recipient)", SETTING, API);
    }

    @Test
    void thePathGoesThroughListsMapsOptionalsAndExitReasons() {
        Holder nested = new Holder(List.of(1, Map.of("key", Optional.of(new Recipient("x")))));
        assertThat(refusedOnEncode(nested).getMessage()).contains("(at Holder.value[1][key].get())");
        assertThat(refusedOnEncode(ExitReason.custom(List.of(Secret.TOP))).getMessage())
                .contains("(at Custom.term[0])");
        MessageNotTransferableException onKey = refusedOnEncode(Map.of(new Recipient("k"), 1));
        assertThat(onKey.getMessage()).contains("(at Map.keys()[<Recipient>])");
    }

    @Test
    void anEnumOutsideTheAllowlistIsRefusedAndAConstantWithABodyIsCheckedAsItsEnum() {
        MessageNotTransferableException e = refusedOnEncode(Secret.TOP);
        assertThat(e.className()).isEqualTo(Secret.class.getName());
        assertThat(e.getMessage()).contains(SETTING);
        assertThat(Status.PAID.getClass()).isNotEqualTo(Status.class);
        assertThat(Codecs.roundTrip(codec, Status.PAID)).isSameAs(Status.PAID);
    }

    @Test
    void lambdasAnonymousAndMutableClassesArraysThreadsAndOtherCollectionsAreRefused() {
        Runnable lambda = () -> { };
        assertThat(refusedOnEncode(lambda).getMessage()).contains("lambda");
        assertThat(refusedOnEncode(new Object() { }).getMessage()).contains("anonymous");
        MessageNotTransferableException mutable = refusedOnEncode(new Holder(new MutableBox()));
        assertThat(mutable.className()).isEqualTo(MutableBox.class.getName());
        assertThat(mutable.getMessage()).contains("neither a record", "(at Holder.value)");
        assertThat(refusedOnEncode(new int[] {1}).getMessage()).contains("array", "List");
        assertThat(refusedOnEncode(new String[] {"a"}).className()).isEqualTo("[Ljava.lang.String;");
        assertThat(refusedOnEncode(Thread.currentThread()).className()).isEqualTo(Thread.class.getName());
        assertThat(refusedOnEncode(new Object()).className()).isEqualTo("java.lang.Object");
        assertThat(refusedOnEncode(new ArrayDeque<>(List.of(1))).getMessage()).contains("neither a List");
        assertThat(refusedOnEncode(new java.math.BigInteger("1") { }).getMessage()).contains("anonymous");
    }

    @Test
    void aPidTheMapperDoesNotKnowIsRefusedWithTheMappersMessageAndThePath() {
        MessageNotTransferableException e = refusedOnEncode(new Holder(new AlienPid()));
        assertThat(e.className()).isEqualTo(AlienPid.class.getName());
        assertThat(e.getMessage()).contains("not part of the cluster", "(at Holder.value)");
    }

    @Test
    void aRefusedValueLeavesNothingInTheOutput() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        List<Object> value = List.of("a long string that would be written first ".repeat(10), new Recipient("x"));
        assertThatThrownBy(() -> codec.write(value, out)).isInstanceOf(MessageNotTransferableException.class);
        assertThat(bytes.size()).isZero();
    }

    @Test
    void nestingIsLimitedTo100LevelsOnEncodeAndCyclesAreRefused() {
        assertThat(Codecs.roundTrip(codec, nestedLists(100))).isEqualTo(nestedLists(100));
        MessageNotTransferableException tooDeep = refusedOnEncode(nestedLists(101));
        assertThat(tooDeep.getMessage()).contains("deeper than the limit of 100", "(at List[0][0]");

        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThat(refusedOnEncode(cyclic).getMessage()).contains("deeper than the limit", "cyclic");
    }

    @Test
    void nestingDeeperThanTheReceiversLimitIsACorruptFrame() {
        MessageCodec generous = new MessageCodec(TransferableTypes.none(), new FakePidMapper(),
                getClass().getClassLoader(), 1000, MessageCodec.DEFAULT_MAX_BYTES);
        byte[] deep = generous.encode(nestedLists(500));
        assertThatThrownBy(() -> codec.decode(deep)).isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("deeper than the limit of 100");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Decoding

    @Test
    void aClassTheReceiverDoesNotAllowIsRefusedOnDecode() throws IOException {
        MessageCodec sender = Codecs.allowing(Codecs.FIXTURES, Codecs.FORBIDDEN);
        byte[] frame = sender.encode(new Shipment("s-1", new Recipient("Bob")));
        MessageNotTransferableException e = catchThrowableOfType(MessageNotTransferableException.class,
                () -> codec.decode(frame));
        assertThat(e.className()).isEqualTo(Recipient.class.getName());
        assertThat(e.getMessage()).contains("does not accept", SETTING, API);
        assertThat(sender.decode(frame)).isEqualTo(new Shipment("s-1", new Recipient("Bob")));
    }

    @Test
    void aHostileFrameCannotInitializeNorEvenLoadAClassOutsideTheAllowlist() throws Exception {
        RecordingLoader loader = new RecordingLoader(getClass().getClassLoader());
        MessageCodec receiver = new MessageCodec(TransferableTypes.of(Codecs.FIXTURES), new FakePidMapper(), loader);
        String hostile = Codecs.FORBIDDEN + ".Hostile";
        MessageNotTransferableException e = catchThrowableOfType(MessageNotTransferableException.class,
                () -> receiver.decode(recordFrame(hostile)));
        assertThat(e.className()).isEqualTo(hostile);
        assertThat(InitFlags.HOSTILE).isFalse();
        assertThat(loader.asked).doesNotContain(hostile);

        // The control: the same frame for an allowed class is loaded through the loader and runs its initializer.
        assertThat(InitFlags.TRAP).isFalse();
        Object trap = receiver.decode(recordFrame(Codecs.FIXTURES + ".Trap"));
        assertThat(trap.getClass().getName()).isEqualTo(Codecs.FIXTURES + ".Trap");
        assertThat(InitFlags.TRAP).isTrue();
        assertThat(loader.asked).contains(Codecs.FIXTURES + ".Trap");
    }

    @Test
    void anAllowedClassThatIsNeitherRecordNorEnumIsRefusedWithoutBeingInitialized() {
        String name = Codecs.FIXTURES + ".NotARecord";
        MessageNotTransferableException e = catchThrowableOfType(MessageNotTransferableException.class,
                () -> codec.decode(recordFrame(name)));
        assertThat(e.getMessage()).contains("only records and enums");
        assertThat(InitFlags.NOT_A_RECORD).isFalse();
        assertThat(catchThrowableOfType(MessageNotTransferableException.class,
                () -> codec.decode(recordFrame(Codecs.FIXTURES + ".NoSuchClass"))).getMessage())
                .contains("cannot be loaded here");
    }

    @Test
    void aRecordOfAnotherShapeAnUnknownConstantAndAKindMismatchAreRefused() {
        byte[] threeComponents = Codecs.frame(w -> {
            w.writeByte(T_RECORD);
            w.writeSymbol(Line.class.getName());
            w.writeVarInt(4);
            for (int i = 0; i < 4; i++) {
                w.writeByte(T_NULL);
            }
        });
        assertThat(catchThrowableOfType(MessageNotTransferableException.class, () -> codec.decode(threeComponents))
                .getMessage()).contains("3 components here, 4 there");

        byte[] unknownConstant = Codecs.frame(w -> {
            w.writeByte(T_ENUM);
            w.writeSymbol(Status.class.getName());
            w.writeSymbol("REFUNDED");
        });
        assertThat(catchThrowableOfType(MessageNotTransferableException.class, () -> codec.decode(unknownConstant))
                .getMessage()).contains("Status.REFUNDED");

        byte[] enumAsRecord = Codecs.frame(w -> {
            w.writeByte(T_RECORD);
            w.writeSymbol(Status.class.getName());
            w.writeVarInt(0);
        });
        assertThatThrownBy(() -> codec.decode(enumAsRecord)).isInstanceOf(CorruptFrameException.class);
    }

    @Test
    void componentsOfTheWrongTypeAndValuesTheConstructorRejectsAreCorruptFrames() {
        byte[] stringForInt = lineFrame(w -> {
            w.writeByte(T_STRING);
            w.writeString("two");
        });
        assertThatThrownBy(() -> codec.decode(stringForInt)).isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("component quantity").hasMessageContaining("java.lang.String");
        byte[] nullForInt = lineFrame(w -> w.writeByte(T_NULL));
        assertThatThrownBy(() -> codec.decode(nullForInt)).isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("holds null");

        byte[] negative = Codecs.frame(w -> {
            w.writeByte(T_RECORD);
            w.writeSymbol(Codecs.FIXTURES + ".Validated");
            w.writeVarInt(1);
            w.writeByte(T_INT);
            w.writeSignedVarInt(-1);
        });
        assertThatThrownBy(() -> codec.decode(negative)).isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("rejected").hasMessageContaining("count must not be negative");
    }

    @Test
    void truncatedOverlongAndPaddedFramesAreCorrupt() throws IOException {
        byte[] frame = codec.encode(MessageCodecRoundTripTest.order());
        byte[] truncated = Arrays.copyOf(frame, frame.length - 1);
        assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(CorruptFrameException.class);
        assertThatThrownBy(() -> codec.read(new DataInputStream(new ByteArrayInputStream(truncated))))
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("truncated");
        byte[] padded = Arrays.copyOf(frame, frame.length + 1);
        assertThatThrownBy(() -> codec.decode(padded)).isInstanceOf(CorruptFrameException.class);

        // a length prefix of 200 MB over 3 bytes: refused for what actually arrives, without allocating 200 MB
        byte[] lying = {(byte) 0x80, (byte) 0x84, (byte) 0xAF, 0x5F, 1, 2, 3};
        assertThatThrownBy(() -> codec.read(new DataInputStream(new ByteArrayInputStream(lying))))
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("ends before");
        MessageCodec small = new MessageCodec(TransferableTypes.none(), new FakePidMapper(),
                getClass().getClassLoader(), 10, 1024);
        assertThatThrownBy(() -> small.read(new DataInputStream(new ByteArrayInputStream(lying))))
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("exceeds the limit of 1024");
        assertThatThrownBy(() -> small.encode("x".repeat(2000))).isInstanceOf(MessageNotTransferableException.class)
                .hasMessageContaining("more than the limit of 1024 bytes");
        // tag, 2-byte length, characters: 1024 bytes exactly pass, 1025 do not
        assertThatThrownBy(() -> small.encode("x".repeat(1022))).isInstanceOf(MessageNotTransferableException.class);
        assertThat(small.decode(small.encode("x".repeat(1021)))).isEqualTo("x".repeat(1021));
        byte[] hugeCount = Codecs.frame(w -> {
            w.writeByte(MessageCodec.T_LIST);
            w.writeVarInt(Integer.MAX_VALUE);
        });
        assertThatThrownBy(() -> codec.decode(hugeCount)).isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("List's size 2147483647 exceeds");
    }

    // ---------------------------------------------------------------------------------------------------------
    // The allowlist

    @Test
    void entriesMatchWholeSegmentsOfPackagesAndClassesIncludingNestedClasses() {
        TransferableTypes types = TransferableTypes.of(List.of("com.acme.orders", "com.acme.Order", "org.x.*"));
        assertThat(types.allows("com.acme.orders.OrderPlaced")).isTrue();
        assertThat(types.allows("com.acme.orders.v2.Line")).isTrue();
        assertThat(types.allows("com.acme.orders.Order$Line")).isTrue();
        assertThat(types.allows("com.acme.Order")).isTrue();
        assertThat(types.allows("com.acme.Order$Line")).isTrue();
        assertThat(types.allows("org.x.Y")).isTrue();
        assertThat(types.allows("com.acme.ordersbackup.X")).isFalse();
        assertThat(types.allows("com.acme.OrderLine")).isFalse();
        assertThat(types.allows("com.acme.Other")).isFalse();
        assertThat(types.allows("com.acme")).isFalse();
        assertThat(types.allows("org.xy.Z")).isFalse();
        assertThat(types.allows("")).isFalse();
        assertThat(TransferableTypes.of("com.acme.Order.Line").allows("com.acme.Order$Line")).isTrue();
        assertThat(TransferableTypes.none().allows("java.lang.String")).isFalse();
        for (String bad : List.of("", " ", "*", "com..acme", "com.acme.", "com acme", "com.*.x")) {
            assertThatThrownBy(() -> TransferableTypes.of(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private MessageNotTransferableException refusedOnEncode(Object value) {
        MessageNotTransferableException e = catchThrowableOfType(MessageNotTransferableException.class,
                () -> codec.encode(value));
        assertThat(e).as("refusal of %s", value).isNotNull();
        return e;
    }

    private static Object nestedLists(int levels) {
        Object value = "leaf";
        for (int i = 0; i < levels; i++) {
            value = List.of(value);
        }
        return value;
    }

    private static byte[] recordFrame(String className) {
        return Codecs.frame(w -> {
            w.writeByte(T_RECORD);
            w.writeSymbol(className);
            w.writeVarInt(1);
            w.writeByte(T_STRING);
            w.writeString("x");
        });
    }

    private static byte[] lineFrame(Consumer<FrameWriter> quantity) {
        return Codecs.frame(w -> {
            w.writeByte(T_RECORD);
            w.writeSymbol(Line.class.getName());
            w.writeVarInt(3);
            w.writeByte(T_STRING);
            w.writeString("sku");
            quantity.accept(w);
            w.writeByte(T_NULL);
        });
    }

    /** Delegates to its parent and records every class name it is asked for. */
    private static final class RecordingLoader extends ClassLoader {
        final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

        RecordingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }
    }

    /** A pid of a runtime outside the cluster. */
    private record AlienPid() implements ProcessRef {
        @Override
        public long id() {
            return 1;
        }

        @Override
        public void send(Object message) {
        }

        @Override
        public SendResult trySend(Object message) {
            return null;
        }

        @Override
        public SendResult trySend(Object message, Priority priority) {
            return null;
        }

        @Override
        public boolean isAlive() {
            return false;
        }

        @Override
        public Optional<ExitReason> exitReason() {
            return Optional.empty();
        }
    }
}
