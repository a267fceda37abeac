package io.foundation.beam.benchmarks.compare;

/** Makes the i-th message of a round; the same factory is used on both systems. */
@FunctionalInterface
interface MessageFactory {

    /**
     * @param i the message's sequence number in the round, 0 based
     * @return a new message
     */
    Object make(int i);

    /** Boxed {@code Integer}s: values 0 to n - 1, so nearly all are freshly allocated (W3). */
    MessageFactory INTEGERS = Integer::valueOf;
}
