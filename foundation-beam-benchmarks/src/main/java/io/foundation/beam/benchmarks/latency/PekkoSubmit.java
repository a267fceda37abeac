package io.foundation.beam.benchmarks.latency;

import io.foundation.beam.benchmarks.compare.PekkoSupport;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;

/**
 * Work submission, Apache Pekko's side, set up as the head-to-head W6: the ask pattern (30 s timeout) to a pool
 * router (round robin) of {@value BeamSubmit#WORKERS} routees, each under
 * {@code Behaviors.supervise(...).onFailure(SupervisorStrategy.restart())}. Each routee does {@link CpuWork} and
 * answers the result; the reply is the ask's completion, reported to the sink from the completing thread.
 */
final class PekkoSubmit implements LatencyTarget {

    /**
     * Work for a routee.
     *
     * @param intendedNanos the request's intended time (also the work's seed)
     * @param replyTo the ask's temporary ref
     */
    record Work(long intendedNanos, ActorRef<Long> replyTo) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final PekkoSupport pekko;
    private final ActorRef<Work> router;
    private final ActorSystem<?> system;

    /** @param stall a routee's optional one-off pause (a check of the harness) */
    PekkoSubmit(Stall stall) {
        pekko = new PekkoSupport("latency-submit");
        Behavior<Work> worker = Behaviors.supervise(Behaviors.<Work>receiveMessage(work -> {
            stall.check(work.intendedNanos());
            work.replyTo().tell(CpuWork.run(work.intendedNanos()));
            return Behaviors.same();
        })).onFailure(SupervisorStrategy.restart());
        router = pekko.spawn(Routers.pool(BeamSubmit.WORKERS, worker), "workers");
        system = pekko.system();
    }

    @Override
    public void send(long intendedNanos, ReplySink sink) {
        AskPattern.<Work, Long>ask(router, replyTo -> new Work(intendedNanos, replyTo), TIMEOUT, system.scheduler())
                .whenComplete(sink.onCompletion(intendedNanos));
    }

    @Override
    public void close() {
        pekko.close();
    }
}
