/**
 * A process's mailbox: the multi-producer, single-consumer queue of its user messages ({@link
 * io.foundation.beam.internal.mailbox.Mailbox}: the lock-free {@code ChunkedMailbox} for unbounded mailboxes and the
 * bounded REJECT, DROP_NEWEST and BLOCK_SENDER ones, a locked {@code RingMailbox} for bounded DROP_OLDEST), with the
 * cache-line padding between producer and consumer fields and the footprint figures the size tests check.
 *
 * <p>Layering of {@code internal}: ecosystem → {supervision, messages} → process → {mailbox, isolation}. This
 * package is at the bottom and depends on no other {@code internal} package: it knows the process that owns a
 * mailbox only as a {@link io.foundation.beam.internal.mailbox.MailboxOwner}. Only {@code internal.process} uses
 * it.
 */
package io.foundation.beam.internal.mailbox;
