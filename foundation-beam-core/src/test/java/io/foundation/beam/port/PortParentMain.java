package io.foundation.beam.port;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;

/**
 * The parent JVM of {@link ParentJvmKilledTest}: opens a port running {@code sleep 1000} (under the pid it prints),
 * prints {@code PROGRAM <pid>}, then waits until its stdin closes (the test kills it before).
 */
public final class PortParentMain {

    private PortParentMain() {
    }

    /**
     * @param args unused
     * @throws Exception if the port cannot be opened
     */
    public static void main(String[] args) throws Exception {
        BeamRuntime runtime = BeamRuntime.create();
        ProcessRef printer = runtime.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof PortMessage.PortData data) {
                    System.out.println("PROGRAM " + data.line());
                    System.out.flush();
                }
            }
        });
        runtime.openPort(PortSpec.of("sh", "-c", "echo $$; exec sleep 1000").withReceiver(printer)
                .withKillGracePeriod(Duration.ofMillis(500)));
        while (System.in.read() != -1) {
            // wait for the test to kill this JVM (or to close stdin)
        }
        runtime.close();
    }
}
