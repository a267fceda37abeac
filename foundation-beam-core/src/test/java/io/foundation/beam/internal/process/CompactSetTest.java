package io.foundation.beam.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** {@link CompactSet}: set semantics in its three states, and one winner per removal under races. */
class CompactSetTest {

    @Test
    void behavesAsASetWithNoneOneAndManyEntries() {
        CompactSet<String> set = new CompactSet<>();
        assertThat(set).isEmpty();
        assertThat(set.remove("a")).isFalse();
        assertThat(set.add("a")).isTrue();
        assertThat(set.add(new String("a"))).as("equal entries are one").isFalse();
        assertThat(set).containsExactly("a").hasSize(1);
        assertThat(set.isMany()).isFalse();
        assertThat(set.remove("b")).isFalse();
        assertThat(set.remove("a")).isTrue();
        assertThat(set).isEmpty();
        assertThat(set.add("a")).isTrue();
        assertThat(set.add("b")).isTrue();
        assertThat(set.isMany()).isTrue();
        assertThat(set).containsExactlyInAnyOrder("a", "b");
        assertThat(set.contains("b")).isTrue();
        assertThat(set.remove("a")).isTrue();
        assertThat(set.remove("a")).isFalse();
        assertThat(set).containsExactly("b");
        assertThat(set.isMany()).as("never goes back to one").isTrue();
        set.add("c");
        java.util.List<String> removed = new java.util.ArrayList<>();
        set.removeEach((e, into) -> into.add(e), removed);
        assertThat(removed).as("many: every entry, once").containsExactlyInAnyOrder("b", "c");
        assertThat(set).isEmpty();
        CompactSet<String> one = new CompactSet<>();
        one.removeEach((e, into) -> into.add(e), removed);
        assertThat(removed).as("empty: nothing").hasSize(2);
        one.add("x");
        one.removeEach((e, into) -> into.add(e), removed);
        assertThat(removed).as("one").containsExactlyInAnyOrder("b", "c", "x");
        assertThat(one).isEmpty();
        assertThat(new CompactSet<String>(8).isMany()).isTrue();
        assertThat(new CompactSet<String>(1).isMany()).isFalse();
    }

    /**
     * Threads add their own entries and remove them, while they race to claim one shared entry added once, one of
     * them with {@link CompactSet#removeEach} (as a dying process claims its links and watchers) and the others with
     * {@code remove}: every entry, the shared one and each thread's own, is claimed exactly once, whichever way, and
     * the set ends empty.
     */
    @RepeatedTest(50)
    void everyEntryIsClaimedOnceWhileEntriesComeAndGo() throws Exception {
        CompactSet<Object> set = new CompactSet<>();
        Object shared = new Object();
        set.add(shared);
        int threads = 4;
        int perThread = 200;
        CyclicBarrier start = new CyclicBarrier(threads);
        Map<Object, AtomicInteger> claims = new ConcurrentHashMap<>();
        claims.put(shared, new AtomicInteger());
        CountDownLatch done = new CountDownLatch(threads);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            boolean walker = t == 0;
            Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        Object own = new Object();
                        claims.put(own, new AtomicInteger());
                        set.add(own);
                        if (i == perThread / 2) {
                            if (walker) {
                                set.removeEach((e, c) -> c.get(e).incrementAndGet(), claims);
                            } else if (set.remove(shared)) {
                                claims.get(shared).incrementAndGet();
                            }
                        }
                        if (set.remove(own)) {
                            claims.get(own).incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        assertThat(failures).isEmpty();
        assertThat(claims).hasSize(threads * perThread + 1);
        assertThat(claims.values()).allSatisfy(c -> assertThat(c).hasValue(1));
        assertThat(set).isEmpty();
    }
}
