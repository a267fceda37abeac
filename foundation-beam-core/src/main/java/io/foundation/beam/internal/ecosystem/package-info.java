/**
 * Process ecosystems: one coordinator, N workers and a topology under a supervisor. The running ecosystem is
 * {@code EcosystemHandle} (its Javadoc lists the package's parts); submitted work is tracked by {@code WorkLedger}
 * (at least once, exactly one completion); the workers' slots by {@code WorkerTable}; each topology's behaviour by a
 * sealed {@code TopologyRule} ({@code TreeRule}, {@code MeshRule}, {@code RingRule}); the messages between the parts
 * are the sealed {@code EcosystemProtocol}.
 *
 * <p>Layering: <b>ecosystem</b> -> {supervision, messages} -> process -> {mailbox, isolation}: the top layer.
 * {@code EcosystemLauncher} is its one public class, for {@code internal.Internals}.
 */
package io.foundation.beam.internal.ecosystem;
