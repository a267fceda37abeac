package io.foundation.beam.internal.messages;

import io.foundation.beam.internal.isolation.HeapIsolation;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.messages.BroadcastReport;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one message to many processes and reports each outcome. Isolation is per receiver: an immutable message is
 * shared by all (one object, whatever the number of receivers); a mutable one is copied once for each receiver with
 * an isolated heap, so no two receivers can see each other's changes.
 */
public final class Broadcaster {

    private Broadcaster() {
    }

    /**
     * @param kernel the receivers' kernel
     * @param receivers the receivers (null entries are skipped)
     * @param message the message
     * @return the report
     */
    public static BroadcastReport send(Kernel kernel, List<? extends ProcessRef> receivers, Object message) {
        List<ProcessRef> reached = new ArrayList<>();
        List<ProcessRef> full = new ArrayList<>();
        List<ProcessRef> dead = new ArrayList<>();
        int copies = 0;
        Boolean immutable = null;
        for (ProcessRef cell : receivers) {
            if (cell == null) {
                continue;
            }
            Object m = message;
            if (kernel.isolatesMessages(cell) && immutable != Boolean.TRUE) {
                m = HeapIsolation.forReceiver(true, message);
                immutable = m == message;
                if (!immutable) {
                    copies++;
                }
            }
            SendResult r = kernel.sendInternal(cell, m);
            switch (r) {
                case ACCEPTED, DROPPED_OLDEST -> reached.add(cell);
                case NO_SUCH_PROCESS -> dead.add(cell);
                default -> full.add(cell);
            }
        }
        return new BroadcastReport(reached, full, dead, copies);
    }
}
