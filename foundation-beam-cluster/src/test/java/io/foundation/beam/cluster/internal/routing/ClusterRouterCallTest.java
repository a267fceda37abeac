package io.foundation.beam.cluster.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.MessageNotTransferableException;
import io.foundation.beam.cluster.RemoteException;
import io.foundation.beam.process.CallFailedException;
import io.foundation.beam.process.CallRequest;
import io.foundation.beam.process.CallTimeoutException;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessExitedException;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls across nodes fail with the exception a local call would throw: the reply, a timeout, the callee's end during
 * the call, no such process, the callee's own failure; and what cannot cross fails clearly.
 */
class ClusterRouterCallTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestCluster cluster;
    private BeamRuntime a;
    private BeamRuntime b;

    @BeforeEach
    void nodes() {
        cluster = new TestCluster("a", "b");
        a = cluster.runtime("a");
        b = cluster.runtime("b");
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private ProcessRef onA(ProcessRef onB) {
        return cluster.pid("a", "b", onB);
    }

    /** A process on b that takes one call and does {@code with} it. */
    private ProcessRef callee(java.util.function.Consumer<CallRequest> with) {
        return b.spawn(ctx -> with.accept((CallRequest) ctx.receive(m -> m instanceof CallRequest, WAIT)
                .orElseThrow()));
    }

    private static Throwable failure(CompletableFuture<Object> call) {
        try {
            call.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the call succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCallFromAProcessReachesTheRemoteCalleeWhichSeesTheCallerAsARemotePid() throws Exception {
        ProcessRef doubler = b.spawn((message, ctx) -> (Integer) message * 2);
        ProcessRef remote = onA(doubler);
        CompletableFuture<Object> answer = new CompletableFuture<>();
        CompletableFuture<ProcessRef> callerSeen = new CompletableFuture<>();
        ProcessRef whoAsks = callee(r -> {
            callerSeen.complete(r.caller().orElseThrow());
            r.reply(List.of("you are", r.caller().orElseThrow()));
        });
        ProcessRef caller = a.spawn(ctx -> {
            answer.complete(List.of(ctx.call(remote, 21), ctx.call(onA(whoAsks), "who")));
        });
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(List.of(42, List.of("you are", caller)));
        assertThat(callerSeen.get()).isEqualTo(cluster.pid("b", "a", caller)).isInstanceOf(RemotePid.class);
        assertThat(a.call(remote, 5)).isEqualTo(10);
        assertThat(a.callAsync(remote, 6, WAIT).get(10, TimeUnit.SECONDS)).isEqualTo(12);
    }

    @Test
    void aCalleeThatDoesNotAnswerInTimeFailsTheCallWithCallTimeoutException() {
        ProcessRef silent = b.spawn(ctx -> ctx.receive(m -> false, WAIT));
        assertThatThrownBy(() -> a.call(onA(silent), "anyone?", Duration.ofMillis(200)))
                .isInstanceOf(CallTimeoutException.class).hasMessageContaining(onA(silent).toString());
        assertThat(failure(a.callAsync(onA(silent), "anyone?", Duration.ofMillis(200))))
                .isInstanceOf(CallTimeoutException.class);
    }

    @Test
    void aCalleeThatEndsDuringTheCallFailsItWithItsReason() {
        ProcessRef crasher = callee(r -> {
            throw new IllegalStateException("crashed during the call");
        });
        assertThatThrownBy(() -> a.call(onA(crasher), "go", WAIT))
                .isInstanceOfSatisfying(ProcessExitedException.class, e -> {
                    assertThat(e.process()).isEqualTo(onA(crasher));
                    assertThat(e.reason()).isInstanceOfSatisfying(ExitReason.Crashed.class,
                            c -> assertThat(c.cause()).isInstanceOfSatisfying(RemoteException.class, r -> {
                                assertThat(r.originalClassName()).isEqualTo(IllegalStateException.class.getName());
                                assertThat(r.originalMessage()).isEqualTo("crashed during the call");
                            }));
                });
        assertThatThrownBy(() -> a.call(onA(crasher), "again", WAIT)) // it has ended: its reason, as locally
                .isInstanceOf(ProcessExitedException.class);
    }

    @Test
    void aCallToAnUnknownProcessFailsWithNoSuchProcessException() {
        assertThatThrownBy(() -> a.call(cluster.router("a").pid("b", 424_242), "hello", WAIT))
                .isInstanceOf(NoSuchProcessException.class).hasMessageContaining("<b.424242>");
        assertThatThrownBy(() -> a.call(cluster.router("a").pid("a", 424_242), "hello", WAIT))
                .isInstanceOf(NoSuchProcessException.class);
    }

    @Test
    void aCalleeThatFailsTheCallGivesCallFailedExceptionWithItsCause() {
        ProcessRef refuser = callee(r -> r.fail(new IllegalArgumentException("no such order")));
        assertThatThrownBy(() -> a.call(onA(refuser), "order 7", WAIT))
                .isInstanceOf(CallFailedException.class).cause()
                .isInstanceOfSatisfying(RemoteException.class, r -> {
                    assertThat(r.originalClassName()).isEqualTo(IllegalArgumentException.class.getName());
                    assertThat(r.originalMessage()).isEqualTo("no such order");
                    assertThat(r).hasMessage("java.lang.IllegalArgumentException: no such order").hasNoCause();
                    assertThat(r.getStackTrace()).anySatisfy(
                            f -> assertThat(f.getClassName()).isEqualTo(ClusterRouterCallTest.class.getName()));
                });
    }

    @Test
    void aRequestThatCannotCrossThrowsAtTheCallerAndAReplyThatCannotCrossFailsTheCallClearly() {
        record Secret(String s) {
        }
        ProcessRef any = b.spawn((message, ctx) -> new Secret("reply"));
        assertThatThrownBy(() -> a.call(onA(any), new Secret("request"), WAIT))
                .isInstanceOf(MessageNotTransferableException.class);
        assertThatThrownBy(() -> a.call(onA(any), "a fine request", WAIT))
                .isInstanceOf(CallFailedException.class)
                .cause().isInstanceOfSatisfying(MessageNotTransferableException.class, e -> {
                    assertThat(e.className()).isEqualTo(Secret.class.getName());
                    assertThat(e).hasMessageContaining("the reply cannot cross to the caller's node");
                });
    }
}
