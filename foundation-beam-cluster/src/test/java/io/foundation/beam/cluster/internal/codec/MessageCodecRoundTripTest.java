package io.foundation.beam.cluster.internal.codec;

import static io.foundation.beam.cluster.internal.codec.Codecs.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.cluster.RemoteException;
import io.foundation.beam.cluster.internal.codec.fixtures.Address;
import io.foundation.beam.cluster.internal.codec.fixtures.Customer;
import io.foundation.beam.cluster.internal.codec.fixtures.Holder;
import io.foundation.beam.cluster.internal.codec.fixtures.Line;
import io.foundation.beam.cluster.internal.codec.fixtures.OrderPlaced;
import io.foundation.beam.cluster.internal.codec.fixtures.Shape;
import io.foundation.beam.cluster.internal.codec.fixtures.Status;
import io.foundation.beam.messages.Binary;
import io.foundation.beam.process.ExitReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecRoundTripTest {

    private final MessageCodec codec = Codecs.standard();

    static Stream<Object> builtIns() {
        return Stream.of(
                true, false, (byte) -7, Byte.MIN_VALUE, (short) -300, Short.MAX_VALUE,
                0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE,
                1.5f, Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, 2.25d, Double.NaN, Double.MIN_VALUE, -0.0d,
                'x', '\u00e9', '\uffff', "", "hello", "grüße, 日本, 🎉", "x".repeat(200),
                new BigInteger("-123456789012345678901234567890"), BigInteger.ZERO,
                new BigDecimal("-1234.5600"), new BigDecimal("1E+400"), UUID.randomUUID(),
                Instant.parse("2026-12-07T05:35:45.123456789Z"), Instant.MIN, Instant.MAX,
                Duration.ofNanos(-1), Duration.ofDays(400).plusNanos(5),
                LocalDate.of(2026, 2, 28), LocalDate.MIN, LocalDate.MAX, LocalTime.of(23, 59, 59, 999_999_999),
                LocalTime.MIDNIGHT, LocalDateTime.of(2026, 12, 7, 5, 35, 45, 1), LocalDateTime.MIN,
                OffsetDateTime.of(2026, 12, 7, 5, 35, 0, 0, ZoneOffset.ofHoursMinutes(-3, -30)),
                ZonedDateTime.of(2026, 10, 25, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
                ZonedDateTime.of(2026, 3, 29, 12, 0, 0, 0, ZoneOffset.UTC),
                OffsetTime.of(8, 15, 0, 0, ZoneOffset.ofHours(14)), Period.of(1, -2, 30), Year.of(-44),
                YearMonth.of(2026, 12), MonthDay.of(2, 29), ZoneOffset.ofHoursMinutesSeconds(-5, -30, -15),
                URI.create("https://example.com/a%20b?q=1#f"), Locale.forLanguageTag("de-CH"), Locale.US,
                Currency.getInstance("CHF"),
                Optional.empty(), Optional.of("present"), OptionalInt.of(-4), OptionalInt.empty(),
                OptionalLong.of(Long.MIN_VALUE), OptionalLong.empty(), OptionalDouble.of(0.1), OptionalDouble.empty(),
                Binary.copyOf(new byte[] {1, 2, 3}), Binary.copyOf(new byte[0]),
                new FakePid("orders-2", 77, 42),
                List.of(), List.of(1, "two", 3.0), Set.of(), Set.of("a"), Map.of(), Map.of("k", 1L),
                Status.NEW, Status.PAID, new Shape.Circle(2.5), new Shape.Square(-3));
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void everyBuiltInTypeSurvivesARoundTripEqualAndOfTheSameClass(Object value) {
        Object back = roundTrip(codec, value);
        assertThat(back).isEqualTo(value);
        if (!(value instanceof List || value instanceof Set || value instanceof Map)) {
            assertThat(back).hasSameClassAs(value);
        }
    }

    @Test
    void nullAndByteArraysRoundTrip() {
        assertThat(roundTrip(codec, null)).isNull();
        byte[] bytes = {0, -1, 127, -128};
        assertThat((byte[]) roundTrip(codec, bytes)).containsExactly(bytes);
        assertThat(roundTrip(codec, Binary.copyOf(bytes))).isEqualTo(Binary.copyOf(bytes));
    }

    @Test
    void nanPayloadsAndNegativeZeroKeepTheirBits() {
        float nan = Float.intBitsToFloat(0x7fc00123);
        assertThat(Float.floatToRawIntBits((Float) roundTrip(codec, nan))).isEqualTo(0x7fc00123);
        assertThat(Double.doubleToRawLongBits((Double) roundTrip(codec, -0.0d)))
                .isEqualTo(Double.doubleToRawLongBits(-0.0d));
    }

    @Test
    void aZonedDateTimeKeepsItsZoneAndOffsetInAnOverlap() {
        ZonedDateTime later = ZonedDateTime.of(2026, 10, 25, 2, 30, 0, 0, ZoneId.of("Europe/Paris"))
                .withLaterOffsetAtOverlap();
        ZonedDateTime back = (ZonedDateTime) roundTrip(codec, later);
        assertThat(back).isEqualTo(later);
        assertThat(back.getOffset()).isEqualTo(ZoneOffset.ofHours(1));
    }

    @Test
    void nestedRecordsEnumsCollectionsAndPidsRoundTripEqual() {
        OrderPlaced order = order();
        Object back = roundTrip(codec, order);
        assertThat(back).isEqualTo(order).isInstanceOf(OrderPlaced.class);
        assertThat(((OrderPlaced) back).replyTo()).isEqualTo(new FakePid("shop-1", 5, 9));
        Map<Status, List<Object>> byStatus = Map.of(Status.PAID, List.of(order, new Shape.Circle(1)),
                Status.NEW, List.of(Optional.of(order.customer()), Set.of(order.lines().get(0))));
        assertThat(roundTrip(codec, byStatus)).isEqualTo(byStatus);
    }

    @Test
    void collectionsComeBackUnmodifiableInTheSendersIterationOrder() {
        List<Integer> linked = new LinkedList<>(List.of(3, 1, 2));
        TreeSet<String> sorted = new TreeSet<>(List.of("b", "c", "a"));
        Map<String, Integer> ordered = new LinkedHashMap<>();
        ordered.put("z", 1);
        ordered.put("a", 2);
        ordered.put("m", 3);
        TreeMap<Integer, String> tree = new TreeMap<>(Map.of(3, "c", 1, "a", 2, "b"));

        @SuppressWarnings("unchecked")
        List<Integer> list = (List<Integer>) roundTrip(codec, linked);
        @SuppressWarnings("unchecked")
        Set<String> set = (Set<String>) roundTrip(codec, sorted);
        @SuppressWarnings("unchecked")
        Map<String, Integer> map = (Map<String, Integer>) roundTrip(codec, ordered);
        @SuppressWarnings("unchecked")
        Map<Integer, String> treeBack = (Map<Integer, String>) roundTrip(codec, tree);

        assertThat(list).containsExactly(3, 1, 2);
        assertThat(set).containsExactly("a", "b", "c");
        assertThat(map.keySet()).containsExactly("z", "a", "m");
        assertThat(treeBack).isEqualTo(tree);
        assertThat(treeBack.keySet()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> list.add(4)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.put("q", 0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullsInsideCollectionsSurvive() {
        List<Object> list = Arrays.asList("a", null, 3);
        Set<Object> set = new java.util.LinkedHashSet<>(Arrays.asList(null, "x"));
        Map<Object, Object> map = new HashMap<>();
        map.put(null, "null key");
        map.put("null value", null);

        Object listBack = roundTrip(codec, list);
        assertThat(listBack).isEqualTo(list);
        assertThat((List<?>) listBack).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly("a", null, 3);
        assertThatThrownBy(() -> ((List<?>) listBack).set(0, null)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(roundTrip(codec, set)).isEqualTo(set);
        assertThat(roundTrip(codec, map)).isEqualTo(map);
        assertThat(roundTrip(codec, new Holder(null))).isEqualTo(new Holder(null));
    }

    @Test
    void everyExitReasonKindRoundTrips() {
        List<ExitReason> reasons = List.of(ExitReason.NORMAL, ExitReason.SHUTDOWN, ExitReason.shutdown("drained"),
                ExitReason.shutdown(new Customer("Ada", new Address("London"))), ExitReason.KILLED,
                ExitReason.custom(Map.of("bad_order", 42)), ExitReason.custom(Status.PAID), ExitReason.NOPROC,
                ExitReason.NOCONNECTION);
        for (ExitReason reason : reasons) {
            Object back = roundTrip(codec, reason);
            assertThat(back).as("%s", reason).isEqualTo(reason).hasSameClassAs(reason);
            assertThat(((ExitReason) back).isAbnormal()).isEqualTo(reason.isAbnormal());
        }
        assertThat(roundTrip(codec, ExitReason.SHUTDOWN)).isSameAs(ExitReason.SHUTDOWN);
    }

    @Test
    void aCrashCauseArrivesAsARemoteExceptionWithItsClassMessageStackAndCauses() {
        IllegalStateException boom = new IllegalStateException("boom",
                new java.io.UncheckedIOException("disk", new java.io.IOException("full")));
        ExitReason.Crashed back = (ExitReason.Crashed) roundTrip(codec, ExitReason.crashed(boom));

        RemoteException remote = (RemoteException) back.cause();
        assertThat(remote.originalClassName()).isEqualTo("java.lang.IllegalStateException");
        assertThat(remote.originalMessage()).isEqualTo("boom");
        assertThat(remote.getMessage()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(remote.getStackTrace()).containsExactly(boom.getStackTrace());
        assertThat(remote.getStackTrace()[0].getMethodName())
                .isEqualTo("aCrashCauseArrivesAsARemoteExceptionWithItsClassMessageStackAndCauses");
        RemoteException cause = remote.getCause();
        assertThat(cause.originalClassName()).isEqualTo("java.io.UncheckedIOException");
        assertThat(cause.getCause().getMessage()).isEqualTo("java.io.IOException: full");
        assertThat(cause.getCause().getCause()).isNull();
        assertThat(back.isAbnormal()).isTrue();
    }

    @Test
    void aThrowableWithoutMessageAndARemoteExceptionTravellingOnKeepTheOriginalName() throws Exception {
        RemoteException remote = (RemoteException) roundTrip(codec, new UnsupportedOperationException());
        assertThat(remote.getMessage()).isEqualTo("java.lang.UnsupportedOperationException");
        assertThat(remote.originalMessage()).isNull();

        RemoteException again = (RemoteException) roundTrip(codec, remote);
        assertThat(again.originalClassName()).isEqualTo("java.lang.UnsupportedOperationException");
        assertThat(again.getStackTrace()).containsExactly(remote.getStackTrace());
    }

    @Test
    void aCyclicCauseChainAndAVeryLongOneAreCutNotRefused() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        RemoteException back = (RemoteException) roundTrip(codec, a);
        assertThat(back.getCause().getMessage()).endsWith("b");
        assertThat(back.getCause().getCause()).isNull();

        Throwable deep = new RuntimeException("0");
        for (int i = 1; i < 100; i++) {
            deep = new RuntimeException(Integer.toString(i), deep);
        }
        int depth = 0;
        for (Throwable t = (Throwable) roundTrip(codec, deep); t != null; t = t.getCause()) {
            depth++;
        }
        assertThat(depth).isEqualTo(MessageCodec.MAX_CAUSES);
    }

    @Test
    void aOneMebibyteStringAndAHundredThousandElementListRoundTrip() {
        String big = "ab\u00e9\u65e5".repeat(256 * 1024);
        assertThat(big.length()).isEqualTo(1024 * 1024);
        assertThat(roundTrip(codec, big)).isEqualTo(big);

        List<Object> many = new ArrayList<>();
        IntStream.range(0, 100_000).forEach(i -> many.add(i % 3 == 0 ? "s" + i : new Line("sku" + i, i, null)));
        assertThat(roundTrip(codec, many)).isEqualTo(many);
    }

    @Test
    void writeAndReadThroughDataStreamsMatchEncodeAndDecodeAndReadExactlyOneValue() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        codec.write(order(), out);
        codec.write("second", out);
        out.writeInt(0xCAFE);

        assertThat(Arrays.copyOf(bytes.toByteArray(), codec.encode(order()).length)).isEqualTo(codec.encode(order()));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(codec.read(in)).isEqualTo(order());
        assertThat(codec.read(in)).isEqualTo("second");
        assertThat(in.readInt()).isEqualTo(0xCAFE);
    }

    @Test
    void classNamesAreWrittenOncePerMessage() {
        List<Line> one = List.of(new Line("a", 1, BigDecimal.ONE));
        List<Line> ten = IntStream.range(0, 10).mapToObj(i -> new Line("a", 1, BigDecimal.ONE)).toList();
        int perLine = (codec.encode(ten).length - codec.encode(one).length) / 9;
        assertThat(perLine).isLessThan(Line.class.getName().length());
        assertThat(perLine).isLessThanOrEqualTo(12);
    }

    @Test
    void aPrivateNestedRecordAllowedByItsEnclosingClassRoundTrips() {
        MessageCodec nested = Codecs.allowing(MessageCodecRoundTripTest.class.getName());
        Hidden hidden = new Hidden(3, List.of(new Hidden(4, List.of())));
        assertThat(roundTrip(nested, hidden)).isEqualTo(hidden);
        assertThatThrownBy(() -> codec.encode(hidden))
                .hasMessageContaining(MessageCodecRoundTripTest.class.getName() + ".Hidden");
    }

    private record Hidden(int n, List<Hidden> children) {
    }

    static OrderPlaced order() {
        return new OrderPlaced(UUID.fromString("c0ffee00-0000-4000-8000-000000000001"),
                new Customer("Ada", new Address("London")),
                List.of(new Line("sku-1", 2, new BigDecimal("9.99")), new Line("sku-2", 1, BigDecimal.TEN)),
                Status.PAID, new FakePid("shop-1", 5, 9), Optional.of("leave at door"), 3, 29.98, 'A', true);
    }
}
