package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Submitting faster than the workers can process gives backpressure at once, never unbounded growth. */
class EcosystemBackpressureTest {

    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("backpressure").build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void submissionsBeyondMaxPendingWorkFailAtOnceAndCreditsComeBackAsWorkFinishes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("slow")
                .workers(1, () -> (message, ctx) -> {
                    release.await();
                    return "done " + message;
                })
                .maxPendingWork(5)
                .build());
        List<CompletableFuture<Object>> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepted.add(eco.submit(i));
        }
        CompletableFuture<Object> refused = eco.submit(99);
        assertThat(refused).isCompletedExceptionally();
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(EcosystemOverloadedException.class, e -> {
                    assertThat(e.ecosystem()).isEqualTo("slow");
                    assertThat(e).hasMessageContaining("5 unfinished").hasMessageContaining("maxPendingWork");
                });
        assertThat(accepted).noneMatch(CompletableFuture::isDone);
        release.countDown();
        for (int i = 0; i < 5; i++) {
            assertThat(accepted.get(i)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("done " + i);
        }
        assertThat(eco.submit(7)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("done 7");
    }

    @Test
    void aCallerThatWaitsForEachPieceOfWorkIsNeverRefusedEvenAtALimitOfOne() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("sequential")
                .workers(2, () -> (message, ctx) -> message)
                .maxPendingWork(1)
                .build());
        for (int i = 0; i < 5000; i++) {
            // The credit is back before the future completes, so the next submission always finds it.
            assertThat(eco.submit(i).join()).isEqualTo(i);
        }
    }

    @RepeatedTest(3)
    void aFloodOfSubmissionsIsAcceptedUpToTheLimitAndEveryFutureCompletes() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("flood")
                .workers(2, () -> (message, ctx) -> {
                    long until = System.nanoTime() + 5_000; // ~5 µs of work: far slower than submitting
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    return message;
                })
                .maxPendingWork(1000)
                .build());
        int submissions = 200_000;
        List<CompletableFuture<Object>> futures = new ArrayList<>(submissions);
        int refusedAtOnce = 0;
        for (int i = 0; i < submissions; i++) {
            CompletableFuture<Object> f = eco.submit(i);
            if (f.isCompletedExceptionally()) {
                refusedAtOnce++;
            }
            futures.add(f);
            // A worker removes its item from the in-flight table before it completes the future, which gives the
            // credit back: the table never holds more than the limit.
            assertThat(eco.info().workInFlight()).isLessThanOrEqualTo(1000);
        }
        CompletableFuture.allOf(futures.stream().map(f -> f.exceptionally(e -> e)).toArray(CompletableFuture[]::new))
                .orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
        long succeeded = futures.stream().filter(f -> !f.isCompletedExceptionally()).count();
        long overloaded = futures.stream().filter(CompletableFuture::isCompletedExceptionally)
                .filter(f -> f.handle((r, e) -> e != null && e.getCause() instanceof EcosystemOverloadedException
                        || e instanceof EcosystemOverloadedException).join())
                .count();
        assertThat(refusedAtOnce).isPositive();
        assertThat(succeeded + overloaded).as("every submission either ran or was refused with backpressure")
                .isEqualTo(submissions);
        await().until(() -> eco.info().workInFlight() == 0);
    }

    @Test
    void aFullCoordinatorMailboxRefusesWorkAtOnceInsteadOfAtTheWorkTimeout() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("jammed")
                .workers(1, () -> (message, ctx) -> message)
                .coordinator(() -> new Coordinator() {
                    @Override
                    public Object handle(Object message, CoordinatorContext context) throws Exception {
                        if ("hold".equals(message)) {
                            holding.countDown();
                            release.await();
                        }
                        return null;
                    }
                })
                .mailbox(MailboxSpec.bounded(4, OverflowPolicy.REJECT))
                .workTimeout(Duration.ofMinutes(5))
                .build());
        eco.send("hold");
        holding.await();
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(eco.submit(i));
        }
        assertThat(futures.subList(0, 4)).noneMatch(CompletableFuture::isDone);
        assertThat(futures.subList(4, 10)).allSatisfy(f -> assertThat(f).failsWithin(Duration.ZERO)
                .withThrowableThat().havingCause().isInstanceOf(EcosystemOverloadedException.class)
                .withMessageContaining("full mailbox"));
        release.countDown();
        for (int i = 0; i < 4; i++) {
            assertThat(futures.get(i)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(i);
        }
    }

    /** Completed work is not kept until its timeout: the payload is collectable once the caller drops it. */
    @Test
    void finishedWorkIsNotHeldByItsTimeout() throws Exception {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("released")
                .workers(2, () -> (message, ctx) -> "done").memoryStrategy(MemoryStrategy.SHARED_HEAP)
                .workTimeout(java.time.Duration.ofMinutes(10)).build());
        java.lang.ref.WeakReference<Object> payload = submitAndForget(eco);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return payload.get() == null;
        });
    }

    private static java.lang.ref.WeakReference<Object> submitAndForget(Ecosystem eco) throws Exception {
        Object work = new byte[1 << 20];
        assertThat(eco.submit(work).get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("done");
        return new java.lang.ref.WeakReference<>(work);
    }
}
