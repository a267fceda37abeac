/**
 * The process kernel: what a process is and what a runtime does with processes. A process is a {@link
 * io.foundation.beam.internal.process.ProcessCell} (its identity, mailbox, signal queue, links, monitors and the
 * scheduling state machine that runs it on virtual threads), its code sees it through a {@code CellContext}, and a
 * busy one shares its carrier by {@code CarrierSlice}. One runtime's processes are kept by {@link
 * io.foundation.beam.internal.process.ProcessKernel} (process table, spawn, signals, monitors, introspection), with
 * {@code Registry} (names and groups), {@code Calls} (request-reply), {@code Housekeeping} (idle hibernation, orphan
 * detection) and {@code RuntimeShutdown} (lifecycle and shutdown) beside it. The smaller concepts have a class
 * each: {@code SystemSignal} (what overtakes messages: exit, down, hibernate, high priority), {@code Monitor}, {@code CallEnvelope} (a call in flight),
 * {@code ProcessExit} (unwinding a process's code), {@code Telemetry} (events to listeners), {@code ProcessAnalytics}
 * (message statistics). Each class's comment states what it owns, its threading contract and its invariants.
 *
 * <p>Layering of {@code internal}: ecosystem → {supervision, messages} → process → {mailbox, isolation}. This
 * package uses only {@code internal.mailbox} (a process's message queue) and {@code internal.isolation} (the copy of
 * a message for an isolated heap). The layers above reach it only through the {@link
 * io.foundation.beam.internal.process.Kernel} interface and process references, never through a downcast to the
 * cell or the kernel; they wrap their own messages as {@link io.foundation.beam.internal.process.Envelope}s. The
 * runtime the application holds ({@code internal.DefaultBeamRuntime}) delegates to the kernel.
 *
 * <p>Processes on other nodes: a {@link io.foundation.beam.internal.process.RemoteRouter} installed by a cluster
 * module is the one routing point for every operation on a reference that is not a cell of this runtime; the kernel
 * consults it ({@code RemoteProcesses}) only after its test for a local cell failed.
 */
package io.foundation.beam.internal.process;
