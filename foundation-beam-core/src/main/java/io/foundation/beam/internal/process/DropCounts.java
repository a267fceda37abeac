package io.foundation.beam.internal.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How many messages a process's bounded mailbox dropped or refused ({@code ProcessInfo.messagesDropped} and
 * {@code messagesRejected}). Kept out of {@link ProcessCell} and created by the first drop or refusal, because most
 * processes never have one and every byte of the cell is paid by every idle process ({@code FootprintTest}).
 * Counted by any sender, atomically; read by introspection.
 */
final class DropCounts {

    private static final VarHandle DROPPED;
    private static final VarHandle REJECTED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DROPPED = l.findVarHandle(DropCounts.class, "dropped", long.class);
            REJECTED = l.findVarHandle(DropCounts.class, "rejected", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // DROPPED
    private volatile long dropped;
    @SuppressWarnings("unused") // REJECTED
    private volatile long rejected;

    void dropped() {
        DROPPED.getAndAdd(this, 1L);
    }

    void rejected() {
        REJECTED.getAndAdd(this, 1L);
    }

    long droppedCount() {
        return dropped;
    }

    long rejectedCount() {
        return rejected;
    }
}
