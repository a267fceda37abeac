package io.foundation.beam.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;

/**
 * Padding that must really separate what it separates, checked on this JVM's actual layout (HotSpot fills gaps in a
 * superclass's layout with a subclass's fields, which once undid this padding and the mailbox's, checked by the
 * mailbox package's test of the same name).
 *
 * <p>Handoff hint: its one field, written often, must not share a line with
 * whatever lies next to the object in memory.
 */
class CacheLinePaddingTest {

    private static final int CACHE_LINE = 64;

    @Test
    void handoffHintFieldHasACacheLineOfPaddingOnEitherSide() {
        ClassLayout layout = ClassLayout.parseClass(HandoffHint.class);
        long offset = layout.fields().stream().filter(f -> f.name().equals("lastStarted")).findFirst().orElseThrow()
                .offset();
        assertThat(offset).as("padding before the hint").isGreaterThanOrEqualTo(CACHE_LINE);
        assertThat(layout.instanceSize() - offset).as("padding after the hint").isGreaterThanOrEqualTo(CACHE_LINE);
    }
}
