package io.foundation.beam.internal.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * Padding that must really separate what it separates, checked on this JVM's actual layout (HotSpot fills gaps in a
 * superclass's layout with a subclass's fields, which once undid both paddings below).
 *
 * <p>Mailbox: the fields the consumer touches for every message must not share a cache line with the fields every
 * send writes: if they do, the line moves between the sender's and the receiver's cores on every message (see the
 * class comment of {@link ChunkedMailbox}). The handoff hint's padding is checked by the process package's test
 * of the same name.
 */
class CacheLinePaddingTest {

    private static final int CACHE_LINE = 64;

    @Test
    void consumerFieldsAreAtLeastACacheLineAwayFromTheSendersFields() {
        Map<String, Long> offsets = ClassLayout.parseClass(ChunkedMailbox.class).fields().stream()
                .collect(Collectors.toMap(FieldLayout::name, FieldLayout::offset));
        for (String consumerField : new String[] {"consumerChunk", "consumerIndex", "delivered", "consumerSpaceLock"}) {
            for (String senderField : new String[] {"producerIndex", "producerChunk", "capacity", "policy",
                "sendTimeoutNanos", "spaceLock", "notFull", "blockedSenders"}) {
                assertThat(Math.abs(offsets.get(consumerField) - offsets.get(senderField)))
                        .as("%s against %s", consumerField, senderField)
                        .isGreaterThanOrEqualTo(CACHE_LINE);
            }
            assertThat(offsets.get(consumerField)).as("%s after the leading padding", consumerField)
                    .isGreaterThanOrEqualTo(CACHE_LINE);
        }
    }
}
