package io.foundation.beam.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The observer's payload does not grow with the processes: with 100 000 idle processes in the runtime a sample is
 * as small as without them (its top lists hold {@code top} processes each, its tree the ecosystems'), under 32 KiB
 * for this application. The sample's own scan time is printed; the sampler's cost is measured by
 * {@code ProcessTopBenchmark} (docs/benchmarks.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=observer",
        "foundation.beam.observer.interval=200ms" })
class ObserverPayloadTests {

    static final int IDLE = 100_000;
    static final int BOUND = 32 * 1024;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrdersWorker.class)
    static class App {
    }

    @Worker(ecosystem = "orders", workers = 4)
    static class OrdersWorker {
        @HandleMessage
        String place(String order) {
            return "placed " + order;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    BeamRuntime runtime;

    @Test
    void aSampleStaysSmallWithAHundredThousandIdleProcesses() throws Exception {
        ProcessHandler idle = (message, context) -> null;
        List<ProcessRef> processes = new ArrayList<>(IDLE);
        try {
            spawn(idle, processes, 100); // enough to fill every list: from here on only the pids' length can change
            int withHundred = sampleWith(100).getBytes(StandardCharsets.UTF_8).length;
            spawn(idle, processes, IDLE - 100);
            String body = sampleWith(IDLE);
            int withAll = body.getBytes(StandardCharsets.UTF_8).length;
            JsonNode sample = ObserverEndpointTests.JSON.readTree(body);
            System.out.printf("observer sample: %d bytes with %d processes (%d bytes with 100 idle ones), scan %d us%n",
                    withAll, sample.get("runtime").get("processes").asInt(), withHundred,
                    sample.get("runtime").get("scanMicros").asLong());
            assertThat(sample.get("top").get("byMemory")).hasSize(20);
            assertThat(withAll).isLessThan(BOUND);
            assertThat(withAll - withHundred).as("growth from 100 to 100 000 idle processes").isLessThan(1024);
        } finally {
            processes.forEach(runtime::kill);
        }
    }

    private void spawn(ProcessHandler idle, List<ProcessRef> processes, int count) {
        for (int i = 0; i < count; i++) {
            processes.add(runtime.spawn(idle));
        }
    }

    /** A fresh sample that has seen at least {@code idle} more processes than the application's own. */
    private String sampleWith(int idle) {
        String[] body = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            body[0] = LocalHttp.get(port, "/actuator/observer/sample").body();
            return ObserverEndpointTests.JSON.readTree(body[0]).get("runtime").get("processes").asInt() >= idle + 5;
        });
        return body[0];
    }
}
