package io.foundation.beam.internal.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.CallRequest;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MessageIsolationException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MessageIsolationTest {

    private final MessageIsolation isolation = new MessageIsolation();

    // Message types -------------------------------------------------------------------------------------------

    enum Color { RED, GREEN }

    record Point(int x, int y) {}

    record Labelled(String label, Point point, Color color, Instant at, UUID id) {}

    sealed interface Shape permits Circle, Square {}

    record Circle(double radius) implements Shape {}

    record Square(double side) implements Shape {}

    record Drawing(String name, Shape shape) {}

    /** A recursive type: statically immutable, however long the chain. */
    record Link(int value, Link next) {}

    record Envelope(Object payload) {}

    record Order(String id, List<Line> lines) {}

    record Line(int quantity, Object sku) {}

    record Tagged(String name, List<String> tags) {}

    record Graph(String name, List<Object> edges) {}

    /** Validates in its compact constructor, which also runs when the record is rebuilt around copies. */
    record Batch(List<Integer> sizes) {
        static volatile boolean refuse;

        Batch {
            if (sizes.isEmpty()) {
                throw new IllegalArgumentException("a batch is never empty");
            }
            if (refuse) {
                throw new IllegalStateException("refusing to be built");
            }
        }
    }

    /** Mutable and not Serializable: cannot be copied. */
    static final class Mutable {
        public int value;
    }

    /** Mutable but Serializable: copied by serialization. */
    static final class Counter implements Serializable {
        private static final long serialVersionUID = 1L;
        int count;
        final ArrayList<String> log = new ArrayList<>();
        Counter self = this;
    }

    static final class Wrapper implements Serializable {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("serial")
        final Object inner = new Mutable();
    }

    /** A handle with mutable state, shared as is by the rule for process references. */
    static final class FakeRef implements ProcessRef {
        int sends;

        @Override
        public long id() {
            return 7;
        }

        @Override
        public void send(Object message) {
            sends++;
        }

        @Override
        public SendResult trySend(Object message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SendResult trySend(Object message, io.foundation.beam.mailbox.Priority priority) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isAlive() {
            return true;
        }

        @Override
        public Optional<ExitReason> exitReason() {
            return Optional.empty();
        }
    }

    static final class FakeCall implements CallRequest {
        final List<Object> replies = new ArrayList<>();

        @Override
        public Object payload() {
            return "ask";
        }

        @Override
        public Optional<ProcessRef> caller() {
            return Optional.empty();
        }

        @Override
        public void reply(Object value) {
            replies.add(value);
        }

        @Override
        public void fail(Throwable error) {}
    }

    @SuppressWarnings("unchecked")
    private static List<Object> objects(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : new ArrayList<>((Collection<Object>) value);
    }

    // Shared by reference ---------------------------------------------------------------------------------

    @Test
    void nullIsNull() {
        assertThat(isolation.isolate(null)).isNull();
    }

    @Test
    void immutableValuesAreTheSameReference() {
        List<Object> values = List.of(
                "text", 42, 7L, 'c', true, 1.5d, new BigDecimal("1.10"), new BigInteger("12345678901234567890"),
                Color.RED, String.class, UUID.randomUUID(), Instant.now(), LocalDate.of(2024, 2, 29),
                Duration.ofSeconds(3), ZoneId.of("Europe/Paris"), new Object(), Optional.of("x"),
                Optional.empty());
        for (Object value : values) {
            assertThat(isolation.isolate(value)).as("%s", value).isSameAs(value);
        }
    }

    @Test
    void recordsOfImmutableComponentsAreTheSameReference() {
        Point point = new Point(1, 2);
        Labelled labelled = new Labelled("a", point, Color.GREEN, Instant.EPOCH, UUID.randomUUID());
        Drawing drawing = new Drawing("d", new Circle(2));
        assertThat(isolation.isolate(point)).isSameAs(point);
        assertThat(isolation.isolate(labelled)).isSameAs(labelled);
        assertThat(isolation.isolate(drawing)).isSameAs(drawing);
    }

    @Test
    void recordTypesAreJudgedFromTheirComponentTypesOnce() {
        assertThat(MessageIsolation.isAlwaysShared(Point.class)).isTrue();
        assertThat(MessageIsolation.isAlwaysShared(Labelled.class)).isTrue();
        assertThat(MessageIsolation.isAlwaysShared(Shape.class)).as("sealed interface of records").isTrue();
        assertThat(MessageIsolation.isAlwaysShared(Drawing.class)).as("record of a sealed interface").isTrue();
        assertThat(MessageIsolation.isAlwaysShared(Link.class)).as("recursive record").isTrue();
        assertThat(MessageIsolation.isAlwaysShared(Envelope.class)).as("Object component").isFalse();
        assertThat(MessageIsolation.isAlwaysShared(Tagged.class)).as("List component").isFalse();
    }

    @Test
    void aLongRecursiveChainIsSharedWithoutWalkingIt() {
        Link chain = null;
        for (int i = 0; i < 100_000; i++) {
            chain = new Link(i, chain);
        }
        assertThat(isolation.isolate(chain)).isSameAs(chain);
    }

    @Test
    void recordsWhoseValuesTurnOutImmutableAreTheSameReference() {
        Envelope envelope = new Envelope(new Point(3, 4));
        Tagged tagged = new Tagged("t", List.of("a", "b"));
        Order order = new Order("o-1", List.of(new Line(2, "sku-1"), new Line(1, Optional.of("sku-2"))));
        assertThat(isolation.isolate(envelope)).isSameAs(envelope);
        assertThat(isolation.isolate(tagged)).isSameAs(tagged);
        assertThat(isolation.isolate(order)).isSameAs(order);
    }

    @Test
    void immutableJdkCollectionsOfImmutableElementsAreTheSameReference() {
        List<Object> values = List.of(
                List.of(), List.of(1), List.of(1, 2, 3), Set.of("a", "b"), Map.of("k", new Point(0, 0)),
                Map.of(), List.copyOf(new ArrayList<>(List.of(1, 2))), Stream.of("x", "y").toList(),
                Collections.emptyList(), Collections.emptyMap(), Collections.singletonList("s"),
                Collections.singletonMap("k", 1), Collections.nCopies(3, "n"), Map.entry("k", 2),
                List.of(1, 2, 3).subList(1, 2), List.of(List.of(Set.of(Map.of(1, Color.RED)))));
        for (Object value : values) {
            assertThat(isolation.isolate(value)).as("%s", value).isSameAs(value);
        }
    }

    @Test
    void processHandlesArePassedAsIsEvenWithState() {
        FakeRef ref = new FakeRef();
        FakeCall call = new FakeCall();
        Signal.Exit exit = new Signal.Exit(ref, ExitReason.crashed(new IllegalStateException("boom")));
        assertThat(isolation.isolate(ref)).isSameAs(ref);
        assertThat(isolation.isolate(call)).isSameAs(call);
        assertThat(isolation.isolate(exit)).isSameAs(exit);
        assertThat(isolation.isolate(ExitReason.NORMAL)).isSameAs(ExitReason.NORMAL);
        Envelope withRef = new Envelope(ref);
        assertThat(isolation.isolate(withRef)).isSameAs(withRef);
    }

    // Copied ----------------------------------------------------------------------------------------------

    @Test
    void anArrayListIsCopiedSoLaterChangesAreNotSeen() {
        List<String> original = new ArrayList<>(List.of("a", "b"));
        @SuppressWarnings("unchecked")
        List<String> copy = (List<String>) isolation.isolate(original);
        original.add("c");
        original.set(0, "z");
        assertThat(copy).isNotSameAs(original).isInstanceOf(ArrayList.class).containsExactly("a", "b");
    }

    @Test
    void arraysAreCopied() {
        byte[] bytes = {1, 2, 3};
        int[] ints = {4, 5};
        String[] strings = {"x", "y"};
        byte[] bytesCopy = (byte[]) isolation.isolate(bytes);
        int[] intsCopy = (int[]) isolation.isolate(ints);
        String[] stringsCopy = (String[]) isolation.isolate(strings);
        bytes[0] = 9;
        ints[1] = 9;
        strings[0] = "changed";
        assertThat(bytesCopy).containsExactly(1, 2, 3);
        assertThat(intsCopy).containsExactly(4, 5);
        assertThat(stringsCopy).containsExactly("x", "y");
    }

    @Test
    void aRecordHoldingAMutableListIsRebuiltAroundACopy() {
        List<String> tags = new ArrayList<>(List.of("a"));
        Tagged original = new Tagged("t", tags);
        Tagged copy = (Tagged) isolation.isolate(original);
        tags.add("b");
        assertThat(copy).isNotSameAs(original);
        assertThat(copy.name()).isSameAs(original.name());
        assertThat(copy.tags()).isNotSameAs(tags).containsExactly("a");
    }

    @Test
    void aRecordIsRebuiltThroughItsCanonicalConstructor() {
        List<Integer> sizes = new ArrayList<>(List.of(3));
        Batch batch = new Batch(sizes);
        Batch copy = (Batch) isolation.isolate(batch);
        sizes.add(4);
        assertThat(copy.sizes()).isNotSameAs(sizes).containsExactly(3);
    }

    @Test
    void aRecordWhoseConstructorRefusesTheCopyIsRejected() {
        Batch batch = new Batch(new ArrayList<>(List.of(3)));
        Batch.refuse = true;
        try {
            MessageIsolationException e = catchThrowableOfType(MessageIsolationException.class,
                    () -> isolation.isolate(new Envelope(batch)));
            assertThat(e.path()).contains("Envelope.payload");
            assertThat(e.getMessage()).contains("canonical constructor threw").contains("refusing to be built");
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
        } finally {
            Batch.refuse = false;
        }
    }

    @Test
    void nestedStructuresAreCopiedAllTheWayDown() {
        int[] numbers = {1, 2};
        List<Object> inner = new ArrayList<>(List.of("x"));
        Map<String, Object> map = new HashMap<>();
        map.put("numbers", numbers);
        map.put("inner", inner);
        map.put("point", new Point(1, 1));
        Order order = new Order("o", List.of(new Line(1, map), new Line(2, "plain")));

        Order copy = (Order) isolation.isolate(order);
        numbers[0] = 100;
        inner.add("y");
        map.put("late", true);

        assertThat(copy).isNotSameAs(order);
        assertThat(copy.lines()).isNotSameAs(order.lines());
        assertThat(copy.lines().get(1)).as("an unchanged line is shared").isSameAs(order.lines().get(1));
        Map<?, ?> mapCopy = (Map<?, ?>) copy.lines().get(0).sku();
        assertThat(mapCopy).isInstanceOf(HashMap.class);
        assertThat(mapCopy.containsKey("late")).isFalse();
        assertThat((int[]) mapCopy.get("numbers")).containsExactly(1, 2);
        assertThat(objects(mapCopy.get("inner"))).containsExactly("x");
        assertThat(mapCopy.get("point")).isSameAs(map.get("point"));
        assertThatThrownBy(() -> copy.lines().add(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anImmutableListHoldingAMutableListIsRebuilt() {
        List<String> mutable = new ArrayList<>(List.of("a"));
        List<Object> original = List.of("head", mutable);
        List<Object> copy = objects(isolation.isolate(original));
        mutable.add("b");
        assertThat(copy).isNotSameAs(original);
        assertThat(copy.get(0)).isSameAs("head");
        assertThat(objects(copy.get(1))).containsExactly("a");
        assertThatThrownBy(() -> copy.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anUnmodifiableViewOverAMutableListIsCopied() {
        List<String> backing = new ArrayList<>(List.of("a"));
        List<String> view = Collections.unmodifiableList(backing);
        List<Object> copy = objects(isolation.isolate(view));
        backing.add("b");
        assertThat(copy).isNotSameAs(view).containsExactly("a");
        assertThatThrownBy(() -> copy.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jdkViewsAndWrappersAreCopied() {
        List<String> backing = new ArrayList<>(List.of("a", "b", "c"));
        String[] array = {"p", "q"};
        List<Object> asList = objects(isolation.isolate(Arrays.asList(array)));
        List<Object> subList = objects(isolation.isolate(backing.subList(0, 2)));
        List<Object> synced = objects(isolation.isolate(Collections.synchronizedList(backing)));
        array[0] = "changed";
        backing.set(0, "changed");
        assertThat(asList).containsExactly("p", "q");
        assertThat(subList).containsExactly("a", "b");
        assertThat(synced).containsExactly("a", "b", "c");
    }

    @Test
    void sortedAndEnumCollectionsKeepTheirOrderingAndKeyType() {
        TreeSet<String> set = new TreeSet<>(Comparator.reverseOrder());
        set.addAll(List.of("a", "c", "b"));
        TreeMap<String, List<Integer>> map = new TreeMap<>(Comparator.reverseOrder());
        map.put("x", new ArrayList<>(List.of(1)));
        EnumMap<Color, List<Integer>> enumMap = new EnumMap<>(Color.class);
        enumMap.put(Color.RED, new ArrayList<>(List.of(2)));
        EnumSet<Color> enumSet = EnumSet.of(Color.GREEN);

        TreeSet<?> setCopy = (TreeSet<?>) isolation.isolate(set);
        List<Object> setElements = objects(setCopy);
        TreeMap<?, ?> mapCopy = (TreeMap<?, ?>) isolation.isolate(map);
        EnumMap<?, ?> enumMapCopy = (EnumMap<?, ?>) isolation.isolate(enumMap);
        EnumSet<?> enumSetCopy = (EnumSet<?>) isolation.isolate(enumSet);
        set.add("z");
        map.get("x").add(99);
        enumMap.get(Color.RED).add(99);
        enumSet.add(Color.RED);

        assertThat(setElements).containsExactly("c", "b", "a");
        assertThat(setCopy.comparator()).isSameAs(set.comparator());
        assertThat(objects(mapCopy.get("x"))).containsExactly(1);
        assertThat(objects(enumMapCopy.get(Color.RED))).containsExactly(2);
        assertThat(objects(enumSetCopy)).containsExactly(Color.GREEN);
    }

    @Test
    void anOptionalHoldingAMutableValueIsRebuilt() {
        List<String> mutable = new ArrayList<>(List.of("a"));
        Optional<List<String>> original = Optional.of(mutable);
        Optional<?> copy = (Optional<?>) isolation.isolate(original);
        mutable.add("b");
        assertThat(copy).isNotSameAs(original);
        assertThat(objects(copy.orElseThrow())).containsExactly("a");
    }

    @Test
    void sharingInsideAMessageIsPreserved() {
        List<String> shared = new ArrayList<>(List.of("s"));
        List<Object> original = new ArrayList<>(List.of(shared, shared));
        List<Object> copy = objects(isolation.isolate(original));
        assertThat(copy.get(0)).isNotSameAs(shared).isSameAs(copy.get(1));
    }

    @Test
    void aSerializableMutableObjectIsCopiedBySerialization() {
        Counter counter = new Counter();
        counter.count = 3;
        counter.log.add("first");
        Counter copy = (Counter) isolation.isolate(counter);
        counter.count = 4;
        counter.log.add("second");
        assertThat(copy).isNotSameAs(counter);
        assertThat(copy.count).isEqualTo(3);
        assertThat(copy.log).containsExactly("first");
        assertThat(copy.self).as("the cycle inside is reproduced").isSameAs(copy);
    }

    @Test
    void aRecordHoldingASerializableObjectIsRebuilt() {
        Counter counter = new Counter();
        Envelope envelope = new Envelope(counter);
        Envelope copy = (Envelope) isolation.isolate(envelope);
        counter.count = 10;
        assertThat(copy.payload()).isInstanceOf(Counter.class).isNotSameAs(counter);
        assertThat(((Counter) copy.payload()).count).isZero();
    }

    // Cycles ----------------------------------------------------------------------------------------------

    @Test
    void aListContainingItselfIsCopiedWithTheSameShape() {
        List<Object> list = new ArrayList<>();
        list.add("x");
        list.add(list);
        List<Object> copy = objects(isolation.isolate(list));
        assertThat(copy).isNotSameAs(list);
        assertThat(copy.get(1)).isSameAs(copy);
    }

    @Test
    void aMapContainingItselfIsCopiedWithTheSameShape() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("self", map);
        Object[] array = {map, null};
        array[1] = array;
        Object[] copy = (Object[]) isolation.isolate(array);
        assertThat(copy[1]).isSameAs(copy);
        Map<?, ?> mapCopy = (Map<?, ?>) copy[0];
        assertThat(mapCopy).isNotSameAs(map);
        assertThat(mapCopy.get("self")).isSameAs(mapCopy);
    }

    @Test
    void aCycleThroughARecordIsRejectedInsteadOfLoopingForever() {
        List<Object> edges = new ArrayList<>();
        Graph graph = new Graph("g", edges);
        edges.add(graph);
        MessageIsolationException e = catchThrowableOfType(MessageIsolationException.class,
                () -> isolation.isolate(graph));
        assertThat(e.path()).contains("Graph.edges[0]");
        assertThat(e.getMessage()).contains("refers back to itself").contains("Break the cycle");
    }

    // Rejected --------------------------------------------------------------------------------------------

    @Test
    void aMutableNonSerializableObjectIsRejectedNamingTheTypeAndTheFix() {
        MessageIsolationException e = catchThrowableOfType(MessageIsolationException.class,
                () -> isolation.isolate(new Mutable()));
        assertThat(e.messageType()).isEqualTo(Mutable.class.getCanonicalName());
        assertThat(e.offendingType()).isEqualTo(Mutable.class.getCanonicalName());
        assertThat(e.path()).isEmpty();
        assertThat(e.getMessage())
                .contains(Mutable.class.getCanonicalName())
                .contains("record")
                .contains("Serializable")
                .contains("shared-heap");
    }

    @Test
    void aNestedOffenderIsReportedWithItsPath() {
        Order order = new Order("o", List.of(new Line(1, "a"), new Line(2, "b"), new Line(3, new Mutable())));
        MessageIsolationException e = catchThrowableOfType(MessageIsolationException.class,
                () -> isolation.isolate(order));
        assertThat(e.path()).contains("Order.lines[2].sku");
        assertThat(e.messageType()).isEqualTo(Order.class.getCanonicalName());
        assertThat(e.offendingType()).isEqualTo(Mutable.class.getCanonicalName());
        assertThat(e.getMessage())
                .contains("Order.lines[2].sku is a " + Mutable.class.getCanonicalName())
                .contains("Make " + Mutable.class.getCanonicalName() + " a record");
    }

    @Test
    void pathsGoThroughMapsArraysAndOptionals() {
        Map<String, Object> map = new HashMap<>();
        map.put("key", new Object[] {"ok", Optional.of(new Mutable())});
        MessageIsolationException e = catchThrowableOfType(MessageIsolationException.class,
                () -> isolation.isolate(new Envelope(map)));
        assertThat(e.path()).contains("Envelope.payload[\"key\"][1].get()");
    }

    @Test
    void aSerializableObjectHoldingSomethingNotSerializableIsRejected() {
        MessageIsolationException e = catchThrowableOfType(MessageIsolationException.class,
                () -> isolation.isolate(List.of(new Wrapper())));
        assertThat(e.path()).contains("List[0]");
        assertThat(e.offendingType()).isEqualTo(Wrapper.class.getCanonicalName());
        assertThat(e.getMessage()).contains(Mutable.class.getName()).contains("not Serializable");
        assertThat(e.getCause()).isInstanceOf(java.io.NotSerializableException.class);
    }

    @Test
    void aNonSerializableLambdaIsRejected() {
        Runnable lambda = () -> {};
        assertThatThrownBy(() -> isolation.isolate(lambda))
                .isInstanceOf(MessageIsolationException.class)
                .hasMessageContaining("lambda").hasMessageContaining("Send data");
    }

    @Test
    void nestingDeeperThanTheLimitIsRejected() {
        MessageIsolation shallow = new MessageIsolation(5);
        List<Object> nested = new ArrayList<>();
        List<Object> current = nested;
        for (int i = 0; i < 10; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        MessageIsolationException e = catchThrowableOfType(MessageIsolationException.class,
                () -> shallow.isolate(nested));
        assertThat(e.path()).contains("ArrayList[0][0][0][0][0]");
        assertThat(e.getMessage()).contains("limit of 5 nested levels").contains("Flatten");

        List<Object> okDepth = new ArrayList<>(List.of(new ArrayList<>(List.of(new ArrayList<>()))));
        assertThat(shallow.isolate(okDepth)).isEqualTo(okDepth);
    }

    @Test
    void theDefaultDepthLimitStopsAVeryDeepMessage() {
        Object deep = "leaf";
        for (int i = 0; i < MessageIsolation.DEFAULT_MAX_DEPTH + 10; i++) {
            deep = new Envelope(new ArrayList<>(List.of(deep)));
        }
        Object message = deep;
        assertThatThrownBy(() -> isolation.isolate(message))
                .isInstanceOf(MessageIsolationException.class)
                .hasMessageContaining("limit of " + MessageIsolation.DEFAULT_MAX_DEPTH);
    }
}
