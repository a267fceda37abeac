package io.foundation.beam.cluster.internal.journal;

/**
 * What a replica of an ecosystem's journal has applied since it was empty (carried in snapshots, so equal on every
 * replica at the same log index).
 *
 * @param accepted items accepted
 * @param completed items completed (removed from the pending ones; their outcomes kept until released or forgotten)
 * @param duplicateAccepts items of an ACCEPT ignored because their submitter had already appended them (a
 *     proposal retried after a leader change)
 * @param duplicates completions ignored because their item was no longer pending (completed already, by another
 *     attempt or a retried proposal; or never accepted)
 * @param fenced completions, checkpoints and coordinator starts ignored because their epoch was below the
 *     journal's (from a stale coordinator)
 * @param released outcomes removed by RELEASE (the submitter's node had completed their futures)
 * @param duplicateReleases ids of a RELEASE ignored because the journal held no outcome for them (released already,
 *     by a retried proposal; forgotten; or never completed)
 * @param forgotten outcomes removed by FORGET (their submitter's incarnation was gone)
 */
public record JournalCounters(long accepted, long completed, long duplicateAccepts, long duplicates, long fenced,
        long released, long duplicateReleases, long forgotten) {
}
