/**
 * Foundation BEAM's core: Erlang/OTP-style processes, supervisors and process ecosystems on virtual threads. Only
 * the API packages are exported; the implementation ({@code io.foundation.beam.internal} and its feature packages)
 * is not.
 */
module io.foundation.beam.core {
    // Heap figures of ecosystems' memory checks, and the scheduler's queue (CarrierQueue reads the JDK's
    // VirtualThreadSchedulerMXBean of module jdk.management by name).
    requires java.management;
    requires jdk.management;

    exports io.foundation.beam;
    exports io.foundation.beam.ecosystem;
    exports io.foundation.beam.mailbox;
    exports io.foundation.beam.messages;
    exports io.foundation.beam.process;
    exports io.foundation.beam.supervision;
    exports io.foundation.beam.telemetry;
}
