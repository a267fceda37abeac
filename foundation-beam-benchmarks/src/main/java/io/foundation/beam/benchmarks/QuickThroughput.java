package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A quick, non-JMH throughput probe used while tuning (JMH numbers in docs/benchmarks.md come from the JMH classes):
 * 1->1, fan-in 1000->1 and ping-pong, each for a few rounds, printing messages per second per round.
 */
public final class QuickThroughput {

    private QuickThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        try (BeamRuntime runtime = BeamRuntime.builder().name("quick").build()) {
            for (int r = 0; r < rounds; r++) {
                System.out.printf("1->1 %.1f M/s   fan-in %.1f M/s   ping-pong %.2f M rt/s%n", oneToOne(runtime) / 1e6,
                        fanIn(runtime) / 1e6, pingPong(runtime) / 1e6);
            }
        }
    }

    static double oneToOne(BeamRuntime runtime) throws Exception {
        int n = 5_000_000;
        CountDownLatch done = new CountDownLatch(1);
        long[] count = {0};
        ProcessRef consumer = runtime.spawn((m, c) -> {
            if (++count[0] == n) {
                done.countDown();
            }
            return null;
        });
        long t0 = System.nanoTime();
        runtime.spawn(ctx -> {
            for (int i = 0; i < n; i++) {
                consumer.send(Integer.valueOf(i));
            }
        });
        done.await();
        long t = System.nanoTime() - t0;
        runtime.kill(consumer);
        return n * 1e9 / t;
    }

    static double fanIn(BeamRuntime runtime) throws Exception {
        int producers = 1000;
        int per = 5_000;
        int n = producers * per;
        CountDownLatch done = new CountDownLatch(1);
        long[] count = {0};
        ProcessRef consumer = runtime.spawn((m, c) -> {
            if (++count[0] == n) {
                done.countDown();
            }
            return null;
        });
        long t0 = System.nanoTime();
        for (int p = 0; p < producers; p++) {
            runtime.spawn(ctx -> {
                for (int i = 0; i < per; i++) {
                    consumer.send(Integer.valueOf(i));
                }
            });
        }
        done.await();
        long t = System.nanoTime() - t0;
        runtime.kill(consumer);
        return n * 1e9 / t;
    }

    static double pingPong(BeamRuntime runtime) throws Exception {
        int n = 1_000_000;
        CompletableFuture<Void> done = new CompletableFuture<>();
        ProcessRef[] pong = new ProcessRef[1];
        ProcessRef ping = runtime.spawn((m, c) -> {
            int i = (Integer) m;
            if (i == n) {
                done.complete(null);
            } else {
                pong[0].send(i + 1);
            }
            return null;
        });
        pong[0] = runtime.spawn((m, c) -> {
            ping.send(m);
            return null;
        });
        long t0 = System.nanoTime();
        pong[0].send(0);
        done.get();
        long t = System.nanoTime() - t0;
        runtime.kill(ping);
        runtime.kill(pong[0]);
        return n * 1e9 / t;
    }
}
