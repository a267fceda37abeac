package io.foundation.beam.internal;

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
final class Broadcaster {

    private Broadcaster() {
    }

    /**
     * @param receivers the receivers (null entries are skipped)
     * @param message the message
     * @param isolateAll whether to isolate for every receiver (an ecosystem's ISOLATED_HEAPS strategy), besides
     *     those spawned with an isolated heap
     * @return the report
     */
    static BroadcastReport send(List<ProcessCell> receivers, Object message, boolean isolateAll) {
        List<ProcessRef> reached = new ArrayList<>();
        List<ProcessRef> full = new ArrayList<>();
        List<ProcessRef> dead = new ArrayList<>();
        int copies = 0;
        Boolean immutable = null;
        for (ProcessCell cell : receivers) {
            if (cell == null) {
                continue;
            }
            Object m = message;
            if ((isolateAll || cell.isolatesMessages()) && immutable != Boolean.TRUE) {
                m = MessageIsolation.standard().isolate(message);
                immutable = m == message;
                if (!immutable) {
                    copies++;
                }
            }
            SendResult r = cell.sendInternal(m);
            switch (r) {
                case ACCEPTED, DROPPED_OLDEST -> reached.add(cell);
                case NO_SUCH_PROCESS -> dead.add(cell);
                default -> full.add(cell);
            }
        }
        return new BroadcastReport(reached, full, dead, copies);
    }
}
