package io.foundation.beam.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.port.PortMessage.PortData;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.ChildInfo;
import io.foundation.beam.supervision.ChildSpec;
import io.foundation.beam.supervision.RestartBackoff;
import io.foundation.beam.supervision.RestartStrategy;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A port as a supervised child: a crashing program is restarted, with backoff; stopping the child ends it. */
class SupervisedPortTest extends RuntimeTestSupport {

    @Test
    void aCrashingProgramIsRestartedWithBackoff() throws Exception {
        Inbox inbox = new Inbox(runtime);
        PortSpec spec = PortSpec.of("sh", "-c", "echo $$; read line; exit 1").withReceiver(inbox.process)
                .withKillGracePeriod(Duration.ofMillis(500));
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withIntensity(5, Duration.ofSeconds(30))
                .withChild(ChildSpec.port("worker-program", spec)
                        .withBackoff(new RestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0.0))));
        PortData first = inbox.next(PortData.class);
        long firstPid = Long.parseLong(first.line());
        ProcessRef firstPort = first.port();
        assertThat(sup.children()).singleElement().satisfies(c -> assertThat(c.process()).contains(firstPort));

        long crashedAt = System.nanoTime();
        firstPort.send("crash now");
        PortData second = inbox.next(PortData.class);
        Duration restartedAfter = Duration.ofNanos(System.nanoTime() - crashedAt);
        assertThat(second.port()).isNotEqualTo(firstPort);
        assertThat(Long.parseLong(second.line())).isNotEqualTo(firstPid);
        assertThat(restartedAfter).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        ChildInfo child = sup.children().get(0);
        assertThat(child.restarts()).isEqualTo(1);
        assertThat(child.process()).contains(second.port());
        assertThat(Inbox.gone(firstPid)).isTrue();

        long secondPid = Long.parseLong(second.line());
        sup.terminateChild("worker-program");
        await().atMost(Duration.ofSeconds(5)).until(() -> Inbox.gone(secondPid));
        sup.stop(Duration.ofSeconds(5));
    }

    @Test
    void aSupervisedPortNeedsAReceiver() {
        assertThatThrownBy(() -> ChildSpec.port("p", PortSpec.of("cat")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("withReceiver");
    }
}
