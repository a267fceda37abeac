package io.foundation.beam.internal.process;

import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.util.Objects;
import java.util.Optional;

/**
 * The runtime itself, seen as a sender: exit signals sent from outside any process (by {@code BeamRuntime.exit} or
 * by shutdown) come from this reference, printed as {@code <name.0>}. It is not a process: it is never alive and
 * whatever is sent to it is a dead letter.
 */
final class SystemRef implements ProcessRef {

    private final ProcessKernel runtime;

    SystemRef(ProcessKernel runtime) {
        this.runtime = runtime;
    }

    @Override
    public long id() {
        return 0L;
    }

    @Override
    public void send(Object message) {
        trySend(message);
    }

    @Override
    public SendResult trySend(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        runtime.deadLetterToSystem(message);
        return SendResult.NO_SUCH_PROCESS;
    }

    @Override
    public SendResult trySend(Object message, io.foundation.beam.mailbox.Priority priority) {
        Objects.requireNonNull(priority, "priority");
        return trySend(message);
    }

    @Override
    public boolean isAlive() {
        return false;
    }

    @Override
    public Optional<ExitReason> exitReason() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "<" + runtime.name() + ".0>";
    }
}
