package io.foundation.beam.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RunNext} through the public API: a handler process woken by a handler process runs on the waker's thread
 * when the waker is done; a waker that blocks after its send does not hold the woken process back; a call does not
 * wait for the sweeper.
 */
class RunNextTest {

    private final BeamRuntime runtime = BeamRuntime.create();

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    /** A ball: the thread that sent it, and the hops left. */
    record Ball(Thread sentFrom, int left, ProcessRef back) {
    }

    @Test
    void aWokenHandlerRunsOnItsWakersThread() throws Exception {
        int hops = 1000;
        AtomicInteger sameThread = new AtomicInteger();
        AtomicInteger counted = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        ProcessHandler player = (message, context) -> {
            Ball ball = (Ball) message;
            counted.incrementAndGet();
            if (ball.sentFrom() == Thread.currentThread()) {
                sameThread.incrementAndGet();
            }
            if (ball.left() == 0) {
                done.countDown();
            } else {
                ball.back().send(new Ball(Thread.currentThread(), ball.left() - 1, context.self()));
            }
            return null;
        };
        ProcessRef a = runtime.spawn(player);
        ProcessRef b = runtime.spawn(player);
        a.send(new Ball(null, hops, b));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(counted.get()).isEqualTo(hops + 1);
        // Every hop but the first (sent from the test thread) can run on the thread that sent it; the sweeper or a
        // slow carrier may start a few on threads of their own.
        assertThat(sameThread.get()).as("hops handled on the sender's thread").isGreaterThan(hops / 2);
    }

    @Test
    void aWakerThatBlocksAfterItsSendDoesNotHoldTheWokenProcessBack() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef receiver = runtime.spawn((message, context) -> {
            received.countDown();
            return null;
        });
        ProcessRef blocker = runtime.spawn((message, context) -> {
            receiver.send("wake up");
            release.await(); // blocks its thread after the send, for as long as the test holds it
            return null;
        });
        blocker.send("go");
        try {
            assertThat(received.await(5, TimeUnit.SECONDS)).as("received while its waker blocks").isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aCallFromAHandlerRunsTheCalleeOnAnotherThreadWhileTheCallerWaits() throws Exception {
        AtomicReference<Thread> calleeThread = new AtomicReference<>();
        ProcessRef callee = runtime.spawn((message, context) -> {
            calleeThread.set(Thread.currentThread());
            return "pong";
        });
        AtomicReference<Object> reply = new AtomicReference<>();
        AtomicReference<Thread> callerThread = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ProcessRef caller = runtime.spawn((message, context) -> {
            callerThread.set(Thread.currentThread());
            reply.set(context.call(callee, "ping", Duration.ofSeconds(5)));
            done.countDown();
            return null;
        });
        caller.send("go");
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(reply.get()).isEqualTo("pong");
        assertThat(calleeThread.get()).isNotSameAs(callerThread.get());
    }

    @Test
    void aProcessKilledWhileDeferredEndsAndItsWakerGoesOn() throws Exception {
        CountDownLatch deferred = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        ProcessRef victim = runtime.spawn((message, context) -> {
            handled.incrementAndGet();
            return null;
        });
        CountDownLatch wakerDone = new CountDownLatch(1);
        ProcessRef waker = runtime.spawn((message, context) -> {
            victim.send("first");
            deferred.countDown();
            release.await(); // meanwhile the victim is deferred (or started by the sweeper)
            wakerDone.countDown();
            return null;
        });
        waker.send("go");
        assertThat(deferred.await(5, TimeUnit.SECONDS)).isTrue();
        runtime.kill(victim);
        release.countDown();
        assertThat(wakerDone.await(5, TimeUnit.SECONDS)).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> runtime.info(victim).isEmpty());
        assertThat(runtime.info(waker)).isPresent();
        assertThat(handled.get()).isLessThanOrEqualTo(1);
    }
}
