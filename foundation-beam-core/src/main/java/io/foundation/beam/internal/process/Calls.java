package io.foundation.beam.internal.process;

import io.foundation.beam.internal.isolation.HeapIsolation;
import io.foundation.beam.mailbox.MailboxFullException;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.CallTimeoutException;
import io.foundation.beam.process.CallingSelfException;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request-reply calls to a process, synchronous ({@link #callFrom}) and asynchronous ({@link #callAsync}).
 *
 * <h2>Model</h2>
 * A call is a {@link CallEnvelope}: the message the callee receives and, at the same time, a {@link Watcher} of the
 * callee, so that the call fails at once with the callee's exit reason if it ends before replying (OTP's monitored
 * call). The first of the reply, the callee's failure, the callee's end and the timeout completes the call, and the
 * watcher is removed whichever it was (by the answer, the timeout, an interrupted wait or a full mailbox; by the
 * callee's end, which removes all its watchers), so that an abandoned call does not stay reachable from the callee.
 * A synchronous call waits on the caller's thread; an asynchronous one has its timeout on the runtime's timer
 * ({@link ProcessKernel#schedule}), cancelled (and removed from the timer's queue) when the call completes first.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread. A process may not call itself
 * ({@link CallingSelfException}): it would wait for its own reply.
 */
final class Calls {

    private final ProcessKernel kernel;

    Calls(ProcessKernel kernel) {
        this.kernel = kernel;
    }

    /**
     * @param caller the calling process, or null for a call from outside any process
     * @return the callee's reply
     */
    Object callFrom(ProcessCell caller, ProcessRef target, Object request, Duration timeout) {
        if (!kernel.isLocal(target)) {
            return callRemote(caller, target, request, timeout);
        }
        CallEnvelope call = startCall(caller, target, request, timeout);
        ProcessCell callee = kernel.cellOf(target);
        kernel.runNext.flushCurrent(); // a callee this caller's thread was to run next must run while it waits
        try {
            return call.future.get(Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            callee.removeWatcher(call);
            throw new CallTimeoutException(callee, timeout, request.getClass());
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            callee.removeWatcher(call);
            Thread.currentThread().interrupt();
            throw new CancellationException("call to " + callee + " interrupted while waiting for the reply");
        }
    }

    CompletableFuture<Object> callAsync(ProcessRef target, Object request, Duration timeout) {
        if (!kernel.isLocal(target)) {
            validate(request, timeout);
            return kernel.routerFor(target).call(null, target, request, timeout);
        }
        return callAsyncFrom(null, target, request, timeout);
    }

    /**
     * An asynchronous call to a process of this runtime on behalf of {@code caller}, which the callee sees as
     * {@code CallRequest.caller()}: a process on another node whose call a router carries here.
     *
     * @param caller the calling process, or null
     * @param target a process of this runtime
     */
    CompletableFuture<Object> callAsyncFrom(ProcessRef caller, ProcessRef target, Object request, Duration timeout) {
        CallEnvelope call = startCall(caller, target, request, timeout);
        ProcessCell callee = kernel.cellOf(target);
        CompletableFuture<Object> result = new CompletableFuture<>();
        var timeoutTask = kernel.schedule(() -> {
            if (result.completeExceptionally(new CallTimeoutException(callee, timeout, request.getClass()))) {
                callee.removeWatcher(call);
            }
        }, timeout);
        call.future.whenComplete((value, error) -> {
            timeoutTask.cancel(false);
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /**
     * A call to a process on another node: the router carries it and answers its future (with the reply, or the
     * exception a local call would throw); this waits for that answer, at most the call's timeout.
     */
    private Object callRemote(ProcessCell caller, ProcessRef target, Object request, Duration timeout) {
        validate(request, timeout);
        CompletableFuture<Object> reply = kernel.routerFor(target).call(caller, target, request, timeout);
        try {
            return reply.get(Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new CallTimeoutException(target, timeout, request.getClass());
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            reply.cancel(false);
            Thread.currentThread().interrupt();
            throw new CancellationException("call to " + target + " interrupted while waiting for the reply");
        }
    }

    private static void validate(Object request, Duration timeout) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("call timeout must not be negative, got " + timeout);
        }
    }

    /** Validates the call, then watches the callee and sends it the request; the returned call may be failed already. */
    private CallEnvelope startCall(ProcessRef caller, ProcessRef target, Object request, Duration timeout) {
        validate(request, timeout);
        ProcessCell callee = kernel.cellOf(target);
        if (callee.isOwnedByCurrentThread()) {
            throw new CallingSelfException(callee);
        }
        // A call crosses a process boundary like a message: an isolated callee gets an isolated request.
        Object payload = HeapIsolation.forReceiver(callee.isolatesMessages(), request);
        CallEnvelope call = new CallEnvelope(payload, callee, caller);
        callee.addWatcher(call); // fails the call at once if the callee has ended
        if (!call.future.isDone()) {
            SendResult sent = callee.trySend(call);
            if (sent == SendResult.MAILBOX_FULL || sent == SendResult.DROPPED_NEWEST) {
                callee.removeWatcher(call);
                call.future.completeExceptionally(new MailboxFullException(callee, callee.mailboxSpec().capacity(),
                        callee.mailboxSpec().overflowPolicy()));
            }
        }
        return call;
    }

    /** The callee's failure as the caller sees it: unchecked exceptions and errors as they are, others wrapped. */
    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new CompletionException(cause);
    }
}
