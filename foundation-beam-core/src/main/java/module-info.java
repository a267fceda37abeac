/**
 * Foundation BEAM's core: Erlang/OTP-style processes, supervisors and process ecosystems on virtual threads. Only
 * the API packages are exported; the implementation ({@code io.foundation.beam.internal} and its feature packages)
 * is not, except the kernel's seam to other nodes, to the cluster module alone.
 */
@SuppressWarnings("module") // the cluster module is built after this one: javac cannot find it here
module io.foundation.beam.core {
    // Heap figures of ecosystems' memory checks, and the scheduler's queue (CarrierQueue reads the JDK's
    // VirtualThreadSchedulerMXBean of module jdk.management by name).
    requires java.management;
    requires jdk.management;

    exports io.foundation.beam;
    exports io.foundation.beam.ecosystem;
    exports io.foundation.beam.mailbox;
    exports io.foundation.beam.messages;
    exports io.foundation.beam.port;
    exports io.foundation.beam.process;
    exports io.foundation.beam.supervision;
    exports io.foundation.beam.telemetry;

    // The cluster module (foundation-beam-cluster) plugs a RemoteRouter into the kernel through Kernel.
    exports io.foundation.beam.internal.process to io.foundation.beam.cluster;
}
