package io.foundation.beam.benchmarks.latency;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;

/**
 * Request-reply through a process, Foundation BEAM's side: a server handler process does {@link CpuWork} for each
 * request and sends the reply to a recording handler process, which reports it to the request's {@link ReplySink}.
 * The producer thread sends requests with {@link ProcessRef#send}. So a request's latency covers two hops through
 * the runtime (producer to server, server to recorder), the server's queueing and its work: the same message flow
 * as {@link PekkoRequestReply}. The runtime has the library defaults (virtual threads on as many carriers as cores,
 * unbounded mailboxes, 256 messages per activation), as in the head-to-head comparison.
 */
final class BeamRequestReply implements LatencyTarget {

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

    private final BeamRuntime runtime;
    private final ProcessRef server;

    /** @param stall the server's optional one-off pause (a check of the harness) */
    BeamRequestReply(Stall stall) {
        runtime = BeamRuntime.builder().name("latency-request-reply").build();
        ProcessRef recorder = runtime.spawn((message, context) -> {
            Reply reply = (Reply) message;
            reply.sink().replied(reply.intendedNanos());
            return null;
        });
        server = runtime.spawn((message, context) -> {
            Request request = (Request) message;
            stall.check(request.intendedNanos());
            recorder.send(new Reply(request.intendedNanos(), CpuWork.run(request.intendedNanos()), request.sink()));
            return null;
        });
    }

    @Override
    public void send(long intendedNanos, ReplySink sink) {
        server.send(new Request(intendedNanos, sink));
    }

    @Override
    public void close() {
        runtime.close();
    }
}
