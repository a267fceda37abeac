package io.foundation.beam.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.port.PortMessage.PortData;
import io.foundation.beam.port.PortMessage.PortExited;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A slow receiver with a small bounded mailbox: the port holds the program back instead of losing output. */
class PortBackpressureTest extends RuntimeTestSupport {

    @Test
    void aFullReceiverMailboxBlocksTheReaderAndLosesNoLine() throws Exception {
        int lines = 3000;
        CompletableFuture<List<Object>> got = new CompletableFuture<>();
        ProcessRef receiver = runtime.spawn(ctx -> {
            List<Object> all = new ArrayList<>();
            while (true) {
                Object m = ctx.receive();
                all.add(m);
                if (m instanceof PortExited) {
                    got.complete(all);
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // a slow receiver: simulated work
            }
        }, SpawnOptions.defaults().withMailbox(MailboxSpec.bounded(4, OverflowPolicy.REJECT)));
        ProcessRef port = runtime.openPort(PortSpec.of("seq", "1", Integer.toString(lines)).withReceiver(receiver));

        List<Object> all = got.get(60, TimeUnit.SECONDS);
        assertThat(all).hasSize(lines + 1);
        for (int i = 0; i < lines; i++) {
            assertThat(all.get(i)).isEqualTo(new PortData(port, Integer.toString(i + 1)));
        }
        assertThat(all.get(lines)).isEqualTo(new PortExited(port, 0));
        assertThat(runtime.exitFuture(port).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        assertThat(runtime.info(receiver)).isEmpty();
        assertThat(events(io.foundation.beam.telemetry.BeamEvent.MessageRejected.class)).isNotEmpty();
    }
}
