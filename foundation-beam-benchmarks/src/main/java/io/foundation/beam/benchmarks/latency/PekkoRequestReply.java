package io.foundation.beam.benchmarks.latency;

import io.foundation.beam.benchmarks.compare.PekkoSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Request-reply through an actor, Apache Pekko's side: the same message flow as {@link BeamRequestReply}. A server
 * actor does {@link CpuWork} for each request and tells the reply to a recording actor, which reports it to the
 * request's {@link ReplySink}; the producer thread sends requests with {@link ActorRef#tell}. Pekko's defaults
 * (see {@link PekkoSupport}).
 */
final class PekkoRequestReply implements LatencyTarget {

    /**
     * A request.
     *
     * @param intendedNanos its intended send time
     * @param sink where its reply is reported
     */
    record Request(long intendedNanos, ReplySink sink) {
    }

    /**
     * A reply.
     *
     * @param intendedNanos the request's intended send time
     * @param result the work's result
     * @param sink where the reply is reported
     */
    record Reply(long intendedNanos, long result, ReplySink sink) {
    }

    private final PekkoSupport pekko;
    private final ActorRef<Request> server;

    /** @param stall the server's optional one-off pause (a check of the harness) */
    PekkoRequestReply(Stall stall) {
        pekko = new PekkoSupport("latency-request-reply");
        ActorRef<Reply> recorder = pekko.spawn(Behaviors.<Reply>receiveMessage(reply -> {
            reply.sink().replied(reply.intendedNanos());
            return Behaviors.same();
        }), "recorder");
        server = pekko.spawn(Behaviors.<Request>receiveMessage(request -> {
            stall.check(request.intendedNanos());
            recorder.tell(new Reply(request.intendedNanos(), CpuWork.run(request.intendedNanos()), request.sink()));
            return Behaviors.same();
        }), "server");
    }

    @Override
    public void send(long intendedNanos, ReplySink sink) {
        server.tell(new Request(intendedNanos, sink));
    }

    @Override
    public void close() {
        pekko.close();
    }
}
