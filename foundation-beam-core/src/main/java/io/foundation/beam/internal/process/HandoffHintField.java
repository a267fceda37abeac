package io.foundation.beam.internal.process;

/** The one field of {@link HandoffHint}, between its two paddings. */
abstract class HandoffHintField extends HandoffHintPad {
    @SuppressWarnings("unused") // HandoffHint.LAST_STARTED
    ProcessCell lastStarted;
}
