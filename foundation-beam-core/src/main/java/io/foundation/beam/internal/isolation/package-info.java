/**
 * Isolated heaps: whether a message is copied as it crosses into a process ({@link
 * io.foundation.beam.internal.isolation.HeapIsolation}, the one decision, asked wherever a message enters a process)
 * and how ({@link io.foundation.beam.internal.isolation.MessageIsolation}: a deeply immutable message is passed by
 * reference, another is deep-copied, one that cannot be copied is rejected).
 *
 * <p>Layering of {@code internal}: ecosystem → {supervision, messages} → process → {mailbox, isolation}. This
 * package is at the bottom and depends on no other {@code internal} package; the process kernel, flow channels and
 * broadcast ({@code internal.messages}) and ecosystems use it.
 */
package io.foundation.beam.internal.isolation;
