package io.foundation.beam.cluster.internal.journal;

import java.util.Arrays;
import java.util.Objects;

/**
 * The last state a coordinator committed for its ecosystem (encoded by the coordinator; the journal never decodes
 * it).
 *
 * @param epoch the epoch of the coordinator that committed it
 * @param state the encoded state
 */
public record Checkpoint(long epoch, byte[] state) {

    /** Checks the parts. */
    public Checkpoint {
        Objects.requireNonNull(state, "state");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint other && epoch == other.epoch && Arrays.equals(state, other.state);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epoch) * 31 + Arrays.hashCode(state);
    }

    @Override
    public String toString() {
        return "Checkpoint[epoch " + epoch + ", " + state.length + " bytes]";
    }
}
