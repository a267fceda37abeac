package io.foundation.beam.cluster.internal.journal;

import java.util.Arrays;
import java.util.Objects;

/**
 * An accepted work item: its id, its optional key and the work, encoded by the submitter (the journal never decodes
 * it). The work array is shared, not copied: nobody may change it once the item is built.
 *
 * @param id the item's id
 * @param key its key (for placement), or null
 * @param work the encoded work
 */
public record JournalItem(ItemId id, String key, byte[] work) {

    /** Checks the parts. */
    public JournalItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(work, "work");
    }

    /** @return about how many bytes the item takes in a command */
    int encodedSize() {
        return id.node().length() + (key == null ? 0 : key.length()) + work.length + 32;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalItem other && id.equals(other.id) && Objects.equals(key, other.key)
                && Arrays.equals(work, other.work);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "JournalItem[" + id + (key == null ? "" : ", key " + key) + ", " + work.length + " bytes]";
    }
}
