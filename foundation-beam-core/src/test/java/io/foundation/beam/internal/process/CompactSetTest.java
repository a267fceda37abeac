package io.foundation.beam.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Queue;
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
        assertThat(set.removeSingle()).as("many: walk instead").isNull();
        CompactSet<String> one = new CompactSet<>();
        assertThat(one.removeSingle()).isNull();
        one.add("x");
        assertThat(one.removeSingle()).isEqualTo("x");
        assertThat(one).isEmpty();
        assertThat(new CompactSet<String>(8).isMany()).isTrue();
        assertThat(new CompactSet<String>(1).isMany()).isFalse();
    }

    /**
     * Threads add their own entries and remove them, while others race to remove one shared entry added once: that
     * entry is removed by exactly one thread (the cell claims a dying process's links and watchers by removal), and
     * every thread's own entries are all found and removed once.
     */
    @RepeatedTest(50)
    void aRemovalHasOneWinnerWhileEntriesComeAndGo() throws Exception {
        CompactSet<Object> set = new CompactSet<>();
        Object shared = new Object();
        set.add(shared);
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger sharedRemovals = new AtomicInteger();
        AtomicInteger ownRemovals = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        Object own = new Object();
                        set.add(own);
                        if (i == 100 && set.remove(shared)) {
                            sharedRemovals.incrementAndGet();
                        }
                        if (set.remove(own)) {
                            ownRemovals.incrementAndGet();
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
        assertThat(sharedRemovals).hasValue(1);
        assertThat(ownRemovals).hasValue(threads * 200);
        assertThat(set).isEmpty();
    }
}
