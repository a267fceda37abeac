package io.foundation.beam.benchmarks.latency;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.MemoryStrategy;
import java.time.Duration;

/**
 * Work submission through an ecosystem, Foundation BEAM's side, set up as the head-to-head W6: {@link Ecosystem#submit}
 * on an ecosystem of {@value #WORKERS} workers, SELF_HEALING, ROUND_ROBIN, SHARED_HEAP, a work timeout of 30 s. Each
 * worker does {@link CpuWork} on the submitted {@code Long} (the intended time) and answers the result; the reply is
 * the future's completion, reported to the sink from the completing thread. Same shape as {@link PekkoSubmit} (ask
 * to a pool router: a future completed by the routee's answer).
 */
final class BeamSubmit implements LatencyTarget {

    /** Workers, as in W6. */
    static final int WORKERS = 4;

    private final BeamRuntime runtime;
    private final Ecosystem ecosystem;

    /** @param stall a worker's optional one-off pause (a check of the harness) */
    BeamSubmit(Stall stall) {
        runtime = BeamRuntime.builder().name("latency-submit").build();
        ecosystem = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("latency-submit")
                .workers(WORKERS, () -> (message, context) -> {
                    long intended = (Long) message;
                    stall.check(intended);
                    return CpuWork.run(intended);
                })
                .faultTolerance(FaultTolerance.SELF_HEALING).dispatch(DispatchStrategy.ROUND_ROBIN)
                .memoryStrategy(MemoryStrategy.SHARED_HEAP).workTimeout(Duration.ofSeconds(30)).build());
    }

    @Override
    public void send(long intendedNanos, ReplySink sink) {
        ecosystem.submit(Long.valueOf(intendedNanos)).whenComplete(sink.onCompletion(intendedNanos));
    }

    @Override
    public void close() {
        ecosystem.shutdown(Duration.ofSeconds(10));
        runtime.close();
    }
}
