package io.foundation.beam.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sampler's primitive helpers, against the JDK's collections on random input. */
class PrimitivesTest {

    /** A good hash (the process cell's) and a poor one (each pair of consecutive keys shares a hash): the answers must not differ. */
    private static int hash(long key, boolean good) {
        return good ? Long.hashCode(key * 0x9E3779B97F4A7C15L) : (int) (key >>> 1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void longLongMapAgreesWithAHashMapThroughGrowthAndReuse(boolean good) {
        SplittableRandom random = new SplittableRandom(42);
        LongLongMap map = new LongLongMap();
        for (int round = 0; round < 3; round++) {
            Map<Long, Long> reference = new HashMap<>();
            for (int i = 0; i < 50_000; i++) {
                long key = 1 + random.nextLong(200_000);
                long value = random.nextLong();
                map.put(key, hash(key, good), value);
                reference.put(key, value);
            }
            assertThat(map.size()).isEqualTo(reference.size());
            assertThat(map.capacity()).isGreaterThanOrEqualTo(2 * map.size());
            reference.forEach((k, v) -> assertThat(map.get(k, hash(k, good), -1L)).isEqualTo(v));
            for (long k = 200_001; k < 200_100; k++) {
                assertThat(map.get(k, hash(k, good), -7L)).isEqualTo(-7L);
            }
            map.clear(reference.size());
            assertThat(map.size()).isZero();
            long someKey = reference.keySet().iterator().next();
            assertThat(map.get(someKey, hash(someKey, good), -1L)).isEqualTo(-1L);
        }
    }

    @Test
    void longLongMapShrinksWhenClearedForFarFewerKeysAndRefusesNonPositiveKeys() {
        LongLongMap map = new LongLongMap();
        for (long k = 1; k <= 100_000; k++) {
            map.put(k, hash(k, true), k);
        }
        int big = map.capacity();
        map.clear(100_000);
        assertThat(map.capacity()).isEqualTo(big);
        map.clear(10);
        assertThat(map.capacity()).isLessThan(big / 8);
        map.put(5, 55, 6);
        assertThat(map.get(5, 55, 0L)).isEqualTo(6L);
        assertThatThrownBy(() -> map.put(0, 0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @Test
    void topHeapKeepsTheBestLimitHighestKeyFirstLowerIdFirstAcrossResets() {
        SplittableRandom random = new SplittableRandom(7);
        TopHeap heap = new TopHeap();
        for (int round = 0; round < 20; round++) {
            int limit = 1 + random.nextInt(50);
            heap.reset(limit);
            List<long[]> offered = new ArrayList<>();
            for (long id = 1; id <= 500; id++) {
                long key = random.nextInt(30); // many ties
                offered.add(new long[] {key, id});
                heap.offer(key, id, key * 2, null);
            }
            List<long[]> expected = offered.stream()
                    .sorted(Comparator.<long[]>comparingLong(e -> -e[0]).thenComparingLong(e -> e[1]))
                    .limit(limit).toList();
            List<long[]> drained = new ArrayList<>();
            heap.drainBestFirst((ProcessRef ref, long id, long key, long delta) -> {
                assertThat(delta).isEqualTo(key * 2);
                drained.add(new long[] {key, id});
            });
            assertThat(drained).hasSize(limit);
            for (int i = 0; i < limit; i++) {
                assertThat(drained.get(i)).containsExactly(expected.get(i));
            }
            assertThat(heap.size()).isZero();
        }
    }
}
