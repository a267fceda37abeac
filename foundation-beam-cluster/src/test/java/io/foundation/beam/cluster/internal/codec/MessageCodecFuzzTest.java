package io.foundation.beam.cluster.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.foundation.beam.cluster.MessageNotTransferableException;
import io.foundation.beam.cluster.internal.codec.fixtures.Address;
import io.foundation.beam.cluster.internal.codec.fixtures.Customer;
import io.foundation.beam.cluster.internal.codec.fixtures.Holder;
import io.foundation.beam.cluster.internal.codec.fixtures.Line;
import io.foundation.beam.cluster.internal.codec.fixtures.Shape;
import io.foundation.beam.cluster.internal.codec.fixtures.Status;
import io.foundation.beam.cluster.internal.codec.fixtures.Validated;
import io.foundation.beam.messages.Binary;
import io.foundation.beam.process.ExitReason;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Random values survive a round trip; random, truncated and mutated frames make the codec throw only its documented
 * exceptions ({@link IOException}s and {@link MessageNotTransferableException}), never another one. Fixed seeds, so a
 * failure reproduces.
 */
class MessageCodecFuzzTest {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Zurich"), ZoneId.of("America/St_Johns"),
            ZoneOffset.UTC, ZoneOffset.ofHours(-7), ZoneId.of("Asia/Kathmandu"));

    private final MessageCodec codec = Codecs.standard();
    private int decodes;
    private int values;
    private int refusals;

    @Test
    void randomValuesRoundTripEqual() {
        Random rnd = new Random(20_2026L);
        for (int i = 0; i < 3000; i++) {
            Object value = randomValue(rnd, 0);
            Object back = Codecs.roundTrip(codec, value);
            assertThat(back).as("round trip %d of %s", i, value).isEqualTo(value);
        }
    }

    @Test
    void truncatedMutatedAndRandomFramesThrowOnlyTheDocumentedExceptions() {
        Random rnd = new Random(7_919L);
        for (int i = 0; i < 1500; i++) {
            byte[] frame = codec.encode(randomValue(rnd, 0));
            byte[] payload = Arrays.copyOfRange(frame, prefixLength(frame), frame.length);

            // cut anywhere, with the original length prefix and with one that matches the shorter payload
            int cuts = payload.length <= 48 ? payload.length : 24;
            for (int c = 0; c < cuts; c++) {
                int cut = payload.length <= 48 ? c : rnd.nextInt(payload.length);
                decodeExpectingOnlyDocumentedFailures(Arrays.copyOf(frame, prefixLength(frame) + cut));
                decodeExpectingOnlyDocumentedFailures(withPrefix(Arrays.copyOf(payload, cut)));
            }
            // flip, overwrite and insert bytes, keeping the length prefix right
            for (int m = 0; m < 20; m++) {
                byte[] mutated = payload.clone();
                int changes = 1 + rnd.nextInt(4);
                for (int k = 0; k < changes && mutated.length > 0; k++) {
                    int at = rnd.nextInt(mutated.length);
                    switch (rnd.nextInt(4)) {
                        case 0 -> mutated[at] ^= (byte) (1 << rnd.nextInt(8));
                        case 1 -> mutated[at] = (byte) rnd.nextInt(256);
                        case 2 -> mutated[at] = (byte) new int[] {0, 0x7F, 0x80, 0xFF, 1, 2}[rnd.nextInt(6)];
                        default -> mutated[at] = (byte) rnd.nextInt(MessageCodec.T_RECORD + 2);
                    }
                }
                decodeExpectingOnlyDocumentedFailures(withPrefix(mutated));
                if (rnd.nextInt(4) == 0) {
                    readExpectingOnlyDocumentedFailures(withPrefix(mutated));
                }
            }
        }
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[rnd.nextInt(64)];
            rnd.nextBytes(garbage);
            if (garbage.length > 0 && rnd.nextBoolean()) {
                garbage[0] = (byte) rnd.nextInt(MessageCodec.T_RECORD + 2);
            }
            decodeExpectingOnlyDocumentedFailures(withPrefix(garbage));
            readExpectingOnlyDocumentedFailures(garbage);
        }
        // the fuzzing reached both outcomes: many frames were refused, and some still decoded
        assertThat(decodes).isGreaterThan(60_000);
        assertThat(refusals).isGreaterThan(decodes / 2);
        assertThat(values).isGreaterThan(1000);
    }

    @Test
    void oneCodecServesManyThreadsAtOnceFromColdCaches() throws Exception {
        MessageCodec shared = Codecs.standard();
        int threads = 4;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                long seed = 31L * t;
                results.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    start.await();
                    int checked = 0;
                    for (int i = 0; i < 2000; i++) {
                        Object value = randomValue(rnd, 0);
                        if (!java.util.Objects.equals(shared.decode(shared.encode(value)), value)) {
                            throw new AssertionError("round trip differs for " + value);
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            for (java.util.concurrent.Future<Integer> result : results) {
                assertThat(result.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void decodeExpectingOnlyDocumentedFailures(byte[] frame) {
        decodes++;
        try {
            codec.decode(frame);
            values++;
        } catch (IOException | MessageNotTransferableException expected) {
            refusals++;
            assertThat(expected.getMessage()).isNotBlank();
        } catch (Throwable t) {
            fail("decode threw " + t + " for the frame " + HexFormat.of().formatHex(frame), t);
        }
    }

    private void readExpectingOnlyDocumentedFailures(byte[] bytes) {
        try {
            codec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException | MessageNotTransferableException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (Throwable t) {
            fail("read threw " + t + " for the bytes " + HexFormat.of().formatHex(bytes), t);
        }
    }

    private static int prefixLength(byte[] frame) {
        int i = 0;
        while ((frame[i] & 0x80) != 0) {
            i++;
        }
        return i + 1;
    }

    private static byte[] withPrefix(byte[] payload) {
        return Codecs.frame(w -> {
            for (byte b : payload) {
                w.writeByte(b);
            }
        });
    }

    static Object randomValue(Random rnd, int depth) {
        int kinds = depth > 4 ? 24 : 33;
        return switch (rnd.nextInt(kinds)) {
            case 0 -> null;
            case 1 -> rnd.nextBoolean();
            case 2 -> (byte) rnd.nextInt();
            case 3 -> (short) rnd.nextInt();
            case 4 -> rnd.nextInt(3) == 0 ? rnd.nextInt(100) : rnd.nextInt();
            case 5 -> rnd.nextLong();
            case 6 -> Float.intBitsToFloat(rnd.nextInt());
            case 7 -> rnd.nextBoolean() ? rnd.nextDouble() : Double.longBitsToDouble(rnd.nextLong());
            case 8 -> (char) rnd.nextInt(0xD800);
            case 9 -> randomString(rnd);
            case 10 -> new BigInteger(rnd.nextInt(200), rnd).subtract(BigInteger.TEN.pow(20));
            case 11 -> new BigDecimal(new BigInteger(rnd.nextInt(100), rnd), rnd.nextInt(80) - 40);
            case 12 -> new UUID(rnd.nextLong(), rnd.nextLong());
            case 13 -> Instant.ofEpochSecond(rnd.nextLong(-1L << 40, 1L << 40), rnd.nextInt(1_000_000_000));
            case 14 -> Duration.ofSeconds(rnd.nextLong(), rnd.nextInt(1_000_000_000));
            case 15 -> LocalDate.ofEpochDay(rnd.nextLong(-365_000_000L, 365_000_000L));
            case 16 -> LocalDateTime.of(LocalDate.ofEpochDay(rnd.nextInt(100_000)),
                    LocalTime.ofNanoOfDay(rnd.nextLong(86_400_000_000_000L)));
            case 17 -> ZonedDateTime.ofInstant(Instant.ofEpochSecond(rnd.nextInt()), ZONES.get(rnd.nextInt(5)));
            case 18 -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(rnd.nextInt()), ZoneOffset.ofHours(3));
            case 19 -> new FakePid("node-" + rnd.nextInt(3), rnd.nextLong(), rnd.nextLong(1000));
            case 20 -> Status.values()[rnd.nextInt(Status.values().length)];
            case 21 -> new Line("sku" + rnd.nextInt(9), rnd.nextInt(), rnd.nextBoolean() ? null : BigDecimal.ONE);
            case 22 -> rnd.nextBoolean() ? new Shape.Circle(rnd.nextDouble()) : new Shape.Square(rnd.nextLong());
            case 23 -> randomExitReason(rnd, depth);
            case 24 -> Binary.copyOf(randomBytes(rnd));
            case 25, 26 -> {
                List<Object> list = new ArrayList<>();
                for (int n = rnd.nextInt(6); n > 0; n--) {
                    list.add(randomValue(rnd, depth + 1));
                }
                yield rnd.nextBoolean() ? list : Arrays.asList(list.toArray());
            }
            case 27 -> {
                Set<Object> set = new LinkedHashSet<>();
                for (int n = rnd.nextInt(5); n > 0; n--) {
                    set.add(randomValue(rnd, depth + 1));
                }
                yield set;
            }
            case 28 -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int n = rnd.nextInt(5); n > 0; n--) {
                    map.put(randomValue(rnd, depth + 1), randomValue(rnd, depth + 1));
                }
                yield map;
            }
            case 29 -> {
                Object inner = randomValue(rnd, depth + 1);
                yield inner == null ? Optional.empty() : Optional.of(inner);
            }
            case 30 -> new Holder(randomValue(rnd, depth + 1));
            case 31 -> new Customer(randomString(rnd), rnd.nextBoolean() ? null : new Address(randomString(rnd)));
            default -> new Validated(rnd.nextInt(1000));
        };
    }

    private static ExitReason randomExitReason(Random rnd, int depth) {
        return switch (rnd.nextInt(7)) {
            case 0 -> ExitReason.NORMAL;
            case 1 -> ExitReason.SHUTDOWN;
            case 2 -> ExitReason.shutdown("term-" + rnd.nextInt(5));
            case 3 -> ExitReason.KILLED;
            case 4 -> ExitReason.custom(new Holder(rnd.nextInt()));
            case 5 -> ExitReason.NOPROC;
            default -> ExitReason.NOCONNECTION;
        };
    }

    private static String randomString(Random rnd) {
        StringBuilder s = new StringBuilder();
        for (int n = rnd.nextInt(rnd.nextInt(10) == 0 ? 300 : 12); n > 0; n--) {
            int cp = switch (rnd.nextInt(4)) {
                case 0 -> 'a' + rnd.nextInt(26);
                case 1 -> rnd.nextInt(0x80);
                case 2 -> 0xA0 + rnd.nextInt(0xD800 - 0xA0);
                default -> 0x10000 + rnd.nextInt(0x10FFFF - 0x10000);
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    private static byte[] randomBytes(Random rnd) {
        byte[] bytes = new byte[rnd.nextInt(40)];
        rnd.nextBytes(bytes);
        return bytes;
    }
}
