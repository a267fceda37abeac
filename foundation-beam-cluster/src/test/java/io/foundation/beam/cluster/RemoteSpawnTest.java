package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.RemoteSpawnException.Failure;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import io.foundation.beam.process.SpawnOptions;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Remote spawn of registered behaviours between two nodes joined in this JVM. */
class RemoteSpawnTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static LocalNodes cluster;
    private static BeamCluster a;
    private static BeamRuntime runtimeA;
    private static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);

    @BeforeAll
    static void twoNodes() {
        cluster = new LocalNodes(2);
        a = cluster.start(0, "a");
        runtimeA = cluster.runtime("a");
        BeamCluster b = cluster.start(1, "b");
        b.registerBehaviour("echo", argument -> (message, context) -> argument + String.valueOf(message));
        b.registerBehaviour("boom", argument -> {
            throw new IllegalStateException("bad argument " + argument);
        });
        b.registerBehaviour("init-fails", argument -> new ProcessHandler() {
            @Override
            public void init(ProcessContext context) {
                throw new IllegalArgumentException("cannot start");
            }

            @Override
            public Object handle(Object message, ProcessContext context) {
                return null;
            }
        });
        b.registerBehaviour("slow", argument -> {
            RELEASE_SLOW.await(30, TimeUnit.SECONDS);
            return (message, context) -> null;
        });
    }

    @AfterAll
    static void stop() {
        RELEASE_SLOW.countDown();
        cluster.close();
    }

    @Test
    void aRemoteSpawnReturnsAWorkingPidOfTheOtherNode() {
        ProcessRef echo = a.spawn("b", "echo", "pre-", TIMEOUT);

        assertThat(echo.toString()).startsWith("<b.");
        assertThat(runtimeA.call(echo, "x", TIMEOUT)).isEqualTo("pre-x");
    }

    @Test
    void anUnknownBehaviourIsNamedWithThoseRegistered() {
        RemoteSpawnException e = catchThrowableOfType(RemoteSpawnException.class,
                () -> a.spawn("b", "nope", null, TIMEOUT));

        assertThat(e.failure()).isEqualTo(Failure.UNKNOWN_BEHAVIOUR);
        assertThat(e.registeredBehaviours()).containsExactly("boom", "echo", "init-fails", "slow");
        assertThat(e).hasMessageContaining("'nope'").hasMessageContaining("node 'b'").hasMessageContaining("echo");
    }

    @Test
    void aNodeThatIsNotUpIsNoconnection() {
        RemoteSpawnException e = catchThrowableOfType(RemoteSpawnException.class,
                () -> a.spawn("ghost", "echo", null, TIMEOUT));

        assertThat(e.failure()).isEqualTo(Failure.NOCONNECTION);
        assertThat(e).hasMessageContaining("noconnection").hasMessageContaining("ghost");
    }

    @Test
    void aFactoryThatThrowsIsTheCause() {
        RemoteSpawnException e = catchThrowableOfType(RemoteSpawnException.class,
                () -> a.spawn("b", "boom", 42, TIMEOUT));

        assertThat(e.failure()).isEqualTo(Failure.FACTORY_FAILED);
        assertThat(e.getCause()).isInstanceOf(RemoteException.class);
        RemoteException cause = (RemoteException) e.getCause();
        assertThat(cause.originalClassName()).isEqualTo(IllegalStateException.class.getName());
        assertThat(cause.originalMessage()).isEqualTo("bad argument 42");
    }

    @Test
    void anInitThatThrowsIsReported() {
        RemoteSpawnException e = catchThrowableOfType(RemoteSpawnException.class,
                () -> a.spawn("b", "init-fails", null, TIMEOUT));

        assertThat(e.failure()).isEqualTo(Failure.INIT_FAILED);
        assertThat(e.getCause()).isInstanceOf(RemoteException.class).hasMessageContaining("cannot start");
    }

    @Test
    void noAnswerInTimeIsATimeout() {
        RemoteSpawnException e = catchThrowableOfType(RemoteSpawnException.class,
                () -> a.spawn("b", "slow", null, Duration.ofMillis(300)));

        assertThat(e.failure()).isEqualTo(Failure.TIMEOUT);
        RELEASE_SLOW.countDown();
    }

    @Test
    void anArgumentThatCannotCrossFailsHere() {
        assertThatThrownBy(() -> a.spawn("b", "echo", new Object(), TIMEOUT))
                .isInstanceOf(MessageNotTransferableException.class);
    }

    @Test
    void spawnLinkLinksTheNewProcessToTheCaller() throws InterruptedException {
        BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        ProcessRef caller = runtimeA.spawn((message, context) -> signals.add(message),
                SpawnOptions.defaults().withTrapExits(true));

        ProcessRef remote = a.spawnLink(caller, "b", "echo", "", TIMEOUT);
        runtimeA.exit(remote, ExitReason.shutdown("done"));

        Object signal = signals.poll(10, TimeUnit.SECONDS);
        assertThat(signal).isInstanceOf(Signal.Exit.class);
        assertThat(((Signal.Exit) signal).from().toString()).isEqualTo(remote.toString());
        assertThat(((Signal.Exit) signal).reason()).isEqualTo(ExitReason.shutdown("done"));
        runtimeA.kill(caller); // it traps exits: a runtime's shutdown would wait for it
    }
}
