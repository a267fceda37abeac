package io.foundation.beam.internal.isolation;

import io.foundation.beam.process.CallRequest;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MessageIsolationException;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
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
import java.time.chrono.HijrahDate;
import java.time.chrono.JapaneseDate;
import java.time.chrono.MinguoDate;
import java.time.chrono.ThaiBuddhistDate;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.Stack;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The message rule of the isolated-heaps memory strategy: a message that crosses a process boundary is passed by
 * reference when it is deeply immutable, is otherwise deep-copied, and is rejected with a
 * {@link MessageIsolationException} when it is mutable and cannot be copied. A receiver therefore never observes what
 * the sender does to a message after sending it, as with the per-process heaps of the BEAM.
 *
 * <h2>Shared by reference (no copy)</h2>
 * <ul>
 *   <li>null, {@code String}, boxed primitives, {@code BigInteger}/{@code BigDecimal} (exactly those classes, not
 *       subclasses), {@code UUID}, {@code Class}, enums, plain {@code new Object()} tokens, {@code URI},
 *       {@code Locale}, {@code Currency}, {@code Pattern}, {@code OptionalInt/Long/Double}, the java.time value
 *       types, and {@link io.foundation.beam.messages.Binary} (immutable bytes: a large payload is shared, never
 *       copied per receiver);</li>
 *   <li>process handles: {@link ProcessRef}, {@link MonitorRef}, {@link Signal}, {@link ExitReason} and
 *       {@link CallRequest} implementations (references, not data);</li>
 *   <li>records, {@code Optional}s and the JDK's immutable collections ({@code List.of}, {@code Set.of},
 *       {@code Map.of}, {@code List.copyOf}, {@code Stream.toList()}, {@code Collections.emptyList()},
 *       {@code Collections.singletonList(..)}, {@code Map.entry(..)}, ...) whose contents are shared by these rules.
 *       A record whose component <em>types</em> only admit immutable values (primitives, the final types above,
 *       enums, handles, records and sealed interfaces of such) is recognised from its class alone, once per class,
 *       so sending it costs one class-keyed lookup.</li>
 * </ul>
 *
 * <h2>Copied</h2>
 * <ul>
 *   <li>arrays (primitive arrays are cloned, object arrays get isolated elements; empty arrays are shared);</li>
 *   <li>{@code ByteBuffer}s: their remaining bytes, in a new heap buffer (read-only if the original was); send a
 *       {@link io.foundation.beam.messages.Binary} to share large bytes instead;</li>
 *   <li>the JDK's mutable collections ({@code ArrayList}, {@code LinkedList}, {@code ArrayDeque}, {@code HashMap},
 *       {@code LinkedHashMap}, {@code TreeMap}, {@code HashSet}, {@code TreeSet}, {@code EnumMap}, {@code EnumSet},
 *       {@code PriorityQueue}, the concurrent collections, ...): a new collection of the same class (same comparator)
 *       with isolated elements;</li>
 *   <li>unmodifiable views ({@code Collections.unmodifiableList(..)} etc.), which may be backed by a mutable
 *       collection: an unmodifiable view of a fresh copy; other JDK-internal views ({@code Arrays.asList},
 *       {@code subList}, {@code keySet()}, synchronized and checked wrappers): a plain {@code ArrayList},
 *       {@code LinkedHashSet}, {@code TreeSet}, {@code LinkedList}, {@code LinkedHashMap} or {@code TreeMap}
 *       copy;</li>
 *   <li>records, {@code Optional}s and immutable collections holding something that had to be copied: rebuilt
 *       around the copies (records through their canonical constructor);</li>
 *   <li>any other {@link Serializable} object: a serialization round trip through a byte array.</li>
 * </ul>
 *
 * <p>Anything else is rejected. Sharing inside a message is preserved (an object reached twice is copied once) and
 * cycles through mutable objects are reproduced in the copy; a cycle that runs through a record or an immutable
 * collection cannot be rebuilt and is rejected, as is nesting deeper than the depth limit.
 *
 * <p>Thread-safety: an instance holds no per-call state and may be used from any number of threads.
 */
public final class MessageIsolation {

    /**
     * The default limit on nesting depth (records in records, lists in lists, ...) of a message that has to be walked
     * to be copied. A small message found immutable by the quick check is shared without regard to the limit.
     */
    public static final int DEFAULT_MAX_DEPTH = 512;

    private static final MessageIsolation STANDARD = new MessageIsolation(DEFAULT_MAX_DEPTH);

    private static final Module JAVA_BASE = Object.class.getModule();

    /** Marks a record, Optional, entry or immutable collection whose copy is being built (a cycle through it). */
    private static final Object IN_PROGRESS = new Object();

    /** Classes whose instances are immutable values. Those that are final also qualify as component types. */
    private static final Set<Class<?>> VALUE_CLASSES = Set.of(
            String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class, Long.class,
            Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class, Class.class, Object.class,
            URI.class, Locale.class, Currency.class, Pattern.class,
            OptionalInt.class, OptionalLong.class, OptionalDouble.class,
            Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
            OffsetTime.class, OffsetDateTime.class, ZonedDateTime.class, Year.class, YearMonth.class,
            MonthDay.class, ZoneOffset.class,
            HijrahDate.class, JapaneseDate.class, MinguoDate.class, ThaiBuddhistDate.class,
            io.foundation.beam.messages.Binary.class);

    private static final List<Class<?>> HANDLE_TYPES = List.of(
            ProcessRef.class, MonitorRef.class, Signal.class, ExitReason.class, CallRequest.class);

    /** JDK immutable collections outside {@code java.util.ImmutableCollections}. */
    private static final Set<String> IMMUTABLE_JDK_COLLECTIONS = Set.of(
            "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
            "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
            "java.util.Collections$SingletonMap", "java.util.Collections$CopiesList");

    private static final Map<Class<?>, Shape> MUTABLE_JDK_COLLECTIONS = mutableJdkCollections();

    /**
     * How many records, Optionals and immutable collections the quick check examines before handing over to the
     * full walk. It bounds the check's work on large messages and on shared sub-structures seen many times.
     */
    private static final int QUICK_CHECK_BUDGET = 64;

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return classify(type);
        }
    };

    private final int maxDepth;

    /** An isolation with the {@link #DEFAULT_MAX_DEPTH default depth limit}. */
    public MessageIsolation() {
        this(DEFAULT_MAX_DEPTH);
    }

    /**
     * @param maxDepth how deeply values may nest inside a message (the message itself is at depth 0)
     * @throws IllegalArgumentException if {@code maxDepth} is less than 1
     */
    public MessageIsolation(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    /** @return a shared instance with the default depth limit */
    public static MessageIsolation standard() {
        return STANDARD;
    }

    /** @return the nesting depth limit of this instance */
    public int maxDepth() {
        return maxDepth;
    }

    /**
     * Makes a message safe to hand to another process.
     *
     * @param message the message (null is returned as is)
     * @return {@code message} itself when it is deeply immutable (or a process handle), otherwise a deep copy that
     *     shares nothing mutable with it
     * @throws MessageIsolationException if some part of the message is mutable and cannot be copied, a message that
     *     needs copying nests deeper than {@link #maxDepth()}, or a cycle runs through a record or immutable
     *     collection
     */
    public Object isolate(Object message) {
        if (message == null) {
            return null;
        }
        Shape shape = SHAPES.get(message.getClass());
        if (shape.kind == Kind.SHARE || sharedWithin(message, shape, QUICK_CHECK_BUDGET) >= 0) {
            return message;
        }
        try {
            return new Walk(maxDepth).visit(message, shape, 0);
        } catch (Rejection rejection) {
            throw rejection.toException(message.getClass());
        }
    }

    /**
     * Says, from a declared type alone, whether every value of that type is passed by reference without being
     * inspected: primitives, the final value classes, enums, process handles, and records or sealed interfaces whose
     * component types (or permitted subtypes) all qualify, recursively. {@link #isolate(Object)} decides this once
     * per record class, which is what makes sending such a record nearly free.
     *
     * @param type a declared type (a component, field or parameter type)
     * @return whether every value of {@code type} is shared as it is
     */
    public static boolean isAlwaysShared(Class<?> type) {
        return staticallyShared(type, new HashSet<>());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Classification, once per class

    private enum Kind {
        SHARE, RECORD, OPTIONAL, PRIMITIVE_ARRAY, OBJECT_ARRAY, IMMUTABLE_LIST, IMMUTABLE_SET, IMMUTABLE_MAP,
        ENTRY, COLLECTION, MAP, ENUM_SET, BYTE_BUFFER, SERIALIZABLE, REJECT
    }

    /** How to isolate the instances of one class. Immutable once built. */
    private static final class Shape {
        static final Shape SHARE = new Shape(Kind.SHARE);

        final Kind kind;
        final RecordShape record;
        final Function<Collection<?>, Collection<Object>> newCollection;
        final Function<Collection<Object>, Object> publishCollection;
        final Function<Map<?, ?>, Map<Object, Object>> newMap;
        final Function<Map<Object, Object>, Object> publishMap;
        final boolean alwaysCopy;
        final BiFunction<Object, Object, Object> newEntry;

        private Shape(
                Kind kind,
                RecordShape record,
                Function<Collection<?>, Collection<Object>> newCollection,
                Function<Collection<Object>, Object> publishCollection,
                Function<Map<?, ?>, Map<Object, Object>> newMap,
                Function<Map<Object, Object>, Object> publishMap,
                boolean alwaysCopy,
                BiFunction<Object, Object, Object> newEntry) {
            this.kind = kind;
            this.record = record;
            this.newCollection = newCollection;
            this.publishCollection = publishCollection;
            this.newMap = newMap;
            this.publishMap = publishMap;
            this.alwaysCopy = alwaysCopy;
            this.newEntry = newEntry;
        }

        Shape(Kind kind) {
            this(kind, null, null, null, null, null, false, null);
        }

        static Shape record(RecordShape record) {
            return new Shape(Kind.RECORD, record, null, null, null, null, false, null);
        }

        static Shape collection(
                Function<Collection<?>, Collection<Object>> newCollection,
                Function<Collection<Object>, Object> publish) {
            return new Shape(Kind.COLLECTION, null, newCollection, publish, null, null, false, null);
        }

        static Shape collection(Function<Collection<?>, Collection<Object>> newCollection) {
            return collection(newCollection, c -> c);
        }

        static Shape map(Function<Map<?, ?>, Map<Object, Object>> newMap, Function<Map<Object, Object>, Object> publish) {
            return new Shape(Kind.MAP, null, null, null, newMap, publish, false, null);
        }

        static Shape map(Function<Map<?, ?>, Map<Object, Object>> newMap) {
            return map(newMap, m -> m);
        }

        static Shape entry(boolean alwaysCopy, BiFunction<Object, Object, Object> newEntry) {
            return new Shape(Kind.ENTRY, null, null, null, null, null, alwaysCopy, newEntry);
        }
    }

    private static final MethodType GETTER_TYPE = MethodType.methodType(Object.class, Object.class);

    /** A record class: how to read its components and rebuild it. */
    private static final class RecordShape {
        final Class<?> type;
        final String[] names;
        /** Component getters typed {@code (Object)Object}; null where the accessor cannot be called. */
        final MethodHandle[] getters;
        /** Why a getter is null. */
        final String[] getterProblems;
        /** Whether the component's declared type only admits values that are always shared. */
        final boolean[] componentShared;
        final Constructor<?> constructor;

        RecordShape(Class<?> type) {
            this.type = type;
            RecordComponent[] components = type.getRecordComponents();
            int n = components.length;
            names = new String[n];
            getters = new MethodHandle[n];
            getterProblems = new String[n];
            componentShared = new boolean[n];
            Class<?>[] types = new Class<?>[n];
            for (int i = 0; i < n; i++) {
                names[i] = components[i].getName();
                Method accessor = components[i].getAccessor();
                accessor.trySetAccessible();
                try {
                    getters[i] = MethodHandles.lookup().unreflect(accessor).asType(GETTER_TYPE);
                } catch (IllegalAccessException | RuntimeException e) {
                    getterProblems[i] = e.toString();
                }
                types[i] = components[i].getType();
                componentShared[i] = staticallyShared(types[i], new HashSet<>());
            }
            Constructor<?> canonical;
            try {
                canonical = type.getDeclaredConstructor(types);
                canonical.trySetAccessible();
            } catch (NoSuchMethodException | RuntimeException e) {
                canonical = null;
            }
            constructor = canonical;
        }
    }

    private static Shape classify(Class<?> type) {
        if (isHandle(type) || isValueClass(type)) {
            return Shape.SHARE;
        }
        if (type.isRecord()) {
            if (staticallyShared(type, new HashSet<>())) {
                return Shape.SHARE;
            }
            return Shape.record(new RecordShape(type));
        }
        if (type == Optional.class) {
            return new Shape(Kind.OPTIONAL);
        }
        if (type.isArray()) {
            return new Shape(type.getComponentType().isPrimitive() ? Kind.PRIMITIVE_ARRAY : Kind.OBJECT_ARRAY);
        }
        if (java.nio.ByteBuffer.class.isAssignableFrom(type)) {
            return new Shape(Kind.BYTE_BUFFER);
        }
        if (type.getModule() == JAVA_BASE) {
            Shape shape = classifyJdk(type);
            if (shape != null) {
                return shape;
            }
        }
        if (Serializable.class.isAssignableFrom(type)) {
            return new Shape(Kind.SERIALIZABLE);
        }
        return new Shape(Kind.REJECT);
    }

    private static boolean isHandle(Class<?> type) {
        for (Class<?> handle : HANDLE_TYPES) {
            if (handle.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isValueClass(Class<?> type) {
        return VALUE_CLASSES.contains(type)
                || Enum.class.isAssignableFrom(type)
                || ZoneId.class.isAssignableFrom(type); // only ZoneOffset and the JDK's ZoneRegion may extend it
    }

    /**
     * Whether every value of a declared type is always shared, judged from the type alone. Recursive record and
     * sealed types are assumed to qualify while they are being examined (a greatest fixed point): any component
     * that fails makes the whole answer false, so the assumption is only kept when it holds.
     */
    private static boolean staticallyShared(Class<?> type, Set<Class<?>> assumed) {
        if (type.isPrimitive() || isHandle(type) || Enum.class.isAssignableFrom(type) || type == ZoneId.class) {
            return true;
        }
        if (VALUE_CLASSES.contains(type)) {
            return Modifier.isFinal(type.getModifiers());
        }
        if (type.isRecord()) {
            if (!assumed.add(type)) {
                return true;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                if (!staticallyShared(component.getType(), assumed)) {
                    return false;
                }
            }
            return true;
        }
        if (type.isSealed() && (type.isInterface() || Modifier.isAbstract(type.getModifiers()))) {
            if (!assumed.add(type)) {
                return true;
            }
            Class<?>[] permitted;
            try {
                permitted = type.getPermittedSubclasses();
            } catch (RuntimeException e) {
                return false;
            }
            if (permitted == null) {
                return false;
            }
            for (Class<?> subtype : permitted) {
                if (!staticallyShared(subtype, assumed)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static Shape classifyJdk(Class<?> type) {
        String name = type.getName();
        if (name.startsWith("java.util.ImmutableCollections$") || IMMUTABLE_JDK_COLLECTIONS.contains(name)) {
            if (List.class.isAssignableFrom(type)) {
                return new Shape(Kind.IMMUTABLE_LIST);
            }
            if (Set.class.isAssignableFrom(type)) {
                return new Shape(Kind.IMMUTABLE_SET);
            }
            if (Map.class.isAssignableFrom(type)) {
                return new Shape(Kind.IMMUTABLE_MAP);
            }
        }
        if (name.equals("java.util.KeyValueHolder")) { // Map.entry(k, v): never holds null
            return Shape.entry(false, Map::entry);
        }
        if (type == AbstractMap.SimpleImmutableEntry.class) {
            return Shape.entry(false, AbstractMap.SimpleImmutableEntry::new);
        }
        if (type == AbstractMap.SimpleEntry.class) {
            return Shape.entry(true, AbstractMap.SimpleEntry::new);
        }
        if (EnumSet.class.isAssignableFrom(type)) { // only the JDK can extend EnumSet; elements are enums
            return new Shape(Kind.ENUM_SET);
        }
        Shape known = MUTABLE_JDK_COLLECTIONS.get(type);
        if (known != null) {
            return known;
        }
        if (name.startsWith("java.util.Collections$Unmodifiable")) {
            return unmodifiableView(type);
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            // Internal views and wrappers (Arrays.asList, subList, keySet(), values(), synchronized and checked
            // wrappers): they cannot be named in user code, so a standard collection of the same interface fits.
            return plainCopy(type);
        }
        return null;
    }

    private static Shape unmodifiableView(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return Shape.collection(c -> new ArrayList<>(c.size()), c -> Collections.unmodifiableList((List<?>) c));
        }
        if (SortedSet.class.isAssignableFrom(type)) {
            return Shape.collection(
                    c -> new TreeSet<>(comparator(((SortedSet<?>) c).comparator())),
                    c -> Collections.unmodifiableNavigableSet((NavigableSet<?>) c));
        }
        if (Set.class.isAssignableFrom(type)) {
            return Shape.collection(
                    c -> LinkedHashSet.newLinkedHashSet(c.size()), c -> Collections.unmodifiableSet((Set<?>) c));
        }
        if (Collection.class.isAssignableFrom(type)) {
            return Shape.collection(c -> new ArrayList<>(c.size()), Collections::unmodifiableCollection);
        }
        if (SortedMap.class.isAssignableFrom(type)) {
            return Shape.map(
                    m -> new TreeMap<>(comparator(((SortedMap<?, ?>) m).comparator())),
                    m -> Collections.unmodifiableNavigableMap((NavigableMap<?, ?>) m));
        }
        if (Map.class.isAssignableFrom(type)) {
            return Shape.map(m -> LinkedHashMap.newLinkedHashMap(m.size()), Collections::unmodifiableMap);
        }
        return plainCopy(type);
    }

    private static Shape plainCopy(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return Shape.collection(c -> new ArrayList<>(c.size()));
        }
        if (SortedSet.class.isAssignableFrom(type)) {
            return Shape.collection(c -> new TreeSet<>(comparator(((SortedSet<?>) c).comparator())));
        }
        if (Set.class.isAssignableFrom(type)) {
            return Shape.collection(c -> LinkedHashSet.newLinkedHashSet(c.size()));
        }
        if (Queue.class.isAssignableFrom(type)) {
            return Shape.collection(c -> new LinkedList<>());
        }
        if (Collection.class.isAssignableFrom(type)) {
            return Shape.collection(c -> new ArrayList<>(c.size()));
        }
        if (SortedMap.class.isAssignableFrom(type)) {
            return Shape.map(m -> new TreeMap<>(comparator(((SortedMap<?, ?>) m).comparator())));
        }
        if (Map.class.isAssignableFrom(type)) {
            return Shape.map(m -> LinkedHashMap.newLinkedHashMap(m.size()));
        }
        if (Map.Entry.class.isAssignableFrom(type)) { // e.g. a HashMap node, which writes through to its map
            return Shape.entry(true, AbstractMap.SimpleImmutableEntry::new);
        }
        return null;
    }

    private static Map<Class<?>, Shape> mutableJdkCollections() {
        Map<Class<?>, Shape> shapes = new HashMap<>();
        shapes.put(ArrayList.class, Shape.collection(c -> new ArrayList<>(c.size())));
        shapes.put(LinkedList.class, Shape.collection(c -> new LinkedList<>()));
        shapes.put(ArrayDeque.class, Shape.collection(c -> new ArrayDeque<>(c.size())));
        shapes.put(Vector.class, Shape.collection(c -> new Vector<>(c.size())));
        shapes.put(Stack.class, Shape.collection(c -> new Stack<>()));
        shapes.put(HashSet.class, Shape.collection(c -> HashSet.newHashSet(c.size())));
        shapes.put(LinkedHashSet.class, Shape.collection(c -> LinkedHashSet.newLinkedHashSet(c.size())));
        shapes.put(TreeSet.class, Shape.collection(c -> new TreeSet<>(comparator(((TreeSet<?>) c).comparator()))));
        shapes.put(PriorityQueue.class, Shape.collection(
                c -> new PriorityQueue<>(Math.max(1, c.size()), comparator(((PriorityQueue<?>) c).comparator()))));
        shapes.put(CopyOnWriteArrayList.class, Shape.collection(c -> new CopyOnWriteArrayList<>()));
        shapes.put(CopyOnWriteArraySet.class, Shape.collection(c -> new CopyOnWriteArraySet<>()));
        shapes.put(ConcurrentLinkedQueue.class, Shape.collection(c -> new ConcurrentLinkedQueue<>()));
        shapes.put(ConcurrentLinkedDeque.class, Shape.collection(c -> new ConcurrentLinkedDeque<>()));
        shapes.put(ConcurrentSkipListSet.class, Shape.collection(
                c -> new ConcurrentSkipListSet<>(comparator(((ConcurrentSkipListSet<?>) c).comparator()))));
        shapes.put(HashMap.class, Shape.map(m -> HashMap.newHashMap(m.size())));
        shapes.put(LinkedHashMap.class, Shape.map(m -> LinkedHashMap.newLinkedHashMap(m.size())));
        shapes.put(TreeMap.class, Shape.map(m -> new TreeMap<>(comparator(((TreeMap<?, ?>) m).comparator()))));
        shapes.put(Hashtable.class, Shape.map(m -> new Hashtable<>(Math.max(1, m.size()))));
        shapes.put(IdentityHashMap.class, Shape.map(m -> new IdentityHashMap<>(m.size())));
        shapes.put(ConcurrentHashMap.class, Shape.map(m -> new ConcurrentHashMap<>(Math.max(1, m.size()))));
        shapes.put(ConcurrentSkipListMap.class, Shape.map(
                m -> new ConcurrentSkipListMap<>(comparator(((ConcurrentSkipListMap<?, ?>) m).comparator()))));
        shapes.put(EnumMap.class, Shape.map(m -> {
            EnumMap<?, ?> copy = ((EnumMap<?, ?>) m).clone(); // keeps the key type, even when empty
            copy.clear();
            return untyped(copy);
        }));
        return Map.copyOf(shapes);
    }

    @SuppressWarnings("unchecked")
    private static Comparator<Object> comparator(Comparator<?> comparator) {
        return (Comparator<Object>) comparator;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> untyped(Map<?, ?> map) {
        return (Map<Object, Object>) map;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The quick check: is a small message deeply immutable as it is?

    /**
     * Checks, without the full walk's identity map, whether a value can be shared as it is: only records, Optionals,
     * entries and immutable collections are looked into, a node at a time against a budget. Such values cannot form a cycle
     * (each is built after its contents), and the budget also bounds the depth of the recursion.
     *
     * @return the budget left when the value is deeply immutable, or -1 when it needs the full walk (it holds
     *     something to copy or reject, or the budget ran out)
     */
    private static int sharedWithin(Object value, Shape shape, int budget) {
        switch (shape.kind) {
            case SHARE:
                return budget;
            case RECORD, OPTIONAL, IMMUTABLE_LIST, IMMUTABLE_SET, IMMUTABLE_MAP, ENTRY:
                break;
            case PRIMITIVE_ARRAY, OBJECT_ARRAY:
                return Array.getLength(value) == 0 ? budget : -1;
            default:
                return -1;
        }
        if (--budget < 0) {
            return -1;
        }
        switch (shape.kind) {
            case RECORD -> {
                RecordShape record = shape.record;
                for (int i = 0; i < record.getters.length && budget >= 0; i++) {
                    if (!record.componentShared[i]) {
                        MethodHandle getter = record.getters[i];
                        if (getter == null) {
                            return -1; // the full walk reports it
                        }
                        Object component;
                        try {
                            component = (Object) getter.invokeExact(value);
                        } catch (Error e) {
                            throw e;
                        } catch (Throwable e) {
                            return -1; // the full walk reports it
                        }
                        budget = sharedWithin(component, budget);
                    }
                }
            }
            case OPTIONAL -> budget = sharedWithin(((Optional<?>) value).orElse(null), budget);
            case IMMUTABLE_LIST, IMMUTABLE_SET -> {
                for (Object element : (Collection<?>) value) {
                    budget = sharedWithin(element, budget);
                    if (budget < 0) {
                        return -1;
                    }
                }
            }
            case IMMUTABLE_MAP -> {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    budget = sharedWithin(entry.getKey(), budget);
                    if (budget >= 0) {
                        budget = sharedWithin(entry.getValue(), budget);
                    }
                    if (budget < 0) {
                        return -1;
                    }
                }
            }
            case ENTRY -> {
                if (shape.alwaysCopy) {
                    return -1;
                }
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) value;
                budget = sharedWithin(entry.getKey(), budget);
                if (budget >= 0) {
                    budget = sharedWithin(entry.getValue(), budget);
                }
            }
            default -> {
                return -1;
            }
        }
        return budget;
    }

    private static int sharedWithin(Object value, int budget) {
        if (value == null || budget < 0) {
            return budget;
        }
        return sharedWithin(value, SHAPES.get(value.getClass()), budget);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The walk over one message

    /** The state of one {@link #isolate(Object)} call: what has been copied so far, keyed by identity. */
    private static final class Walk {
        private final int maxDepth;
        private final IdentityHashMap<Object, Object> done = new IdentityHashMap<>(8);

        Walk(int maxDepth) {
            this.maxDepth = maxDepth;
        }

        Object visit(Object value, int depth) {
            if (value == null) {
                return null;
            }
            return visit(value, SHAPES.get(value.getClass()), depth);
        }

        Object visit(Object value, Shape shape, int depth) {
            if (shape.kind == Kind.SHARE) {
                return value;
            }
            Object earlier = done.get(value);
            if (earlier != null) {
                if (earlier == IN_PROGRESS) {
                    throw Rejection.cycle(value.getClass());
                }
                return earlier;
            }
            if (depth >= maxDepth) {
                throw Rejection.tooDeep(value.getClass(), maxDepth);
            }
            Object result = switch (shape.kind) {
                case RECORD -> visitRecord(value, shape.record, depth);
                case OPTIONAL -> visitOptional((Optional<?>) value, depth);
                case PRIMITIVE_ARRAY -> copyPrimitiveArray(value);
                case OBJECT_ARRAY -> visitObjectArray((Object[]) value, depth);
                case IMMUTABLE_LIST -> visitImmutableList((List<?>) value, depth);
                case IMMUTABLE_SET -> visitImmutableSet((Set<?>) value, depth);
                case IMMUTABLE_MAP -> visitImmutableMap((Map<?, ?>) value, depth);
                case ENTRY -> visitEntry((Map.Entry<?, ?>) value, shape, depth);
                case COLLECTION -> visitCollection((Collection<?>) value, shape, depth);
                case MAP -> visitMap((Map<?, ?>) value, shape, depth);
                case ENUM_SET -> ((EnumSet<?>) value).clone();
                case BYTE_BUFFER -> copyByteBuffer((java.nio.ByteBuffer) value);
                case SERIALIZABLE -> copyBySerialization(value);
                case REJECT -> throw Rejection.notCopyable(value.getClass());
                case SHARE -> value;
            };
            done.put(value, result);
            return result;
        }

        private Object visitRecord(Object record, RecordShape shape, int depth) {
            done.put(record, IN_PROGRESS);
            int n = shape.names.length;
            Object[] values = new Object[n];
            boolean copied = false;
            for (int i = 0; i < n; i++) {
                if (shape.componentShared[i]) {
                    continue;
                }
                Object value = read(record, shape, i);
                Object isolated;
                try {
                    isolated = visit(value, depth + 1);
                } catch (Rejection rejection) {
                    throw rejection.at("." + shape.names[i]);
                }
                values[i] = isolated;
                copied |= isolated != value;
            }
            if (!copied) {
                return record;
            }
            for (int i = 0; i < n; i++) {
                if (shape.componentShared[i]) {
                    values[i] = read(record, shape, i);
                }
            }
            if (shape.constructor == null) {
                throw Rejection.inaccessibleRecord(shape.type, "it has no canonical constructor", null);
            }
            try {
                return shape.constructor.newInstance(values);
            } catch (IllegalAccessException | InstantiationException e) {
                throw Rejection.inaccessibleRecord(shape.type, e.toString(), e);
            } catch (InvocationTargetException e) {
                throw Rejection.rebuildFailed(shape.type, "its canonical constructor threw " + e.getCause(),
                        e.getCause());
            } catch (IllegalArgumentException e) {
                throw Rejection.rebuildFailed(shape.type, "the copies did not fit its constructor (" + e + ")", e);
            }
        }

        private static Object read(Object record, RecordShape shape, int component) {
            MethodHandle getter = shape.getters[component];
            if (getter == null) {
                throw Rejection.inaccessibleRecord(shape.type, shape.getterProblems[component], null);
            }
            try {
                return (Object) getter.invokeExact(record);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                throw Rejection.rebuildFailed(shape.type,
                        "its accessor " + shape.names[component] + "() threw " + e, e);
            }
        }

        private Object visitOptional(Optional<?> optional, int depth) {
            if (optional.isEmpty()) {
                return optional;
            }
            done.put(optional, IN_PROGRESS);
            Object value = optional.get();
            Object isolated;
            try {
                isolated = visit(value, depth + 1);
            } catch (Rejection rejection) {
                throw rejection.at(".get()");
            }
            return isolated == value ? optional : Optional.of(isolated);
        }

        /** The remaining bytes, in a new heap buffer (read-only if the original was); the original is untouched. */
        private static Object copyByteBuffer(java.nio.ByteBuffer buffer) {
            java.nio.ByteBuffer source = buffer.duplicate();
            java.nio.ByteBuffer copy = java.nio.ByteBuffer.allocate(source.remaining()).order(buffer.order());
            copy.put(source).flip();
            return buffer.isReadOnly() ? copy.asReadOnlyBuffer() : copy;
        }

        private static Object copyPrimitiveArray(Object array) {
            int length = Array.getLength(array);
            if (length == 0) {
                return array; // nothing in it can change
            }
            Object copy = Array.newInstance(array.getClass().getComponentType(), length);
            System.arraycopy(array, 0, copy, 0, length);
            return copy;
        }

        private Object visitObjectArray(Object[] array, int depth) {
            if (array.length == 0) {
                return array;
            }
            Object[] copy = array.clone(); // same runtime type
            done.put(array, copy);
            for (int i = 0; i < array.length; i++) {
                Object isolated;
                try {
                    isolated = visit(array[i], depth + 1);
                } catch (Rejection rejection) {
                    throw rejection.at("[" + i + "]");
                }
                try {
                    copy[i] = isolated;
                } catch (ArrayStoreException e) {
                    throw Rejection.rebuildFailed(array.getClass(),
                            "the copy of element " + i + " (a " + typeName(isolated.getClass())
                                    + ") does not fit the array type", e).at("[" + i + "]");
                }
            }
            return copy;
        }

        /** @return the isolated elements, or null when every element is shared as it is */
        private Object[] visitElements(Collection<?> collection, int depth) {
            Object[] copies = null;
            int i = 0;
            for (Object element : collection) {
                Object isolated;
                try {
                    isolated = visit(element, depth + 1);
                } catch (Rejection rejection) {
                    throw rejection.at("[" + i + "]");
                }
                if (copies == null && isolated != element) {
                    copies = collection.toArray(); // the elements before i are shared as they are
                }
                if (copies != null) {
                    copies[i] = isolated;
                }
                i++;
            }
            return copies;
        }

        private Object visitImmutableList(List<?> list, int depth) {
            done.put(list, IN_PROGRESS);
            Object[] copies = visitElements(list, depth);
            return copies == null ? list : Arrays.stream(copies).toList();
        }

        private Object visitImmutableSet(Set<?> set, int depth) {
            done.put(set, IN_PROGRESS);
            Object[] copies = visitElements(set, depth);
            if (copies == null) {
                return set;
            }
            List<Object> elements = Arrays.asList(copies);
            return elements.contains(null)
                    ? Collections.unmodifiableSet(new LinkedHashSet<>(elements))
                    : Set.copyOf(elements);
        }

        private Object visitImmutableMap(Map<?, ?> map, int depth) {
            done.put(map, IN_PROGRESS);
            Map<Object, Object> copy = LinkedHashMap.newLinkedHashMap(map.size());
            boolean copied = false;
            boolean nulls = false;
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = entry.getKey();
                Object value = entry.getValue();
                Object isolatedKey = visitKey(key, i, depth);
                Object isolatedValue = visitValue(key, value, depth);
                copied |= isolatedKey != key || isolatedValue != value;
                nulls |= isolatedKey == null || isolatedValue == null;
                copy.put(isolatedKey, isolatedValue);
                i++;
            }
            if (!copied) {
                return map;
            }
            return nulls ? Collections.unmodifiableMap(copy) : Map.copyOf(copy);
        }

        private Object visitKey(Object key, int index, int depth) {
            try {
                return visit(key, depth + 1);
            } catch (Rejection rejection) {
                throw rejection.at(".keySet()[" + index + "]");
            }
        }

        private Object visitValue(Object key, Object value, int depth) {
            try {
                return visit(value, depth + 1);
            } catch (Rejection rejection) {
                throw rejection.at(keySegment(key));
            }
        }

        private Object visitEntry(Map.Entry<?, ?> entry, Shape shape, int depth) {
            done.put(entry, IN_PROGRESS);
            Object key = entry.getKey();
            Object value = entry.getValue();
            Object isolatedKey;
            Object isolatedValue;
            try {
                isolatedKey = visit(key, depth + 1);
            } catch (Rejection rejection) {
                throw rejection.at(".getKey()");
            }
            try {
                isolatedValue = visit(value, depth + 1);
            } catch (Rejection rejection) {
                throw rejection.at(".getValue()");
            }
            if (!shape.alwaysCopy && isolatedKey == key && isolatedValue == value) {
                return entry;
            }
            return shape.newEntry.apply(isolatedKey, isolatedValue);
        }

        private Object visitCollection(Collection<?> collection, Shape shape, int depth) {
            Collection<Object> copy = shape.newCollection.apply(collection);
            Object published = shape.publishCollection.apply(copy);
            done.put(collection, published); // a cycle back to the collection finds its copy
            Object[] elements = collection.toArray();
            for (int i = 0; i < elements.length; i++) {
                try {
                    elements[i] = visit(elements[i], depth + 1);
                } catch (Rejection rejection) {
                    throw rejection.at("[" + i + "]");
                }
            }
            copy.addAll(Arrays.asList(elements));
            return published;
        }

        private Object visitMap(Map<?, ?> map, Shape shape, int depth) {
            Map<Object, Object> copy = shape.newMap.apply(map);
            Object published = shape.publishMap.apply(copy);
            done.put(map, published);
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = entry.getKey();
                Object isolatedKey = visitKey(key, i, depth);
                Object isolatedValue = visitValue(key, entry.getValue(), depth);
                copy.put(isolatedKey, isolatedValue);
                i++;
            }
            return published;
        }
    }

    private static String keySegment(Object key) {
        String text;
        try {
            text = key instanceof String s ? '"' + s + '"' : String.valueOf(key);
        } catch (RuntimeException e) {
            text = "?";
        }
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return "[" + text + "]";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Copy by serialization

    private static Object copyBySerialization(Object value) {
        try {
            return serializationRoundTrip(value);
        } catch (NotSerializableException e) {
            String inner = e.getMessage();
            throw new Rejection(value.getClass(),
                    "is java.io.Serializable, but copying it by serialization failed because it holds a " + inner
                            + ", which is not Serializable",
                    "Make " + inner + " a record of immutable values or java.io.Serializable, or use the "
                            + "shared-heap memory strategy.",
                    e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new Rejection(value.getClass(),
                    "is java.io.Serializable, but copying it by serialization failed (" + e + ")",
                    standardRemedy(value.getClass()), e);
        } catch (StackOverflowError e) {
            throw new Rejection(value.getClass(),
                    "is java.io.Serializable, but is nested too deeply to be copied by serialization",
                    deepRemedy(), null);
        }
    }

    private static Object serializationRoundTrip(Object value) throws IOException, ClassNotFoundException {
        Map<String, Class<?>> classes = new HashMap<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new RecordingOutput(bytes, classes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ResolvingInput(new ByteArrayInputStream(bytes.toByteArray()), classes)) {
            return in.readObject();
        }
    }

    /** Notes every class it writes, so that reading resolves exactly those classes whatever the class loaders. */
    private static final class RecordingOutput extends ObjectOutputStream {
        private final Map<String, Class<?>> classes;

        RecordingOutput(OutputStream out, Map<String, Class<?>> classes) throws IOException {
            super(out);
            this.classes = classes;
        }

        @Override
        protected void annotateClass(Class<?> type) {
            classes.put(type.getName(), type);
        }
    }

    private static final class ResolvingInput extends ObjectInputStream {
        private final Map<String, Class<?>> classes;

        ResolvingInput(InputStream in, Map<String, Class<?>> classes) throws IOException {
            super(in);
            this.classes = classes;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException, ClassNotFoundException {
            Class<?> type = classes.get(descriptor.getName());
            return type != null ? type : super.resolveClass(descriptor);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Rejections

    private static String standardRemedy(Class<?> type) {
        return "Make " + typeName(type) + " a record whose components are immutable values (strings, numbers, "
                + "enums, java.time values, other such records, List.of/Set.of/Map.of collections), or make it "
                + "java.io.Serializable so that it can be copied, or use the shared-heap memory strategy.";
    }

    private static String deepRemedy() {
        return "Flatten the message (for example hold items in a List rather than in a chain of nested objects), "
                + "or use the shared-heap memory strategy.";
    }

    /** A failure on the way down; each level adds its path segment on the way back up. Carries no stack trace. */
    private static final class Rejection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final ArrayDeque<String> segments = new ArrayDeque<>();
        private final String offendingType;
        private final String problem;
        private final String remedy;

        Rejection(Class<?> offendingType, String problem, String remedy, Throwable cause) {
            super(problem, cause, false, false);
            this.offendingType = typeName(offendingType);
            this.problem = problem;
            this.remedy = remedy;
        }

        static Rejection notCopyable(Class<?> type) {
            if (type.isHidden() || type.isSynthetic()) {
                return new Rejection(type,
                        "is a lambda or other generated class: not known to be immutable, so it would have to be "
                                + "copied, and it cannot be (it is not java.io.Serializable)",
                        "Send data (for example a record) instead of code, or use the shared-heap memory strategy.",
                        null);
            }
            return new Rejection(type,
                    "is not known to be immutable, so it would have to be copied, and it cannot be (it is not a "
                            + "record, not a JDK value or collection, and not java.io.Serializable)",
                    standardRemedy(type), null);
        }

        static Rejection cycle(Class<?> type) {
            return new Rejection(type,
                    "refers back to itself through a mutable object (the path ends where the cycle closes), and a "
                            + "record or immutable collection cannot be rebuilt around a copy of itself",
                    "Break the cycle (for example refer to the other object by an id), or use the shared-heap "
                            + "memory strategy.",
                    null);
        }

        static Rejection tooDeep(Class<?> type, int maxDepth) {
            return new Rejection(type, "lies deeper than the limit of " + maxDepth + " nested levels", deepRemedy(),
                    null);
        }

        static Rejection inaccessibleRecord(Class<?> type, String detail, Throwable cause) {
            return new Rejection(type,
                    "is a record holding mutable values, so it must be copied, but it cannot be rebuilt by "
                            + "reflection (" + detail + ")",
                    "Make the record public in an exported package (or open its package to Foundation BEAM), or "
                            + "give it immutable components so that it is shared without a copy, or use the "
                            + "shared-heap memory strategy.",
                    cause);
        }

        static Rejection rebuildFailed(Class<?> type, String detail, Throwable cause) {
            return new Rejection(type, "had to be copied, but the copy could not be built: " + detail,
                    "Give it immutable components (or ones whose copies its constructor accepts) so that it is "
                            + "shared without a copy, or use the shared-heap memory strategy.",
                    cause);
        }

        Rejection at(String segment) {
            segments.addFirst(segment);
            return this;
        }

        MessageIsolationException toException(Class<?> messageType) {
            String path = segments.isEmpty() ? null : displayName(messageType) + String.join("", segments);
            return new MessageIsolationException(
                    typeName(messageType), path, offendingType, problem, remedy, getCause());
        }
    }

    /** The name of a type as written in source ({@code com.acme.Order.Line}), or its binary name if it has none. */
    private static String typeName(Class<?> type) {
        String canonical = type.getCanonicalName();
        return canonical != null ? canonical : type.getTypeName();
    }

    /** A short, readable name for the start of a path: the simple name, or the interface of a JDK-internal class. */
    private static String displayName(Class<?> type) {
        if (type.isArray()) {
            return displayName(type.getComponentType()) + "[]";
        }
        if (type.getModule() == JAVA_BASE && !Modifier.isPublic(type.getModifiers())) {
            for (Class<?> api : List.of(List.class, Set.class, Map.class, Map.Entry.class, Collection.class)) {
                if (api.isAssignableFrom(type)) {
                    return api == Map.Entry.class ? "Map.Entry" : api.getSimpleName();
                }
            }
        }
        String simple = type.getSimpleName();
        if (simple.isEmpty()) {
            String name = type.getName();
            simple = name.substring(name.lastIndexOf('.') + 1);
        }
        return simple;
    }
}
