package io.foundation.beam.cluster.internal.codec;

import io.foundation.beam.cluster.MessageNotTransferableException;
import io.foundation.beam.process.ProcessRef;

/**
 * Maps {@link FakePid}s to their wire form and back; refuses every other pid, as the router does for pids of runtimes
 * outside the cluster.
 */
final class FakePidMapper implements PidMapper {

    @Override
    public WirePid toWire(ProcessRef pid) {
        if (pid instanceof FakePid p) {
            return new WirePid(p.node(), p.incarnation(), p.id());
        }
        throw new MessageNotTransferableException(pid.getClass().getName(),
                "Cannot send the pid " + pid + " to another node: its runtime is not part of the cluster.");
    }

    @Override
    public ProcessRef fromWire(WirePid pid) {
        return new FakePid(pid.node(), pid.incarnation(), pid.id());
    }
}
