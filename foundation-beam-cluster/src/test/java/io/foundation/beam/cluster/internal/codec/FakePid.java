package io.foundation.beam.cluster.internal.codec;

import io.foundation.beam.mailbox.Priority;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.util.Optional;

/** A pid for codec tests: only its identity matters, nothing is ever sent to it. */
record FakePid(String node, long incarnation, long id) implements ProcessRef {

    @Override
    public void send(Object message) {
        throw new UnsupportedOperationException("a codec test pid");
    }

    @Override
    public SendResult trySend(Object message) {
        throw new UnsupportedOperationException("a codec test pid");
    }

    @Override
    public SendResult trySend(Object message, Priority priority) {
        throw new UnsupportedOperationException("a codec test pid");
    }

    @Override
    public boolean isAlive() {
        return true;
    }

    @Override
    public Optional<ExitReason> exitReason() {
        return Optional.empty();
    }
}
