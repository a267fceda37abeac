package io.foundation.beam.cluster.internal.codec;

import io.foundation.beam.cluster.MessageNotTransferableException;
import io.foundation.beam.cluster.RemoteException;
import io.foundation.beam.messages.Binary;
import io.foundation.beam.process.CallRequest;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.RandomAccess;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster's serialization of message values: a compact, tagged binary format with an explicit allowlist of
 * application types, and never Java serialization.
 *
 * <h2>Format</h2>
 * {@link #write} writes {@code varint(n)} and then an n-byte payload holding one value. A value is a tag byte and
 * its body. Integers of variable length are unsigned LEB128 ("varint"); signed ones are zigzag-encoded first.
 * <ul>
 *   <li>{@code null}, {@code false}, {@code true}: the tag alone. {@code Byte}: 1 byte; {@code Short},
 *       {@code Character}: 2 bytes; {@code Integer}, {@code Long}: zigzag varint; {@code Float}, {@code Double}:
 *       their IEEE bits, big-endian (NaN payloads survive).</li>
 *   <li>{@code String}: varint byte length and UTF-8 (any length; an unpaired surrogate becomes {@code ?}, as
 *       with {@code String.getBytes}). {@code byte[]} and {@link Binary}: varint length and the bytes.
 *       {@code BigInteger}: its two's-complement bytes; {@code BigDecimal}: zigzag scale and unscaled bytes;
 *       {@code UUID}: 16 bytes.</li>
 *   <li>java.time: {@code Instant}, {@code Duration} (seconds, nanos), {@code LocalDate} (epoch day),
 *       {@code LocalTime} (nano of day), {@code LocalDateTime}, {@code OffsetDateTime}, {@code OffsetTime} (with the
 *       offset's seconds), {@code ZonedDateTime} (local date-time, offset and zone id; rebuilt from the instant, so
 *       the moment survives even if the receiver's time-zone rules differ), {@code Period}, {@code Year},
 *       {@code YearMonth}, {@code MonthDay}, {@code ZoneOffset}. Also {@code URI}, {@code Locale} (its BCP 47
 *       language tag), {@code Currency} (its code), {@code Optional}, {@code OptionalInt/Long/Double}.</li>
 *   <li>{@code List}, {@code Set}, {@code Map} (any implementation): varint size and the elements (keys and values
 *       alternating). They are read as unmodifiable collections that keep the sender's iteration order; nulls inside
 *       them survive. A list without nulls is read as {@code List.of(..)}; sets and maps (and lists with nulls) as
 *       unmodifiable views of new {@code LinkedHashSet}s, {@code LinkedHashMap}s and lists. A sorted collection
 *       arrives in its order but is not sorted any more.</li>
 *   <li>{@link ProcessRef}: node name, incarnation, process number, through the {@link PidMapper}.</li>
 *   <li>{@link ExitReason}: a kind byte, then the term of {@code Shutdown(term)} and {@code Custom(term)} or the
 *       cause of {@code Crashed}.</li>
 *   <li>{@code Throwable}: class name, message, stack trace (every field of each frame, at most
 *       {@value #MAX_STACK_FRAMES} frames), cause (at most {@value #MAX_CAUSES} deep; deeper causes and suppressed
 *       exceptions are dropped). Read as a {@link RemoteException}; a {@code RemoteException} is written under its
 *       original class name, so it travels on unchanged.</li>
 *   <li>An enum constant: class name and constant name (not the ordinal, so reordering constants is compatible).
 *       A record: class name, component count and the components in canonical order; it is rebuilt through its
 *       canonical constructor, so its validation runs on the receiver too.</li>
 * </ul>
 * Class names, enum constant names, node names and stack frame names are symbols: the first occurrence in a message
 * writes the string, later ones its index in that message's table.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>What {@link #read} returns equals what {@link #write} was given, except that throwables come back as
 *       {@code RemoteException}s, pids as the {@code PidMapper} makes them, and collections as described above.</li>
 *   <li>Encoding is all or nothing: the payload is built in a buffer of its own and only written to the output
 *       once complete, so a refused value leaves nothing in the output.</li>
 *   <li>Values nest at most {@code maxDepth} levels (default {@value #DEFAULT_MAX_DEPTH}): a deeper or cyclic value
 *       is refused when written, a deeper payload is refused when read.</li>
 *   <li>No reflection per value: a class is examined once (a {@code ClassValue} when writing, a map keyed by name
 *       when reading) and its records then go through cached method handles.</li>
 * </ul>
 *
 * <h2>Security model</h2>
 * The bytes read come from another node, which may be buggy or hostile. Reading therefore:
 * <ul>
 *   <li>checks a class name against this node's {@link TransferableTypes} <em>before</em> anything is loaded, and then
 *       loads it with {@code Class.forName(name, false, loader)}, so a payload can never load, let alone initialize,
 *       a class outside the allowlist; an allowed class must also be a record or an enum. Only an allowed record's
 *       canonical constructor and an allowed enum's initializer ever run. A throwable's class is never loaded.</li>
 *   <li>checks every length and count against the bytes left in the payload, and the payload's length against
 *       {@code maxBytes} (and reads it in chunks, so a lying length does not allocate what was never sent): a corrupt
 *       payload cannot make it allocate much more than its own size;</li>
 *   <li>throws only {@link MessageNotTransferableException} (a class this node does not accept) and
 *       {@link IOException}s ({@link CorruptFrameException} for anything malformed: truncated, too long, too deep,
 *       bad tags, values of the wrong type for a record component, values a constructor rejects).</li>
 * </ul>
 * What it does not guard against: an allowed record's canonical constructor runs with values the peer chose (so
 * records that cross should validate in their constructors, as the sender's own values pass through them too), and
 * a component is checked against its erased type only (a {@code List<String>} component can receive a list of
 * other values from a hostile peer). Authenticating the peers (TLS, {@code AUTH}) is the transport's business.
 *
 * <p>A {@code Throwable} may be sent anywhere in a message, but arrives as a {@link RemoteException}: a record
 * component that holds one must be declared {@code Throwable}, {@code Exception} or {@code RuntimeException} for the
 * record to be rebuilt.
 * Writing refuses, with a {@link MessageNotTransferableException} naming the class, where it lies in the message and
 * the setting that allows it, anything not listed above: records and enums outside the allowlist, other classes
 * (mutable objects, lambdas, anonymous classes, threads, ...), arrays other than {@code byte[]} (send a {@code List}
 * or a {@link Binary}; arrays also break a record's equality), and the runtime's other handles (monitor references,
 * signals, call requests), which mean nothing on another node.
 *
 * <p>Thread-safety: an instance holds only caches that are safe to share, and may be used from any number of threads.
 */
public final class MessageCodec implements PayloadCodec {

    /** The default limit on how deeply values nest in a message (the message itself is at depth 0). */
    public static final int DEFAULT_MAX_DEPTH = 100;

    /** The default limit on the size of one message's payload, in bytes (256 MiB). */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

    /** How many causes of a throwable are kept. */
    static final int MAX_CAUSES = 32;

    /** How many stack frames of one throwable are kept. */
    static final int MAX_STACK_FRAMES = 1024;

    /** How many names of allowed classes that failed to load are remembered. */
    private static final int MAX_MISSING_CLASSES = 1024;

    /** The Spring Boot property that allows application types. */
    static final String ALLOW_PROPERTY = "foundation.beam.cluster.serialization.allowed-types";

    /** The core API that allows application types. */
    static final String ALLOW_METHOD = "ClusterConfig.Builder.allowMessageTypes(...)";

    // Tags. Never renumber: nodes of different versions must agree.
    static final int T_NULL = 0;
    static final int T_FALSE = 1;
    static final int T_TRUE = 2;
    static final int T_BYTE = 3;
    static final int T_SHORT = 4;
    static final int T_INT = 5;
    static final int T_LONG = 6;
    static final int T_FLOAT = 7;
    static final int T_DOUBLE = 8;
    static final int T_CHAR = 9;
    static final int T_STRING = 10;
    static final int T_BYTES = 11;
    static final int T_BINARY = 12;
    static final int T_BIG_INTEGER = 13;
    static final int T_BIG_DECIMAL = 14;
    static final int T_UUID = 15;
    static final int T_INSTANT = 16;
    static final int T_DURATION = 17;
    static final int T_LOCAL_DATE = 18;
    static final int T_LOCAL_TIME = 19;
    static final int T_LOCAL_DATE_TIME = 20;
    static final int T_OFFSET_DATE_TIME = 21;
    static final int T_ZONED_DATE_TIME = 22;
    static final int T_OFFSET_TIME = 23;
    static final int T_PERIOD = 24;
    static final int T_YEAR = 25;
    static final int T_YEAR_MONTH = 26;
    static final int T_MONTH_DAY = 27;
    static final int T_ZONE_OFFSET = 28;
    static final int T_URI = 29;
    static final int T_LOCALE = 30;
    static final int T_CURRENCY = 31;
    static final int T_OPTIONAL_EMPTY = 32;
    static final int T_OPTIONAL = 33;
    static final int T_OPTIONAL_INT = 34;
    static final int T_OPTIONAL_LONG = 35;
    static final int T_OPTIONAL_DOUBLE = 36;
    static final int T_OPTIONAL_INT_EMPTY = 37;
    static final int T_OPTIONAL_LONG_EMPTY = 38;
    static final int T_OPTIONAL_DOUBLE_EMPTY = 39;
    static final int T_LIST = 40;
    static final int T_SET = 41;
    static final int T_MAP = 42;
    static final int T_PID = 43;
    static final int T_EXIT = 44;
    static final int T_THROWABLE = 45;
    static final int T_ENUM = 46;
    static final int T_RECORD = 47;

    // Kinds of ExitReason after T_EXIT.
    private static final int X_NORMAL = 0;
    private static final int X_SHUTDOWN = 1;
    private static final int X_SHUTDOWN_TERM = 2;
    private static final int X_KILLED = 3;
    private static final int X_CRASHED = 4;
    private static final int X_CUSTOM = 5;
    private static final int X_NOPROC = 6;
    private static final int X_NOCONNECTION = 7;

    /** Classes written by a tag of their own (exactly these classes; subclasses of the non-final ones are refused). */
    private static final Map<Class<?>, Integer> BUILT_IN_TAGS = builtInTags();

    private final TransferableTypes allowed;
    private final PidMapper pids;
    private final ClassLoader loader;
    private final int maxDepth;
    private final int maxBytes;

    /** How to write each class; computed once per class. */
    private final ClassValue<WriteShape> writeShapes = new ClassValue<>() {
        @Override
        protected WriteShape computeValue(Class<?> type) {
            return classify(type);
        }
    };

    /** Allowed application classes by name, resolved for reading. Holds only allowed classes that exist. */
    private final ConcurrentHashMap<String, ReadShape> readShapes = new ConcurrentHashMap<>();

    /**
     * Allowed names that did not load, and why: a peer repeating one is answered without asking the class loader
     * again. Bounded, since the names come from the network.
     */
    private final ConcurrentHashMap<String, String> missingClasses = new ConcurrentHashMap<>();

    /**
     * A codec with the default limits ({@value #DEFAULT_MAX_DEPTH} levels, {@link #DEFAULT_MAX_BYTES} bytes).
     *
     * @param allowed the application records and enums that may cross (both ways)
     * @param pids turns pids into their wire form and back
     * @param loader loads the allowed classes when reading (in a Spring Boot fat jar: the application's loader)
     */
    public MessageCodec(TransferableTypes allowed, PidMapper pids, ClassLoader loader) {
        this(allowed, pids, loader, DEFAULT_MAX_DEPTH, DEFAULT_MAX_BYTES);
    }

    /**
     * @param allowed the application records and enums that may cross (both ways)
     * @param pids turns pids into their wire form and back
     * @param loader loads the allowed classes when reading
     * @param maxDepth how deeply values may nest in a message, at least 1
     * @param maxBytes the largest payload written or read, from 16 to {@code Integer.MAX_VALUE - 32}
     * @throws IllegalArgumentException if a limit is too small
     */
    public MessageCodec(TransferableTypes allowed, PidMapper pids, ClassLoader loader, int maxDepth, int maxBytes) {
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        this.pids = Objects.requireNonNull(pids, "pids");
        this.loader = Objects.requireNonNull(loader, "loader");
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        if (maxBytes < 16 || maxBytes > Integer.MAX_VALUE - 32) {
            throw new IllegalArgumentException("maxBytes must be from 16 to 2 GiB - 32, was " + maxBytes);
        }
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Public API

    @Override
    public void write(Object value, DataOutput out) throws IOException {
        FrameWriter w = encodePayload(value);
        int n = w.size();
        while ((n & ~0x7F) != 0) {
            out.writeByte((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.writeByte(n);
        out.write(w.buffer(), 0, w.size());
    }

    @Override
    public Object read(DataInput in) throws IOException {
        int n = readLength(in);
        byte[] payload = readChunked(in, n);
        return decodePayload(payload, 0, n);
    }

    /**
     * @param value a value, may be null
     * @return the bytes {@link #write} would write for it
     * @throws MessageNotTransferableException if {@code value}, or a value inside it, cannot cross to another node
     */
    public byte[] encode(Object value) {
        FrameWriter w = encodePayload(value);
        int n = w.size();
        int prefix = 1;
        for (int v = n; (v & ~0x7F) != 0; v >>>= 7) {
            prefix++;
        }
        byte[] out = new byte[prefix + n];
        int p = 0;
        int v = n;
        while ((v & ~0x7F) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p] = (byte) v;
        System.arraycopy(w.buffer(), 0, out, prefix, n);
        return out;
    }

    /**
     * @param bytes exactly the bytes of one value written by {@link #write} or {@link #encode}
     * @return the value
     * @throws MessageNotTransferableException if the value names a class this node does not accept
     * @throws CorruptFrameException if the bytes are truncated, corrupt, or followed by more bytes
     */
    public Object decode(byte[] bytes) throws IOException {
        FrameReader r = new FrameReader(Objects.requireNonNull(bytes, "bytes"), 0, bytes.length);
        int n = r.readVarInt("payload length");
        if (n < 0 || n > maxBytes) {
            throw new CorruptFrameException("corrupt message: payload length " + Integer.toUnsignedString(n)
                    + " exceeds the limit of " + maxBytes + " bytes");
        }
        if (n != r.remaining()) {
            throw new CorruptFrameException("corrupt message: the payload length says " + n + " bytes but "
                    + r.remaining() + " follow it");
        }
        return decodePayload(bytes, r.position(), bytes.length);
    }

    /** @return the allowlist this codec checks, both when writing and when reading */
    public TransferableTypes transferableTypes() {
        return allowed;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Writing

    private FrameWriter encodePayload(Object value) {
        FrameWriter w = new FrameWriter(64, maxBytes);
        try {
            writeValue(w, value, 0);
        } catch (Refusal refusal) {
            throw refusal.toException(value);
        } catch (FrameWriter.TooLarge tooLarge) {
            throw tooLarge(value);
        }
        if (w.size() > maxBytes) {
            throw tooLarge(value);
        }
        return w;
    }

    private MessageNotTransferableException tooLarge(Object value) {
        String type = value.getClass().getName();
        return new MessageNotTransferableException(type, "Cannot send " + type + " to another node: it takes more "
                + "than the limit of " + maxBytes + " bytes encoded. Send a smaller message (for example split it, or "
                + "refer to the data by an id).");
    }

    private void writeValue(FrameWriter w, Object value, int depth) {
        if (value == null) {
            w.writeByte(T_NULL);
            return;
        }
        WriteShape shape = writeShapes.get(value.getClass());
        switch (shape.kind) {
            case T_FALSE -> w.writeByte((Boolean) value ? T_TRUE : T_FALSE);
            case T_BYTE -> {
                w.writeByte(T_BYTE);
                w.writeByte((Byte) value);
            }
            case T_SHORT -> {
                w.writeByte(T_SHORT);
                w.writeFixed16((Short) value);
            }
            case T_INT -> {
                w.writeByte(T_INT);
                w.writeSignedVarInt((Integer) value);
            }
            case T_LONG -> {
                w.writeByte(T_LONG);
                w.writeSignedVarLong((Long) value);
            }
            case T_FLOAT -> {
                w.writeByte(T_FLOAT);
                w.writeFixed32(Float.floatToRawIntBits((Float) value));
            }
            case T_DOUBLE -> {
                w.writeByte(T_DOUBLE);
                w.writeFixed64(Double.doubleToRawLongBits((Double) value));
            }
            case T_CHAR -> {
                w.writeByte(T_CHAR);
                w.writeFixed16((Character) value);
            }
            case T_STRING -> {
                w.writeByte(T_STRING);
                w.writeString((String) value);
            }
            case T_RECORD -> writeRecord(w, value, shape, depth);
            case T_ENUM -> {
                w.writeByte(T_ENUM);
                w.writeSymbol(shape.className);
                w.writeSymbol(((Enum<?>) value).name());
            }
            case T_LIST -> writeList(w, (List<?>) value, depth);
            case T_SET -> writeCollection(w, T_SET, (Set<?>) value, depth);
            case T_MAP -> writeMap(w, (Map<?, ?>) value, depth);
            case T_PID -> writePid(w, (ProcessRef) value);
            case T_EXIT -> writeExit(w, (ExitReason) value, depth);
            case T_THROWABLE -> writeThrowable(w, (Throwable) value);
            case T_OPTIONAL -> {
                Optional<?> o = (Optional<?>) value;
                if (o.isEmpty()) {
                    w.writeByte(T_OPTIONAL_EMPTY);
                } else {
                    w.writeByte(T_OPTIONAL);
                    nested(w, o.get(), depth, ".get()");
                }
            }
            case T_BYTES -> {
                w.writeByte(T_BYTES);
                w.writeBytes((byte[]) value);
            }
            case T_BINARY -> {
                w.writeByte(T_BINARY);
                w.writeBytes(((Binary) value).asReadOnlyBuffer());
            }
            case T_BIG_INTEGER -> {
                w.writeByte(T_BIG_INTEGER);
                w.writeBytes(((BigInteger) value).toByteArray());
            }
            case T_BIG_DECIMAL -> {
                BigDecimal d = (BigDecimal) value;
                w.writeByte(T_BIG_DECIMAL);
                w.writeSignedVarInt(d.scale());
                w.writeBytes(d.unscaledValue().toByteArray());
            }
            case T_UUID -> {
                UUID u = (UUID) value;
                w.writeByte(T_UUID);
                w.writeFixed64(u.getMostSignificantBits());
                w.writeFixed64(u.getLeastSignificantBits());
            }
            case T_INSTANT -> {
                Instant i = (Instant) value;
                w.writeByte(T_INSTANT);
                w.writeSignedVarLong(i.getEpochSecond());
                w.writeVarInt(i.getNano());
            }
            case T_DURATION -> {
                Duration d = (Duration) value;
                w.writeByte(T_DURATION);
                w.writeSignedVarLong(d.getSeconds());
                w.writeVarInt(d.getNano());
            }
            case T_LOCAL_DATE -> {
                w.writeByte(T_LOCAL_DATE);
                w.writeSignedVarLong(((LocalDate) value).toEpochDay());
            }
            case T_LOCAL_TIME -> {
                w.writeByte(T_LOCAL_TIME);
                w.writeVarLong(((LocalTime) value).toNanoOfDay());
            }
            case T_LOCAL_DATE_TIME -> {
                w.writeByte(T_LOCAL_DATE_TIME);
                writeLocalDateTime(w, (LocalDateTime) value);
            }
            case T_OFFSET_DATE_TIME -> {
                OffsetDateTime o = (OffsetDateTime) value;
                w.writeByte(T_OFFSET_DATE_TIME);
                writeLocalDateTime(w, o.toLocalDateTime());
                w.writeSignedVarInt(o.getOffset().getTotalSeconds());
            }
            case T_ZONED_DATE_TIME -> {
                ZonedDateTime z = (ZonedDateTime) value;
                w.writeByte(T_ZONED_DATE_TIME);
                writeLocalDateTime(w, z.toLocalDateTime());
                w.writeSignedVarInt(z.getOffset().getTotalSeconds());
                w.writeSymbol(z.getZone().getId());
            }
            case T_OFFSET_TIME -> {
                OffsetTime o = (OffsetTime) value;
                w.writeByte(T_OFFSET_TIME);
                w.writeVarLong(o.toLocalTime().toNanoOfDay());
                w.writeSignedVarInt(o.getOffset().getTotalSeconds());
            }
            case T_PERIOD -> {
                Period p = (Period) value;
                w.writeByte(T_PERIOD);
                w.writeSignedVarInt(p.getYears());
                w.writeSignedVarInt(p.getMonths());
                w.writeSignedVarInt(p.getDays());
            }
            case T_YEAR -> {
                w.writeByte(T_YEAR);
                w.writeSignedVarInt(((Year) value).getValue());
            }
            case T_YEAR_MONTH -> {
                YearMonth ym = (YearMonth) value;
                w.writeByte(T_YEAR_MONTH);
                w.writeSignedVarInt(ym.getYear());
                w.writeByte(ym.getMonthValue());
            }
            case T_MONTH_DAY -> {
                MonthDay md = (MonthDay) value;
                w.writeByte(T_MONTH_DAY);
                w.writeByte(md.getMonthValue());
                w.writeByte(md.getDayOfMonth());
            }
            case T_ZONE_OFFSET -> {
                w.writeByte(T_ZONE_OFFSET);
                w.writeSignedVarInt(((ZoneOffset) value).getTotalSeconds());
            }
            case T_URI -> {
                w.writeByte(T_URI);
                w.writeString(value.toString());
            }
            case T_LOCALE -> {
                w.writeByte(T_LOCALE);
                w.writeSymbol(((Locale) value).toLanguageTag());
            }
            case T_CURRENCY -> {
                w.writeByte(T_CURRENCY);
                w.writeSymbol(((Currency) value).getCurrencyCode());
            }
            case T_OPTIONAL_INT -> {
                OptionalInt o = (OptionalInt) value;
                if (o.isEmpty()) {
                    w.writeByte(T_OPTIONAL_INT_EMPTY);
                } else {
                    w.writeByte(T_OPTIONAL_INT);
                    w.writeSignedVarInt(o.getAsInt());
                }
            }
            case T_OPTIONAL_LONG -> {
                OptionalLong o = (OptionalLong) value;
                if (o.isEmpty()) {
                    w.writeByte(T_OPTIONAL_LONG_EMPTY);
                } else {
                    w.writeByte(T_OPTIONAL_LONG);
                    w.writeSignedVarLong(o.getAsLong());
                }
            }
            case T_OPTIONAL_DOUBLE -> {
                OptionalDouble o = (OptionalDouble) value;
                if (o.isEmpty()) {
                    w.writeByte(T_OPTIONAL_DOUBLE_EMPTY);
                } else {
                    w.writeByte(T_OPTIONAL_DOUBLE);
                    w.writeFixed64(Double.doubleToRawLongBits(o.getAsDouble()));
                }
            }
            default -> throw new Refusal(shape.className, shape.refusal);
        }
    }

    /** Writes a value one level down, adding {@code segment} to the path of a refusal. */
    private void nested(FrameWriter w, Object value, int depth, String segment) {
        if (depth + 1 > maxDepth) {
            throw Refusal.tooDeep(value, maxDepth).at(segment);
        }
        try {
            writeValue(w, value, depth + 1);
        } catch (Refusal refusal) {
            throw refusal.at(segment);
        }
    }

    /** Writes an element one level down; its path segment {@code [index]} is only made for a refusal. */
    private void nestedElement(FrameWriter w, Object value, int depth, int index) {
        if (depth + 1 > maxDepth) {
            throw Refusal.tooDeep(value, maxDepth).at("[" + index + "]");
        }
        try {
            writeValue(w, value, depth + 1);
        } catch (Refusal refusal) {
            throw refusal.at("[" + index + "]");
        }
    }

    /** Writes a map's key or value one level down; its path segment is only made for a refusal. */
    private void nestedInMap(FrameWriter w, Object value, int depth, Object key, boolean isKey) {
        if (depth + 1 > maxDepth) {
            throw Refusal.tooDeep(value, maxDepth).at(Refusal.mapSegment(key, isKey));
        }
        try {
            writeValue(w, value, depth + 1);
        } catch (Refusal refusal) {
            throw refusal.at(Refusal.mapSegment(key, isKey));
        }
    }

    private static void writeLocalDateTime(FrameWriter w, LocalDateTime t) {
        w.writeSignedVarLong(t.toLocalDate().toEpochDay());
        w.writeVarLong(t.toLocalTime().toNanoOfDay());
    }

    private void writeRecord(FrameWriter w, Object value, WriteShape shape, int depth) {
        w.writeByte(T_RECORD);
        w.writeSymbol(shape.className);
        MethodHandle[] accessors = shape.accessors;
        w.writeVarInt(accessors.length);
        for (int i = 0; i < accessors.length; i++) {
            Object component;
            try {
                component = (Object) accessors[i].invokeExact(value);
            } catch (Throwable t) {
                throw new Refusal(shape.className, "its accessor " + shape.segments[i].substring(1) + "() threw " + t,
                        t);
            }
            nested(w, component, depth, shape.segments[i]);
        }
    }

    private void writeList(FrameWriter w, List<?> list, int depth) {
        if (!(list instanceof RandomAccess)) {
            writeCollection(w, T_LIST, list, depth);
            return;
        }
        int n = list.size();
        w.writeByte(T_LIST);
        w.writeVarInt(n);
        for (int i = 0; i < n; i++) {
            nestedElement(w, list.get(i), depth, i);
        }
        if (list.size() != n) {
            throw Refusal.changed(list);
        }
    }

    private void writeCollection(FrameWriter w, int tag, Collection<?> c, int depth) {
        int n = c.size();
        w.writeByte(tag);
        w.writeVarInt(n);
        int i = 0;
        for (Object e : c) {
            if (i == n) {
                throw Refusal.changed(c);
            }
            nestedElement(w, e, depth, i);
            i++;
        }
        if (i != n) {
            throw Refusal.changed(c);
        }
    }

    private void writeMap(FrameWriter w, Map<?, ?> map, int depth) {
        int n = map.size();
        w.writeByte(T_MAP);
        w.writeVarInt(n);
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (i == n) {
                throw Refusal.changed(map);
            }
            Object key = e.getKey();
            nestedInMap(w, key, depth, key, true);
            nestedInMap(w, e.getValue(), depth, key, false);
            i++;
        }
        if (i != n) {
            throw Refusal.changed(map);
        }
    }

    private void writePid(FrameWriter w, ProcessRef pid) {
        WirePid wire;
        try {
            wire = pids.toWire(pid);
        } catch (MessageNotTransferableException e) {
            throw new Refusal(e.className(), e.getMessage(), true);
        }
        w.writeByte(T_PID);
        w.writeSymbol(wire.node());
        w.writeVarLong(wire.incarnation());
        w.writeVarLong(wire.id());
    }

    private void writeExit(FrameWriter w, ExitReason reason, int depth) {
        w.writeByte(T_EXIT);
        switch (reason) {
            case ExitReason.Normal n -> w.writeByte(X_NORMAL);
            case ExitReason.Shutdown s when s.term() == null -> w.writeByte(X_SHUTDOWN);
            case ExitReason.Shutdown s -> {
                w.writeByte(X_SHUTDOWN_TERM);
                nested(w, s.term(), depth, ".term");
            }
            case ExitReason.Killed k -> w.writeByte(X_KILLED);
            case ExitReason.Crashed c -> {
                w.writeByte(X_CRASHED);
                nested(w, c.cause(), depth, ".cause");
            }
            case ExitReason.Custom c -> {
                w.writeByte(X_CUSTOM);
                nested(w, c.term(), depth, ".term");
            }
            case ExitReason.NoProc p -> w.writeByte(X_NOPROC);
            case ExitReason.NoConnection c -> w.writeByte(X_NOCONNECTION);
        }
    }

    private static void writeThrowable(FrameWriter w, Throwable t) {
        w.writeByte(T_THROWABLE);
        IdentityHashMap<Throwable, Boolean> seen = new IdentityHashMap<>();
        int level = 0;
        for (Throwable current = t; current != null; current = current.getCause()) {
            if (level > 0) {
                w.writeByte(1);
            }
            seen.put(current, Boolean.TRUE);
            String className;
            String message;
            if (current instanceof RemoteException remote) {
                className = remote.originalClassName();
                message = remote.originalMessage();
            } else {
                className = current.getClass().getName();
                message = current.getMessage();
            }
            w.writeSymbol(className);
            if (message == null) {
                w.writeByte(0);
            } else {
                w.writeByte(1);
                w.writeString(message);
            }
            StackTraceElement[] stack = current.getStackTrace();
            int frames = Math.min(stack.length, MAX_STACK_FRAMES);
            w.writeVarInt(frames);
            for (int i = 0; i < frames; i++) {
                StackTraceElement e = stack[i];
                writeOptionalSymbol(w, e.getClassLoaderName());
                writeOptionalSymbol(w, e.getModuleName());
                writeOptionalSymbol(w, e.getModuleVersion());
                w.writeSymbol(e.getClassName());
                w.writeSymbol(e.getMethodName());
                writeOptionalSymbol(w, e.getFileName());
                w.writeSignedVarInt(e.getLineNumber());
            }
            level++;
            Throwable cause = current.getCause();
            if (cause == null || level == MAX_CAUSES || seen.containsKey(cause)) {
                break;
            }
        }
        w.writeByte(0);
    }

    private static void writeOptionalSymbol(FrameWriter w, String s) {
        if (s == null) {
            w.writeByte(0);
        } else {
            w.writeByte(1);
            w.writeSymbol(s);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading

    private static int readLength(DataInput in) throws IOException {
        int result = 0;
        try {
            for (int shift = 0; shift < 35; shift += 7) {
                int b = in.readUnsignedByte();
                if (shift == 28 && (b & 0xF0) != 0) {
                    throw new CorruptFrameException("corrupt message: its payload length is longer than 32 bits");
                }
                result |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
        } catch (EOFException e) {
            throw new CorruptFrameException("truncated message: the input ends inside the payload length", e);
        }
        throw new CorruptFrameException("corrupt message: its payload length is longer than 5 bytes");
    }

    /** Reads {@code n} bytes, growing the array as they arrive: a lying length costs no more than what was sent. */
    private byte[] readChunked(DataInput in, int n) throws IOException {
        if (n < 0 || n > maxBytes) {
            throw new CorruptFrameException("corrupt message: payload length " + Integer.toUnsignedString(n)
                    + " exceeds the limit of " + maxBytes + " bytes");
        }
        int chunk = 64 * 1024;
        byte[] buf = new byte[Math.min(n, chunk)];
        int have = 0;
        try {
            while (have < n) {
                if (have == buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(n, (long) buf.length * 2));
                }
                int step = buf.length - have;
                in.readFully(buf, have, step);
                have += step;
            }
        } catch (EOFException e) {
            throw new CorruptFrameException("truncated message: the payload length says " + n
                    + " bytes but the input ends before that", e);
        }
        return buf;
    }

    private Object decodePayload(byte[] bytes, int offset, int limit) throws IOException {
        FrameReader r = new FrameReader(bytes, offset, limit);
        Object value = readValue(r, 0);
        if (r.remaining() != 0) {
            throw r.corrupt(r.remaining() + " bytes left over after the value");
        }
        return value;
    }

    private Object readNested(FrameReader r, int depth) throws IOException {
        if (depth + 1 > maxDepth) {
            throw r.corrupt("values nest deeper than the limit of " + maxDepth + " levels");
        }
        return readValue(r, depth + 1);
    }

    private Object readValue(FrameReader r, int depth) throws IOException {
        int tag = r.readByte("a value's tag");
        try {
            return switch (tag) {
                case T_NULL -> null;
                case T_FALSE -> Boolean.FALSE;
                case T_TRUE -> Boolean.TRUE;
                case T_BYTE -> (byte) r.readByte("a Byte");
                case T_SHORT -> (short) r.readFixed16("a Short");
                case T_INT -> r.readSignedVarInt("an Integer");
                case T_LONG -> r.readSignedVarLong("a Long");
                case T_FLOAT -> Float.intBitsToFloat(r.readFixed32("a Float"));
                case T_DOUBLE -> Double.longBitsToDouble(r.readFixed64("a Double"));
                case T_CHAR -> (char) r.readFixed16("a Character");
                case T_STRING -> r.readString("a String");
                case T_BYTES -> r.readBytes("a byte[]");
                case T_BINARY -> Binary.adopt(r.readBytes("a Binary"));
                case T_BIG_INTEGER -> readBigInteger(r, "a BigInteger");
                case T_BIG_DECIMAL -> {
                    int scale = r.readSignedVarInt("a BigDecimal's scale");
                    yield new BigDecimal(readBigInteger(r, "a BigDecimal"), scale);
                }
                case T_UUID -> new UUID(r.readFixed64("a UUID"), r.readFixed64("a UUID"));
                case T_INSTANT -> Instant.ofEpochSecond(r.readSignedVarLong("an Instant"),
                        readNanos(r, "an Instant"));
                case T_DURATION -> Duration.ofSeconds(r.readSignedVarLong("a Duration"),
                        readNanos(r, "a Duration"));
                case T_LOCAL_DATE -> LocalDate.ofEpochDay(r.readSignedVarLong("a LocalDate"));
                case T_LOCAL_TIME -> LocalTime.ofNanoOfDay(r.readVarLong("a LocalTime"));
                case T_LOCAL_DATE_TIME -> readLocalDateTime(r, "a LocalDateTime");
                case T_OFFSET_DATE_TIME -> OffsetDateTime.of(readLocalDateTime(r, "an OffsetDateTime"),
                        ZoneOffset.ofTotalSeconds(r.readSignedVarInt("an OffsetDateTime's offset")));
                case T_ZONED_DATE_TIME -> {
                    LocalDateTime local = readLocalDateTime(r, "a ZonedDateTime");
                    ZoneOffset offset = ZoneOffset.ofTotalSeconds(r.readSignedVarInt("a ZonedDateTime's offset"));
                    ZoneId zone = ZoneId.of(r.readSymbol("a ZonedDateTime's zone"));
                    yield ZonedDateTime.ofInstant(local, offset, zone);
                }
                case T_OFFSET_TIME -> OffsetTime.of(LocalTime.ofNanoOfDay(r.readVarLong("an OffsetTime")),
                        ZoneOffset.ofTotalSeconds(r.readSignedVarInt("an OffsetTime's offset")));
                case T_PERIOD -> Period.of(r.readSignedVarInt("a Period"), r.readSignedVarInt("a Period"),
                        r.readSignedVarInt("a Period"));
                case T_YEAR -> Year.of(r.readSignedVarInt("a Year"));
                case T_YEAR_MONTH -> YearMonth.of(r.readSignedVarInt("a YearMonth"), r.readByte("a YearMonth"));
                case T_MONTH_DAY -> MonthDay.of(r.readByte("a MonthDay"), r.readByte("a MonthDay"));
                case T_ZONE_OFFSET -> ZoneOffset.ofTotalSeconds(r.readSignedVarInt("a ZoneOffset"));
                case T_URI -> new URI(r.readString("a URI"));
                case T_LOCALE -> Locale.forLanguageTag(r.readSymbol("a Locale"));
                case T_CURRENCY -> Currency.getInstance(r.readSymbol("a Currency"));
                case T_OPTIONAL_EMPTY -> Optional.empty();
                case T_OPTIONAL -> {
                    Object inner = readNested(r, depth);
                    if (inner == null) {
                        throw r.corrupt("an Optional holds null");
                    }
                    yield Optional.of(inner);
                }
                case T_OPTIONAL_INT -> OptionalInt.of(r.readSignedVarInt("an OptionalInt"));
                case T_OPTIONAL_LONG -> OptionalLong.of(r.readSignedVarLong("an OptionalLong"));
                case T_OPTIONAL_DOUBLE -> OptionalDouble.of(
                        Double.longBitsToDouble(r.readFixed64("an OptionalDouble")));
                case T_OPTIONAL_INT_EMPTY -> OptionalInt.empty();
                case T_OPTIONAL_LONG_EMPTY -> OptionalLong.empty();
                case T_OPTIONAL_DOUBLE_EMPTY -> OptionalDouble.empty();
                case T_LIST -> readList(r, depth);
                case T_SET -> readSet(r, depth);
                case T_MAP -> readMap(r, depth);
                case T_PID -> pids.fromWire(new WirePid(
                        r.readSymbol("a pid's node"), r.readVarLong("a pid's incarnation"), r.readVarLong("a pid")));
                case T_EXIT -> readExit(r, depth);
                case T_THROWABLE -> readThrowable(r);
                case T_ENUM -> readEnum(r);
                case T_RECORD -> readRecord(r, depth);
                default -> throw r.corrupt("unknown tag " + tag);
            };
        } catch (DateTimeException | ArithmeticException | URISyntaxException e) {
            throw r.corrupt("not a valid value of tag " + tag + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // Currency.getInstance, Year/MonthDay ranges not covered by DateTimeException
            throw r.corrupt("not a valid value of tag " + tag + ": " + e.getMessage());
        }
    }

    private static BigInteger readBigInteger(FrameReader r, String what) throws CorruptFrameException {
        byte[] bytes = r.readBytes(what);
        if (bytes.length == 0) {
            throw r.corrupt(what + " without bytes");
        }
        return new BigInteger(bytes);
    }

    private static int readNanos(FrameReader r, String what) throws CorruptFrameException {
        int nanos = r.readVarInt(what + "'s nanoseconds");
        if (nanos < 0 || nanos > 999_999_999) {
            throw r.corrupt(what + "'s nanoseconds out of range: " + Integer.toUnsignedString(nanos));
        }
        return nanos;
    }

    private static LocalDateTime readLocalDateTime(FrameReader r, String what) throws CorruptFrameException {
        LocalDate date = LocalDate.ofEpochDay(r.readSignedVarLong(what));
        return LocalDateTime.of(date, LocalTime.ofNanoOfDay(r.readVarLong(what)));
    }

    private List<Object> readList(FrameReader r, int depth) throws IOException {
        int n = r.readCount("a List's size", 1);
        Object[] elements = new Object[n];
        boolean nulls = false;
        for (int i = 0; i < n; i++) {
            Object e = readNested(r, depth);
            nulls |= e == null;
            elements[i] = e;
        }
        return nulls ? Collections.unmodifiableList(Arrays.asList(elements)) : List.of(elements);
    }

    private Set<Object> readSet(FrameReader r, int depth) throws IOException {
        int n = r.readCount("a Set's size", 1);
        LinkedHashSet<Object> set = LinkedHashSet.newLinkedHashSet(n);
        for (int i = 0; i < n; i++) {
            set.add(readNested(r, depth));
        }
        return Collections.unmodifiableSet(set);
    }

    private Map<Object, Object> readMap(FrameReader r, int depth) throws IOException {
        int n = r.readCount("a Map's size", 2);
        LinkedHashMap<Object, Object> map = LinkedHashMap.newLinkedHashMap(n);
        for (int i = 0; i < n; i++) {
            Object key = readNested(r, depth);
            map.put(key, readNested(r, depth));
        }
        return Collections.unmodifiableMap(map);
    }

    private ExitReason readExit(FrameReader r, int depth) throws IOException {
        int kind = r.readByte("an ExitReason's kind");
        return switch (kind) {
            case X_NORMAL -> ExitReason.NORMAL;
            case X_SHUTDOWN -> ExitReason.SHUTDOWN;
            case X_SHUTDOWN_TERM -> {
                Object term = readNested(r, depth);
                if (term == null) {
                    throw r.corrupt("a shutdown reason with a null term");
                }
                yield ExitReason.shutdown(term);
            }
            case X_KILLED -> ExitReason.KILLED;
            case X_CRASHED -> {
                Object cause = readNested(r, depth);
                if (!(cause instanceof Throwable t)) {
                    throw r.corrupt("a crashed reason whose cause is not an exception: " + typeOf(cause));
                }
                yield ExitReason.crashed(t);
            }
            case X_CUSTOM -> {
                Object term = readNested(r, depth);
                if (term == null || term instanceof ExitReason || term instanceof Throwable) {
                    throw r.corrupt("a custom reason whose term is " + typeOf(term));
                }
                yield ExitReason.custom(term);
            }
            case X_NOPROC -> ExitReason.NOPROC;
            case X_NOCONNECTION -> ExitReason.NOCONNECTION;
            default -> throw r.corrupt("unknown exit reason kind " + kind);
        };
    }

    private static RemoteException readThrowable(FrameReader r) throws CorruptFrameException {
        ArrayList<String[]> headers = new ArrayList<>();
        ArrayList<StackTraceElement[]> stacks = new ArrayList<>();
        do {
            if (headers.size() == MAX_CAUSES) {
                throw r.corrupt("an exception with more than " + MAX_CAUSES + " causes");
            }
            String className = r.readSymbol("an exception's class name");
            String message = readFlag(r, "an exception's message") ? r.readString("an exception's message") : null;
            int frames = r.readCount("an exception's stack frame count", 7);
            if (frames > MAX_STACK_FRAMES) {
                throw r.corrupt("an exception with " + frames + " stack frames, more than " + MAX_STACK_FRAMES);
            }
            StackTraceElement[] stack = new StackTraceElement[frames];
            for (int i = 0; i < frames; i++) {
                String loaderName = readOptionalSymbol(r, "a stack frame's class loader");
                String module = readOptionalSymbol(r, "a stack frame's module");
                String version = readOptionalSymbol(r, "a stack frame's module version");
                String declaring = r.readSymbol("a stack frame's class");
                String method = r.readSymbol("a stack frame's method");
                String file = readOptionalSymbol(r, "a stack frame's file");
                stack[i] = new StackTraceElement(loaderName, module, version, declaring, method, file,
                        r.readSignedVarInt("a stack frame's line"));
            }
            headers.add(new String[] {className, message});
            stacks.add(stack);
        } while (readFlag(r, "an exception's cause"));
        RemoteException built = null;
        for (int i = headers.size() - 1; i >= 0; i--) {
            built = new RemoteException(headers.get(i)[0], headers.get(i)[1], stacks.get(i), built);
        }
        return built;
    }

    private static String readOptionalSymbol(FrameReader r, String what) throws CorruptFrameException {
        return readFlag(r, what) ? r.readSymbol(what) : null;
    }

    private static boolean readFlag(FrameReader r, String what) throws CorruptFrameException {
        int b = r.readByte(what);
        if (b > 1) {
            throw r.corrupt(what + ": flag byte " + b);
        }
        return b == 1;
    }

    private Enum<?> readEnum(FrameReader r) throws IOException {
        ReadShape shape = readShape(r, "an enum's class name", false);
        String name = r.readSymbol("an enum constant's name");
        Enum<?> constant = shape.constants.get(name);
        if (constant == null) {
            throw new MessageNotTransferableException(shape.type.getName(), "This node cannot read the enum constant "
                    + shape.type.getName() + "." + name + " sent by another node: its " + shape.type.getSimpleName()
                    + " has no such constant (the nodes run different versions of it).");
        }
        return constant;
    }

    private Object readRecord(FrameReader r, int depth) throws IOException {
        ReadShape shape = readShape(r, "a record's class name", true);
        int count = r.readVarInt("a record's component count");
        Class<?>[] types = shape.componentTypes;
        if (count != types.length) {
            throw new MessageNotTransferableException(shape.type.getName(), "This node cannot read the record "
                    + shape.type.getName() + " sent by another node: it has " + types.length + " components here, "
                    + Integer.toUnsignedString(count) + " there (the nodes run different versions of it).");
        }
        Object[] args = new Object[count];
        for (int i = 0; i < count; i++) {
            Object v = readNested(r, depth);
            if (v == null ? shape.declaredTypes[i].isPrimitive() : !types[i].isInstance(v)) {
                throw r.corrupt("component " + shape.componentNames[i] + " of " + shape.type.getName() + " is declared "
                        + shape.declaredTypes[i].getName() + " but the payload holds " + typeOf(v));
            }
            args[i] = v;
        }
        try {
            return (Object) shape.constructor.invokeExact(args);
        } catch (RuntimeException e) {
            throw r.corrupt("the constructor of " + shape.type.getName() + " rejected the values read: " + e);
        } catch (Error e) {
            throw e;
        } catch (Throwable t) {
            throw new CorruptFrameException("the constructor of " + shape.type.getName() + " failed: " + t, t);
        }
    }

    private ReadShape readShape(FrameReader r, String what, boolean record) throws IOException {
        String name = r.readSymbol(what);
        ReadShape shape = readShapes.get(name);
        if (shape == null) {
            // The allowlist is checked on the name, before anything is loaded. Only allowed classes are cached.
            if (!allowed.allows(name)) {
                throw new MessageNotTransferableException(name, "This node does not accept " + name
                        + " from another node: it is not among the types allowed to cross. Allow it with the property "
                        + ALLOW_PROPERTY + " (Spring) or " + ALLOW_METHOD + ", naming the class or its package"
                        + packageHint(name) + ".");
            }
            shape = resolve(name);
            readShapes.putIfAbsent(name, shape);
        }
        if (shape.record != record) {
            throw r.corrupt(name + " is " + (shape.record ? "a record" : "an enum") + " here, not "
                    + (record ? "a record" : "an enum"));
        }
        return shape;
    }

    private ReadShape resolve(String name) {
        String missing = missingClasses.get(name);
        if (missing != null) {
            throw cannotLoad(name, missing);
        }
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            if (missingClasses.size() < MAX_MISSING_CLASSES) {
                missingClasses.putIfAbsent(name, e.toString());
            }
            throw cannotLoad(name, e.toString());
        }
        if (!type.getName().equals(name)) {
            throw new MessageNotTransferableException(name, "This node cannot read " + name + ": it loads as "
                    + type.getName());
        }
        if (type.isEnum()) {
            Map<String, Enum<?>> constants = new HashMap<>();
            for (Object c : type.getEnumConstants()) {
                Enum<?> e = (Enum<?>) c;
                constants.put(e.name(), e);
            }
            return new ReadShape(type, false, Map.copyOf(constants), null, null, null, null);
        }
        if (!type.isRecord()) {
            throw new MessageNotTransferableException(name, "This node does not accept " + name + " from another node:"
                    + " it is allowed, but only records and enums cross between nodes, and it is neither.");
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] declared = new Class<?>[components.length];
        Class<?>[] boxed = new Class<?>[components.length];
        String[] names = new String[components.length];
        for (int i = 0; i < components.length; i++) {
            declared[i] = components[i].getType();
            boxed[i] = declared[i].isPrimitive() ? MethodType.methodType(declared[i]).wrap().returnType() : declared[i];
            names[i] = components[i].getName();
        }
        MethodHandle constructor;
        try {
            Constructor<?> c = type.getDeclaredConstructor(declared);
            c.setAccessible(true);
            constructor = MethodHandles.lookup().unreflectConstructor(c)
                    .asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new MessageNotTransferableException(name, "This node cannot rebuild the record " + name + " (" + e
                    + "): make it public in an exported package, or open its package to Foundation BEAM.");
        }
        return new ReadShape(type, true, null, boxed, declared, names, constructor);
    }

    private static MessageNotTransferableException cannotLoad(String name, String why) {
        return new MessageNotTransferableException(name, "This node cannot read " + name + " sent by another node: "
                + "the class cannot be loaded here (" + why + "). Do the nodes run the same application?");
    }

    private static String typeOf(Object v) {
        return v == null ? "null" : v.getClass().getName();
    }

    private static String packageHint(String className) {
        int dot = className.lastIndexOf('.');
        return dot > 0 ? " (" + className.substring(0, dot) + ")" : "";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Classification, once per class

    private static Map<Class<?>, Integer> builtInTags() {
        Map<Class<?>, Integer> m = new HashMap<>();
        m.put(Boolean.class, T_FALSE);
        m.put(Byte.class, T_BYTE);
        m.put(Short.class, T_SHORT);
        m.put(Integer.class, T_INT);
        m.put(Long.class, T_LONG);
        m.put(Float.class, T_FLOAT);
        m.put(Double.class, T_DOUBLE);
        m.put(Character.class, T_CHAR);
        m.put(String.class, T_STRING);
        m.put(byte[].class, T_BYTES);
        m.put(Binary.class, T_BINARY);
        m.put(BigInteger.class, T_BIG_INTEGER);
        m.put(BigDecimal.class, T_BIG_DECIMAL);
        m.put(UUID.class, T_UUID);
        m.put(Instant.class, T_INSTANT);
        m.put(Duration.class, T_DURATION);
        m.put(LocalDate.class, T_LOCAL_DATE);
        m.put(LocalTime.class, T_LOCAL_TIME);
        m.put(LocalDateTime.class, T_LOCAL_DATE_TIME);
        m.put(OffsetDateTime.class, T_OFFSET_DATE_TIME);
        m.put(ZonedDateTime.class, T_ZONED_DATE_TIME);
        m.put(OffsetTime.class, T_OFFSET_TIME);
        m.put(Period.class, T_PERIOD);
        m.put(Year.class, T_YEAR);
        m.put(YearMonth.class, T_YEAR_MONTH);
        m.put(MonthDay.class, T_MONTH_DAY);
        m.put(ZoneOffset.class, T_ZONE_OFFSET);
        m.put(URI.class, T_URI);
        m.put(Locale.class, T_LOCALE);
        m.put(Currency.class, T_CURRENCY);
        m.put(Optional.class, T_OPTIONAL);
        m.put(OptionalInt.class, T_OPTIONAL_INT);
        m.put(OptionalLong.class, T_OPTIONAL_LONG);
        m.put(OptionalDouble.class, T_OPTIONAL_DOUBLE);
        return Map.copyOf(m);
    }

    private WriteShape classify(Class<?> type) {
        Integer tag = BUILT_IN_TAGS.get(type);
        if (tag != null) {
            return new WriteShape(tag, type.getName(), null, null, null);
        }
        if (ProcessRef.class.isAssignableFrom(type)) {
            return new WriteShape(T_PID, type.getName(), null, null, null);
        }
        if (ExitReason.class.isAssignableFrom(type)) {
            return new WriteShape(T_EXIT, type.getName(), null, null, null);
        }
        if (Throwable.class.isAssignableFrom(type)) {
            return new WriteShape(T_THROWABLE, type.getName(), null, null, null);
        }
        if (List.class.isAssignableFrom(type)) {
            return new WriteShape(T_LIST, type.getName(), null, null, null);
        }
        if (Set.class.isAssignableFrom(type)) {
            return new WriteShape(T_SET, type.getName(), null, null, null);
        }
        if (Map.class.isAssignableFrom(type)) {
            return new WriteShape(T_MAP, type.getName(), null, null, null);
        }
        Class<?> enumType = type.isEnum() ? type
                : type.getSuperclass() != null && type.getSuperclass().isEnum() ? type.getSuperclass() : null;
        if (enumType != null) {
            if (!allowed.allows(enumType.getName())) {
                return refuse(enumType, "is an enum outside the types allowed to cross. " + allowHint(enumType));
            }
            return new WriteShape(T_ENUM, enumType.getName(), null, null, null);
        }
        if (type.isRecord()) {
            return classifyRecord(type);
        }
        String name = type.getName();
        if (MonitorRef.class.isAssignableFrom(type) || Signal.class.isAssignableFrom(type)
                || CallRequest.class.isAssignableFrom(type)) {
            return refuse(type, "is a handle of this node's runtime (a monitor reference, signal or call request), "
                    + "which means nothing on another node. Send the data it carries instead.");
        }
        if (type.isHidden() || type.isSynthetic() || name.contains("$$Lambda")) {
            return refuse(type, "is a lambda or other generated class: code does not cross between nodes. Send data "
                    + "(a record) instead.");
        }
        if (type.isArray()) {
            return refuse(type, "is an array, and of arrays only byte[] crosses between nodes. Send a List (or a "
                    + "Binary for bytes) instead.");
        }
        if (type.isAnonymousClass()) {
            return refuse(type, "is an anonymous class, and only records, enums and the built-in value types cross "
                    + "between nodes. Send a record instead.");
        }
        if (Collection.class.isAssignableFrom(type) || Iterable.class.isAssignableFrom(type)) {
            return refuse(type, "is a collection that is neither a List, a Set nor a Map. Send a List instead.");
        }
        return refuse(type, "is neither a record, an enum nor a built-in value type (strings, numbers, java.time "
                + "values, List, Set, Map, Optional, byte[], Binary, pids, exit reasons), so it cannot cross between "
                + "nodes. Send a record instead, and allow it with the property " + ALLOW_PROPERTY + " (Spring) or "
                + ALLOW_METHOD + ".");
    }

    private WriteShape classifyRecord(Class<?> type) {
        if (!allowed.allows(type.getName())) {
            return refuse(type, "is a record outside the types allowed to cross. " + allowHint(type));
        }
        RecordComponent[] components = type.getRecordComponents();
        MethodHandle[] accessors = new MethodHandle[components.length];
        String[] segments = new String[components.length];
        for (int i = 0; i < components.length; i++) {
            segments[i] = "." + components[i].getName();
            try {
                Method accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                accessors[i] = MethodHandles.lookup().unreflect(accessor)
                        .asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return refuse(type, "is a record whose components cannot be read (" + e + "). Make it public in an "
                        + "exported package, or open its package to Foundation BEAM.");
            }
        }
        return new WriteShape(T_RECORD, type.getName(), accessors, segments, null);
    }

    private static WriteShape refuse(Class<?> type, String reason) {
        return new WriteShape(-1, type.getName(), null, null, reason);
    }

    private static String allowHint(Class<?> type) {
        String pkg = type.getPackageName();
        return "Allow it with the property " + ALLOW_PROPERTY + " (Spring) or " + ALLOW_METHOD + ", naming the class ("
                + type.getName().replace('$', '.') + ")" + (pkg.isEmpty() ? "" : " or its package (" + pkg + ")")
                + ", on every node that sends or receives it.";
    }

    /** How the instances of one class are written. Immutable. */
    private static final class WriteShape {
        final int kind;
        final String className;
        final MethodHandle[] accessors;
        /** A record's path segments, {@code .component}, made once. */
        final String[] segments;
        final String refusal;

        WriteShape(int kind, String className, MethodHandle[] accessors, String[] segments, String refusal) {
            this.kind = kind;
            this.className = className;
            this.accessors = accessors;
            this.segments = segments;
            this.refusal = refusal;
        }
    }

    /** An allowed record or enum, resolved for reading. Immutable. */
    private record ReadShape(
            Class<?> type,
            boolean record,
            Map<String, Enum<?>> constants,
            Class<?>[] componentTypes,
            Class<?>[] declaredTypes,
            String[] componentNames,
            MethodHandle constructor) {
    }

    /**
     * A refusal on the way down; each level adds its path segment on the way back up. Carries no stack trace (it is
     * turned into a {@link MessageNotTransferableException} at the top).
     */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final ArrayDeque<String> segments = new ArrayDeque<>();
        private final String className;
        private final boolean complete;

        Refusal(String className, String reason) {
            this(className, reason, null, false);
        }

        Refusal(String className, String reason, Throwable cause) {
            this(className, reason, cause, false);
        }

        /** @param complete whether {@code reason} is already a whole message (from the PidMapper) */
        Refusal(String className, String reason, boolean complete) {
            this(className, reason, null, complete);
        }

        private Refusal(String className, String reason, Throwable cause, boolean complete) {
            super(reason, cause, false, false);
            this.className = className;
            this.complete = complete;
        }

        static Refusal tooDeep(Object value, int maxDepth) {
            return new Refusal(typeOf(value), "lies deeper than the limit of " + maxDepth + " nested levels (is the "
                    + "message cyclic, a collection or record that contains itself?). Send a flatter message.");
        }

        static Refusal changed(Object collection) {
            return new Refusal(collection.getClass().getName(), "changed while it was being encoded (it is shared "
                    + "with another thread). Send an immutable copy instead (List.copyOf, Map.copyOf, ...).");
        }

        static String mapSegment(Object key, boolean isKey) {
            return isKey ? ".keys()" + keySegment(key) : keySegment(key);
        }

        static String keySegment(Object key) {
            String text = key instanceof String || key instanceof Number || key instanceof Enum<?>
                    || key instanceof Character || key instanceof UUID ? String.valueOf(key)
                    : key == null ? "null" : "<" + simpleName(key.getClass()) + ">";
            if (text.length() > 40) {
                text = text.substring(0, 37) + "...";
            }
            return "[" + text + "]";
        }

        Refusal at(String segment) {
            segments.addFirst(segment);
            return this;
        }

        MessageNotTransferableException toException(Object message) {
            String where = "";
            if (!segments.isEmpty()) {
                List<String> path = new ArrayList<>(segments);
                String joined = path.size() <= 12 ? String.join("", path)
                        : String.join("", path.subList(0, 6)) + "..." + String.join("", path.subList(path.size() - 4,
                                path.size()));
                where = " (at " + simpleName(message.getClass()) + joined + ")";
            }
            String text = complete
                    ? getMessage() + where
                    : "Cannot send " + className + " to another node" + where + ": it " + getMessage();
            MessageNotTransferableException e = new MessageNotTransferableException(className, text);
            if (getCause() != null) {
                e.initCause(getCause());
            }
            return e;
        }

        private static String simpleName(Class<?> type) {
            if (type.isRecord() || type.isEnum()) {
                return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
            }
            for (Class<?> api : List.of(List.class, Set.class, Map.class, Optional.class, ExitReason.class)) {
                if (api.isAssignableFrom(type)) {
                    return api.getSimpleName();
                }
            }
            return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
        }
    }
}
