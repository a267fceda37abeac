package io.foundation.beam.cluster.internal.registry;

import io.foundation.beam.mailbox.Priority;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A pid for registry tests: identity by node, incarnation and id (as a remote pid's); a local one has a liveness the
 * test controls through {@link TestPids#kill}. Nothing is ever sent to it.
 */
final class TestPid implements ProcessRef {

    final String node;
    final long incarnation;
    final long idNumber;
    volatile boolean alive;

    TestPid(String node, long incarnation, long id, boolean alive) {
        this.node = node;
        this.incarnation = incarnation;
        this.idNumber = id;
        this.alive = alive;
    }

    @Override
    public long id() {
        return idNumber;
    }

    @Override
    public void send(Object message) {
        throw new UnsupportedOperationException("a registry test pid");
    }

    @Override
    public SendResult trySend(Object message) {
        throw new UnsupportedOperationException("a registry test pid");
    }

    @Override
    public SendResult trySend(Object message, Priority priority) {
        throw new UnsupportedOperationException("a registry test pid");
    }

    @Override
    public boolean isAlive() {
        return alive;
    }

    @Override
    public Optional<ExitReason> exitReason() {
        return alive ? Optional.empty() : Optional.of(ExitReason.NORMAL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestPid p && p.node.equals(node) && p.incarnation == incarnation && p.idNumber == idNumber;
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, incarnation, idNumber);
    }

    @Override
    public String toString() {
        return "<" + node + "." + idNumber + ">";
    }
}
