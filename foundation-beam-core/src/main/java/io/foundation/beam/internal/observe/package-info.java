/**
 * Observers of a running runtime: {@code TopSampler}, the implementation of
 * {@link io.foundation.beam.telemetry.ProcessTop} (etop's view: the processes with the longest mailboxes, highest
 * message rates and largest memory figures, from one allocation-free pass over the process table), and its
 * primitive helpers ({@code LongLongMap}, {@code TopHeap}).
 *
 * <p>Layering: internal root -> <b>observe</b> -> {supervision, process}. It reads the kernel through
 * {@code internal.process.Kernel} and recognises supervisors by their internal classes; no other feature depends on
 * it.
 */
package io.foundation.beam.internal.observe;
