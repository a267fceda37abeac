package io.foundation.beam.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.messages.Binary;
import io.foundation.beam.port.PortMessage.PortBytes;
import io.foundation.beam.port.PortMessage.PortData;
import io.foundation.beam.port.PortMessage.PortExited;
import io.foundation.beam.port.PortMessage.PortStderr;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ports with real programs: echo, exit status, owner crash, kill, bounded stdin, framing errors. */
class PortTest extends RuntimeTestSupport {

    private static final Duration GONE_WITHIN = Duration.ofSeconds(5);
    /** A program that prints its pid, then is {@code sleep 1000} under the same pid. */
    private static final String[] SLEEPER = {"sh", "-c", "echo $$; exec sleep 1000"};

    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void endLeftovers() {
        pids.forEach(Inbox::cleanUp);
    }

    private long pidFrom(Inbox inbox) throws InterruptedException {
        long pid = Long.parseLong(inbox.next(PortData.class).line());
        pids.add(pid);
        return pid;
    }

    @Test
    void linesEchoThroughCatAndClosingStdinEndsItNormally() throws Exception {
        Inbox inbox = new Inbox(runtime);
        ProcessRef port = runtime.openPort(PortSpec.of("cat").withReceiver(inbox.process));
        CompletableFuture<ExitReason> exit = runtime.exitFuture(port);
        port.send("hello");
        port.send("grüße, 世界");
        port.send("");
        assertThat(inbox.next()).isEqualTo(new PortData(port, "hello"));
        assertThat(inbox.next()).isEqualTo(new PortData(port, "grüße, 世界"));
        assertThat(inbox.next()).isEqualTo(new PortData(port, ""));
        port.send(PortCommand.closeStdin());
        assertThat(inbox.next()).isEqualTo(new PortExited(port, 0));
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void lengthPrefixedFramesEchoThroughCat() throws Exception {
        Inbox inbox = new Inbox(runtime);
        ProcessRef port = runtime.openPort(PortSpec.of("cat").withLengthPrefixedFraming(1 << 20)
                .withReceiver(inbox.process));
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        port.send(new byte[] {1, 2, 3});
        port.send("text");
        port.send(Binary.copyOf(big));
        port.send(new byte[0]);
        assertThat(inbox.next(PortBytes.class).frame().toByteArray()).containsExactly(1, 2, 3);
        assertThat(inbox.next(PortBytes.class).frame().toByteArray()).isEqualTo("text".getBytes());
        assertThat(inbox.next(PortBytes.class).frame().toByteArray()).isEqualTo(big);
        assertThat(inbox.next(PortBytes.class).frame().size()).isZero();
        port.send(PortCommand.closeStdin());
        assertThat(inbox.next()).isEqualTo(new PortExited(port, 0));
    }

    @Test
    void aNonZeroExitStatusIsAnAbnormalExitForLinksAndMonitors() throws Exception {
        CompletableFuture<ProcessRef> opened = new CompletableFuture<>();
        List<Object> ownerGot = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Signal.Exit> exitSignal = new CompletableFuture<>();
        ProcessRef owner = runtime.spawn(ctx -> {
            ctx.trapExits(true);
            opened.complete(ctx.openPort(PortSpec.of("sh", "-c", "echo bad input >&2; exit 3")));
            while (true) {
                Object m = ctx.receive();
                ownerGot.add(m);
                if (m instanceof Signal.Exit x) {
                    if (x.reason() instanceof ExitReason.Shutdown) {
                        return; // the runtime closes
                    }
                    exitSignal.complete(x);
                }
            }
        });
        ProcessRef port = opened.get(10, TimeUnit.SECONDS);
        Inbox monitor = new Inbox(runtime);
        CompletableFuture<ExitReason> reason = runtime.exitFuture(port);
        ExitReason expected = ExitReason.custom(new PortExitStatus("sh", 3, List.of("bad input")));
        assertThat(reason.get(10, TimeUnit.SECONDS)).isEqualTo(expected);
        assertThat(expected.isAbnormal()).isTrue();
        assertThat(exitSignal.get(10, TimeUnit.SECONDS)).isEqualTo(new Signal.Exit(port, expected));
        await().atMost(Duration.ofSeconds(10)).until(() -> ownerGot.contains(new PortExited(port, 3)));
        assertThat(owner.isAlive()).isTrue();
        runtime.spawn(ctx -> {
            ctx.monitor(port);
            monitor.messages.add(ctx.receive());
        });
        assertThat(monitor.next()).isInstanceOfSatisfying(Signal.Down.class,
                d -> assertThat(d.reason()).isEqualTo(ExitReason.NOPROC));
        assertThat(port.exitReason()).contains(expected);
    }

    @Test
    void aMonitorOfARunningPortSeesTheExitStatus() throws Exception {
        Inbox inbox = new Inbox(runtime);
        ProcessRef port = runtime.openPort(PortSpec.of("sh", "-c", "read x; exit 3").withReceiver(inbox.process));
        Inbox watcher = new Inbox(runtime);
        CompletableFuture<Void> monitoring = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            ctx.monitor(port);
            monitoring.complete(null);
            watcher.messages.add(ctx.receive());
        });
        monitoring.get(10, TimeUnit.SECONDS);
        port.send("go");
        assertThat(watcher.next()).isInstanceOfSatisfying(Signal.Down.class, d -> assertThat(d.reason())
                .isEqualTo(ExitReason.custom(new PortExitStatus("sh", 3, List.of()))));
        assertThat(inbox.next()).isEqualTo(new PortExited(port, 3));
    }

    @Test
    void theOwnersCrashEndsTheProgram() throws Exception {
        Inbox fromOwner = new Inbox(runtime);
        ProcessRef owner = runtime.spawn(ctx -> {
            ctx.openPort(PortSpec.of(SLEEPER[0], SLEEPER[1], SLEEPER[2]));
            while (true) {
                Object m = ctx.receive();
                if ("crash".equals(m)) {
                    throw new IllegalStateException("owner crashed on purpose");
                }
                fromOwner.messages.add(m);
            }
        });
        long pid = pidFrom(fromOwner);
        assertThat(Inbox.gone(pid)).isFalse();
        owner.send("crash");
        await().atMost(GONE_WITHIN).until(() -> Inbox.gone(pid));
    }

    @Test
    void theReceiversNormalEndClosesThePort() throws Exception {
        Inbox inbox = new Inbox(runtime);
        CompletableFuture<ProcessRef> opened = new CompletableFuture<>();
        ProcessRef owner = runtime.spawn(ctx -> {
            ProcessRef port = ctx.openPort(PortSpec.of(SLEEPER[0], SLEEPER[1], SLEEPER[2]));
            opened.complete(port);
            inbox.messages.add(ctx.receive(PortData.class));
            ctx.receive(String.class);
        });
        ProcessRef port = opened.get(10, TimeUnit.SECONDS);
        long pid = pidFrom(inbox);
        owner.send("stop");
        assertThat(runtime.exitFuture(port).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        await().atMost(GONE_WITHIN).until(() -> Inbox.gone(pid));
    }

    @Test
    void aKillEndsAProgramThatIgnoresSigtermAndItsDescendants() throws Exception {
        Inbox inbox = new Inbox(runtime);
        ProcessRef port = runtime.openPort(PortSpec.of("sh", "-c", "trap '' TERM; echo $$; while :; do sleep 1; done")
                .withKillGracePeriod(Duration.ofMillis(500)).withReceiver(inbox.process));
        long pid = pidFrom(inbox);
        List<Long> descendants = new ArrayList<>();
        await().atMost(GONE_WITHIN).until(() -> ProcessHandle.of(pid).orElseThrow().descendants()
                .anyMatch(p -> p.info().command().orElse("").endsWith("sleep")));
        ProcessHandle.of(pid).orElseThrow().descendants().forEach(p -> descendants.add(p.pid()));
        pids.addAll(descendants);
        runtime.kill(port);
        assertThat(runtime.exitFuture(port).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.KILLED);
        await().atMost(GONE_WITHIN).until(() -> Inbox.gone(pid) && descendants.stream().allMatch(Inbox::gone));
    }

    @Test
    void closingTheRuntimeEndsThePrograms() throws Exception {
        Inbox inbox = new Inbox(runtime);
        runtime.openPort(PortSpec.of(SLEEPER[0], SLEEPER[1], SLEEPER[2]).withReceiver(inbox.process));
        long pid = pidFrom(inbox);
        runtime.close();
        await().atMost(GONE_WITHIN).until(() -> Inbox.gone(pid));
    }

    @Test
    void aBoundedStdinBufferWithRejectRefusesWhenTheProgramDoesNotRead() throws Exception {
        Inbox inbox = new Inbox(runtime);
        ProcessRef port = runtime.openPort(PortSpec.of(SLEEPER[0], SLEEPER[1], SLEEPER[2])
                .withStdinBuffer(MailboxSpec.bounded(2, OverflowPolicy.REJECT)).withReceiver(inbox.process));
        long pid = pidFrom(inbox);
        port.send(new byte[1 << 20]); // far more than a pipe holds: the port's write blocks, sleep never reads
        await().atMost(Duration.ofSeconds(10)).until(() -> port.trySend("more") == SendResult.MAILBOX_FULL);
        assertThat(runtime.info(port).orElseThrow().messagesRejected()).isPositive();
        runtime.kill(port);
        await().atMost(GONE_WITHIN).until(() -> Inbox.gone(pid));
    }

    @Test
    void aLineOverTheMaximumEndsThePortWithAFramingError() throws Exception {
        Inbox inbox = new Inbox(runtime);
        ProcessRef port = runtime.openPort(PortSpec.of("sh", "-c", "echo short; printf '%0300d\\n' 7; sleep 1000")
                .withLineFraming(100).withReceiver(inbox.process));
        assertThat(inbox.next()).isEqualTo(new PortData(port, "short"));
        assertThat(runtime.exitFuture(port).get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(
                ExitReason.Crashed.class, c -> assertThat(c.cause()).isInstanceOf(PortFramingException.class)
                        .hasMessageContaining("longer than 100 bytes"));
    }

    @Test
    void stderrLinesAreForwardedWhenAsked() throws Exception {
        Inbox inbox = new Inbox(runtime);
        ProcessRef port = runtime.openPort(PortSpec.of("sh", "-c", "echo out; echo err >&2")
                .withStderr(StderrHandling.FORWARD).withReceiver(inbox.process));
        assertThat(inbox.next(PortStderr.class)).isEqualTo(new PortStderr(port, "err"));
        assertThat(runtime.exitFuture(port).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void openingFailsClearly() {
        assertThatThrownBy(() -> runtime.openPort(PortSpec.of("cat")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no receiver")
                .hasMessageContaining("withReceiver");
        Inbox inbox = new Inbox(runtime);
        assertThatThrownBy(() -> runtime.openPort(PortSpec.of("no-such-program-xyz").withReceiver(inbox.process)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no-such-program-xyz'")
                .hasMessageContaining("PATH");
        assertThat(runtime.processCount()).isEqualTo(1);
    }

    @Test
    void dataOfAnotherTypeCrashesThePortNamingIt() throws Exception {
        Inbox inbox = new Inbox(runtime);
        ProcessRef port = runtime.openPort(PortSpec.of("cat").withReceiver(inbox.process));
        port.send(42);
        assertThat(runtime.exitFuture(port).get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(
                ExitReason.Crashed.class, c -> assertThat(c.cause()).hasMessageContaining("accepts String, byte[]")
                        .hasMessageContaining("java.lang.Integer"));
    }
}
