package io.foundation.beam.cluster.internal.transport;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.raft.util.CommitTable;

/**
 * jgroups-raft's {@code RAFT} (1.1) with one change to how the leader brings a lagging follower up to date, so that a
 * voter that comes back behind the leader (restarted with its log, or thawed after a partition) catches up while work
 * keeps arriving. The protocol, its messages, its log and its elections are jgroups-raft's, unchanged.
 *
 * <h2>What it fixes</h2>
 * In {@code RAFT} the leader resends entries to followers that lack them only when its processing queue has been idle
 * for a whole {@code resend_interval} ({@code processQueue} polls the queue with that timeout, and resends when the poll
 * times out). Under a steady stream of proposals the queue is never idle for that long, so a follower that missed
 * entries gets none of them: every live append it receives fails (its log has a gap), and it catches up only once the
 * load pauses. And when a resend does happen after a failed append, it carries a single entry per interval
 * ({@code send-single-msg}), tens of entries a second against hundreds appended. (Measured: a restarted voter stuck at
 * index 2 665 while the leader reached 18 813 under load, caught up within a second of the load stopping.)
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Resends also when busy.</b> After each batch of requests the processing thread handles ({@link #process}),
 *       if this node leads and {@code resend_interval} has passed since the last such pass, it runs the same resend
 *       pass as the idle path ({@code sendAppendEntriesMessage} for each follower in the commit table). Same thread as
 *       {@code RAFT}'s own pass, so the commit table and the log are read as {@code RAFT} reads them.</li>
 *   <li><b>Ranges, not single entries.</b> A follower marked {@code send-single-msg} gets the range from its next
 *       index, as an unmarked one does, but at most {@value #MAX_RESEND_ENTRIES} entries per pass (unmarked followers
 *       too: one message never carries an unbounded backlog). A range whose previous entry does not match the
 *       follower's log is refused by the follower exactly as a single entry is (Raft's consistency check is on the
 *       entry before the first), so finding the match point after a conflict still works, one step per answer.</li>
 * </ul>
 * Registered under {@code RAFT}'s protocol id, so that its headers are {@code RAFT}'s on the wire and the other
 * protocols (election, redirect, {@code RaftHandle}) find it as {@code RAFT}.
 */
final class CatchUpRaft extends RAFT {

    /** The most entries one resend carries to one follower. */
    static final int MAX_RESEND_ENTRIES = 512;

    /** When the last resend pass ran, in {@link System#nanoTime()}; the processing thread only. */
    private long lastResendPass = System.nanoTime();

    CatchUpRaft() {
        this.id = ClassConfigurator.getProtocolId(RAFT.class);
    }

    @Override
    protected void process(List<Request> q) {
        try {
            super.process(q);
        } finally {
            long now = System.nanoTime();
            if (commit_table != null && isLeader()
                    && now - lastResendPass >= TimeUnit.MILLISECONDS.toNanos(resend_interval)) {
                lastResendPass = now;
                commit_table.forEach(this::sendAppendEntriesMessage);
            }
        }
    }

    @Override
    protected void sendAppendEntriesMessage(Address member, CommitTable.Entry e) {
        long next = Math.max(e.nextIndex(), 1);
        if (next >= log_impl.firstAppended() && last_appended >= next) {
            resend(member, next, Math.min(last_appended, next + MAX_RESEND_ENTRIES - 1));
            return;
        }
        super.sendAppendEntriesMessage(member, e);
    }
}
