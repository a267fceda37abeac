package io.foundation.beam.internal.process;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.ProcessStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.RepeatedTest;

/**
 * A handler process that runs out of work while the scheduler is busy keeps its thread parked for a while instead of
 * ending its activation ({@code ProcessCell.IDLE_PARK_NANOS}), so that its next sender unparks it onto the sender's
 * carrier rather than starting it behind every queued thread. The scheduler's queue and the park's length are
 * injected; the handler records the thread that handles each message.
 */
class IdleParkTest {

    /** Asks the handler for the thread it handles this message on. */
    record WhichThread(CompletableFuture<Thread> answer) {
    }

    private static final ProcessHandler RECORDER = (message, context) -> {
        ((WhichThread) message).answer().complete(Thread.currentThread());
        return null;
    };

    private static BeamRuntime runtime(long waitingForCarrier, Duration park) {
        BeamRuntime runtime = BeamRuntime.builder().name("idle-park").build();
        ProcessKernel kernel = (ProcessKernel) Kernel.of(runtime);
        kernel.carrierQueue = () -> waitingForCarrier;
        kernel.idleParkNanos = park.toNanos();
        return runtime;
    }

    private static ConditionFactory soon() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2));
    }

    private static Thread handle(ProcessRef process) throws Exception {
        WhichThread question = new WhichThread(new CompletableFuture<>());
        process.send(question);
        return question.answer().get(10, SECONDS);
    }

    /**
     * Spawns the recorder and gets it to the point where it has waited for work once (its first activation has no
     * such measure and ends as before), so that its next wait counts as "work came back soon".
     */
    private static ProcessCell recorderThatWaitedOnce(BeamRuntime runtime) throws Exception {
        ProcessCell cell = (ProcessCell) runtime.spawn(RECORDER);
        Thread first = handle(cell);
        soon().until(() -> cell.thread() == null && first.getState() == Thread.State.TERMINATED);
        return cell;
    }

    /** Sends the recorder its second message and waits until the activation that handled it has parked. */
    private static Thread parkedAfterItsNextMessage(ProcessCell cell) throws Exception {
        Thread thread = handle(cell);
        soon().until(() -> thread.getState() == Thread.State.WAITING && cell.thread() == thread);
        return thread;
    }

    @RepeatedTest(5)
    void outOfWorkWhileTheSchedulerIsBusyItParksAndTheNextMessageFindsItsThread() throws Exception {
        try (BeamRuntime runtime = runtime(ProcessCell.BUSY_QUEUE, Duration.ofSeconds(60))) {
            ProcessCell cell = recorderThatWaitedOnce(runtime);
            Thread second = parkedAfterItsNextMessage(cell);
            assertThat(cell.thread()).as("the activation is parked, not ended").isSameAs(second);
            assertThat(runtime.info(cell).orElseThrow().status()).isEqualTo(ProcessStatus.WAITING);
            assertThat(runtime.snapshot().activeThreads()).isEqualTo(1);
            assertThat(handle(cell)).as("unparked, not restarted").isSameAs(second);
            assertThat(handle(cell)).isSameAs(second);
        }
    }

    @RepeatedTest(5)
    void outOfWorkWhileFewThreadsWaitItEndsItsActivationAsBefore() throws Exception {
        try (BeamRuntime runtime = runtime(ProcessCell.BUSY_QUEUE - 1, Duration.ofSeconds(60))) {
            ProcessCell cell = recorderThatWaitedOnce(runtime);
            Thread second = handle(cell);
            soon().until(() -> cell.thread() == null && second.getState() == Thread.State.TERMINATED);
            assertThat(handle(cell)).isNotSameAs(second);
        }
    }

    @RepeatedTest(5)
    void aParkThatTimesOutEndsTheActivation() throws Exception {
        try (BeamRuntime runtime = runtime(ProcessCell.BUSY_QUEUE, Duration.ofMillis(500))) {
            ProcessCell cell = recorderThatWaitedOnce(runtime);
            Thread second = parkedAfterItsNextMessage(cell);
            soon().until(() -> cell.thread() == null && second.getState() == Thread.State.TERMINATED);
            assertThat(runtime.snapshot().activeThreads()).isZero();
            assertThat(cell.isAlive()).isTrue();
            assertThat(handle(cell)).as("started afresh").isNotSameAs(second);
        }
    }

    @RepeatedTest(5)
    void aParkedHandlerIsKilledAtOnceAndItsThreadEnds() throws Exception {
        try (BeamRuntime runtime = runtime(ProcessCell.BUSY_QUEUE, Duration.ofSeconds(60))) {
            ProcessCell cell = recorderThatWaitedOnce(runtime);
            Thread second = parkedAfterItsNextMessage(cell);
            runtime.kill(cell);
            soon().until(() -> !cell.isAlive() && second.getState() == Thread.State.TERMINATED);
            assertThat(runtime.snapshot().processCount()).isZero();
        }
    }

    /**
     * The timer {@link IdleParks} arms its backstop on, doing once what a contended lock in {@code schedule} can do:
     * while the parking process registers, another thread sends it a message, whose unpark leaves the process's thread
     * a permit; the registering thread then uses that permit up, as a lock acquisition that blocked would have.
     */
    private static final class PermitTakingTimer extends ScheduledThreadPoolExecutor {
        /** The send to make during the next {@code schedule}, or null. */
        final AtomicReference<Runnable> sendDuringNextSchedule = new AtomicReference<>();

        PermitTakingTimer() {
            super(1);
            setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() does not wait for the backstop
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            Runnable send = sendDuringNextSchedule.getAndSet(null);
            if (send != null) {
                try {
                    Thread.ofPlatform().start(send).join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                LockSupport.parkNanos(1L); // returns at once, taking the permit the sender's unpark left
            }
            return super.schedule(command, delay, unit);
        }
    }

    /**
     * A registration in {@link IdleParks} may block (arming the backstop takes the timer queue's lock) and so use up
     * the permit of a sender's unpark that came meanwhile: the process must still find the message, since it checks its
     * mailbox again after registering, before it parks. Without that check it parked for good here, the backstop being
     * four minutes away.
     */
    @RepeatedTest(5)
    void aSendersUnparkUsedUpWhileItRegistersDoesNotStrandTheMessage() throws Exception {
        try (BeamRuntime runtime = runtime(ProcessCell.BUSY_QUEUE, Duration.ofSeconds(60));
                PermitTakingTimer timer = new PermitTakingTimer()) {
            ProcessKernel kernel = (ProcessKernel) Kernel.of(runtime);
            kernel.idleParks = new IdleParks(timer, () -> kernel.idleParkNanos);
            ProcessCell cell = recorderThatWaitedOnce(runtime);
            WhichThread question = new WhichThread(new CompletableFuture<>());
            timer.sendDuringNextSchedule.set(() -> cell.send(question));
            Thread second = parkedAfterItsNextMessage(cell);
            assertThat(timer.sendDuringNextSchedule.get()).as("the send was made during the registration").isNull();
            assertThat(question.answer().get(10, SECONDS)).as("handled by the parked thread").isSameAs(second);
        }
    }

    @RepeatedTest(5)
    void aMessageSentWhileItParksIsNotLost() throws Exception {
        try (BeamRuntime runtime = runtime(ProcessCell.BUSY_QUEUE, Duration.ofSeconds(60))) {
            ProcessCell cell = recorderThatWaitedOnce(runtime);
            // Many messages, each sent as soon as the last was answered: some reach it while it is going to park.
            for (int i = 0; i < 2_000; i++) {
                handle(cell);
            }
            assertThat(cell.isAlive()).isTrue();
        }
    }
}
