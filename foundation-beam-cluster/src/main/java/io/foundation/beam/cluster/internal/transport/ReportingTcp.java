package io.foundation.beam.cluster.internal.transport;

import org.jgroups.Address;
import org.jgroups.protocols.TCP;

/**
 * JGroups' {@code TCP}, telling this node's {@link RefusalDetector} when a peer answers in a protocol this node does
 * not speak: what a node without TLS reads when a member with TLS answers its connection with a TLS alert (JGroups
 * itself only logs "packet from ... has different version (0.8.2) than ours"), or a peer of another JGroups version.
 * Adds no state; {@link #versionMatch} runs on the connections' receiver threads, and the detector is thread-safe.
 */
final class ReportingTcp extends TCP {

    @Override
    protected boolean versionMatch(short version, Address sender) {
        boolean match = super.versionMatch(version, sender);
        if (!match && getProtocolStack() != null) {
            RefusalDetector refusals = getProtocolStack().findProtocol(RefusalDetector.class);
            if (refusals != null) {
                refusals.foreignProtocol(sender, tls().enabled());
            }
        }
        return match;
    }
}
