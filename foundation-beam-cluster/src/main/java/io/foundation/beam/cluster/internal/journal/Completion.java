package io.foundation.beam.cluster.internal.journal;

import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome of an item's execution, as the coordinator commits it: applied by the journal only if the item is
 * still pending and the epoch is not below the journal's.
 *
 * @param id the item
 * @param epoch the epoch of the coordinator that dispatched it
 * @param attempt which dispatch of the item this is the outcome of (1 for the first)
 * @param success whether the work succeeded
 * @param outcome the encoded result or failure (the journal never decodes it)
 */
public record Completion(ItemId id, long epoch, int attempt, boolean success, byte[] outcome) {

    /** Checks the parts. */
    public Completion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** @return about how many bytes the completion takes in a command */
    int encodedSize() {
        return id.node().length() + outcome.length + 40;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Completion other && id.equals(other.id) && epoch == other.epoch
                && attempt == other.attempt && success == other.success && Arrays.equals(outcome, other.outcome);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, epoch, attempt);
    }

    @Override
    public String toString() {
        return "Completion[" + id + ", epoch " + epoch + ", attempt " + attempt + ", " + (success ? "ok" : "failed")
                + ", " + outcome.length + " bytes]";
    }
}
