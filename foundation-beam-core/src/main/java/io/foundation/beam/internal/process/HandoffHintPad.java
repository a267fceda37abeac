package io.foundation.beam.internal.process;

/** Padding before {@link HandoffHintField#lastStarted}; {@code p0} fills the gap after the object header. */
abstract class HandoffHintPad {
    int p0;
    long p00, p01, p02, p03, p04, p05, p06, p07;
}
