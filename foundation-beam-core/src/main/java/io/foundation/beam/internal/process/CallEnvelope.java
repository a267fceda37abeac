package io.foundation.beam.internal.process;

import io.foundation.beam.process.CallFailedException;
import io.foundation.beam.process.CallRequest;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessExitedException;
import io.foundation.beam.process.ProcessRef;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A call in flight: the message the callee receives, and the watcher that fails the call at once if the callee
 * ends first (OTP's monitored call). The first completion wins; later ones are ignored.
 */
final class CallEnvelope implements CallRequest, Watcher {

    private final Object payload;
    private final ProcessCell callee;
    /** The calling process (of this runtime, or on another node for a remote call), or null. */
    private final ProcessRef caller;
    final CompletableFuture<Object> future = new CompletableFuture<>();

    CallEnvelope(Object payload, ProcessCell callee, ProcessRef caller) {
        this.payload = payload;
        this.callee = callee;
        this.caller = caller;
    }

    @Override
    public Object payload() {
        return payload;
    }

    @Override
    public Optional<ProcessRef> caller() {
        return Optional.ofNullable(caller);
    }

    @Override
    public void reply(Object value) {
        if (future.complete(value)) {
            callee.removeWatcher(this);
        }
    }

    @Override
    public void fail(Throwable error) {
        if (future.completeExceptionally(new CallFailedException(callee, error))) {
            callee.removeWatcher(this);
        }
    }

    @Override
    public void targetExited(ProcessCell target, ExitReason reason) {
        future.completeExceptionally(new ProcessExitedException(target, reason));
    }

    @Override
    public String toString() {
        return "CallRequest[" + payload.getClass().getName() + " to " + callee + "]";
    }
}
