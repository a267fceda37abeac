package io.foundation.beam.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.telemetry.BeamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Closing a runtime is not a crisis for its supervisors: every process gets the shutdown signal at once, so a
 * supervisor may see a child's exit before its own signal, but the runtime then refuses the restart, and the
 * supervisor ends with {@code shutdown} instead of retrying until its intensity is exceeded and reporting that it gave
 * up.
 */
class SupervisorRuntimeCloseTest {

    @RepeatedTest(5)
    void closingTheRuntimeReportsNoGiveUp() {
        List<BeamEvent> gaveUp = new CopyOnWriteArrayList<>();
        BeamRuntime runtime = BeamRuntime.builder().name("closing").listener(event -> {
            if (event instanceof BeamEvent.SupervisorGaveUp) {
                gaveUp.add(event);
            }
        }).build();
        ProcessHandler idle = (message, context) -> null;
        List<ChildSpec> children = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            children.add(ChildSpec.worker("w" + i, () -> idle));
        }
        for (int s = 0; s < 5; s++) {
            Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withChildren(children));
            DynamicSupervisor dynamic = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.defaults());
            for (int i = 0; i < 40; i++) {
                dynamic.startChild(ChildSpec.worker("d" + i, () -> idle));
            }
        }
        runtime.close();
        assertThat(gaveUp).isEmpty();
    }
}
