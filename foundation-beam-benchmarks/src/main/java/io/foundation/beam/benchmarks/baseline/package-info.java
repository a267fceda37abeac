/**
 * Hand-written virtual-thread baselines for the figures issue 2 compares the runtime with: the same workloads as the
 * benchmarks of {@code io.foundation.beam.benchmarks}, written without any Foundation BEAM class. A baseline
 * "process" is one virtual thread plus a {@link io.foundation.beam.benchmarks.baseline.Mailbox}; every JMH class
 * measures two mailboxes, selected by the parameter {@code mailbox}: {@code clq} (a {@code ConcurrentLinkedQueue}
 * with a waiting flag and {@code LockSupport.park/unpark}) and {@code ltq} (a {@code LinkedTransferQueue} with a
 * blocking {@code take()}). The footprint program {@link io.foundation.beam.benchmarks.baseline.BaselineIdleFootprint}
 * shares only the heap-measurement helper {@link io.foundation.beam.benchmarks.HeapMeasurement} (plain JDK code)
 * with {@link io.foundation.beam.benchmarks.IdleProcessFootprint}.
 */
package io.foundation.beam.benchmarks.baseline;
