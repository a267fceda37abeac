package io.foundation.beam.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stream wait's decisions (that a stream is taken in order and complete is the mailbox tests' job). */
class StreamWaitTest {

    @Test
    void workFoundAtOnceStartsAWait() {
        assertThat(StreamWait.next(0, 1, false)).isEqualTo(StreamWait.MIN_NANOS);
        assertThat(StreamWait.next(0, StreamWait.DETECT_LOOKS, false)).isEqualTo(StreamWait.MIN_NANOS);
    }

    @Test
    void workFoundLaterStartsNone() {
        // An answer in a request-reply exchange: a cross-core round trip away.
        assertThat(StreamWait.next(0, StreamWait.DETECT_LOOKS + 1, true)).isZero();
        assertThat(StreamWait.next(0, 40, false)).isZero();
    }

    @Test
    void aWaitThatLetsMessagesAccumulateDoublesUpToTheMaximum() {
        int wait = StreamWait.next(0, 1, false);
        int steps = 0;
        while (wait < StreamWait.MAX_NANOS) {
            int next = StreamWait.next(wait, 1, true);
            assertThat(next).isGreaterThan(wait);
            wait = next;
            steps++;
        }
        assertThat(wait).isEqualTo(StreamWait.MAX_NANOS);
        assertThat(steps).isEqualTo(4); // 250 to 500, 1000, 2000, 4000
        assertThat(StreamWait.next(wait, 1, true)).isEqualTo(StreamWait.MAX_NANOS);
    }

    @Test
    void aWaitAfterWhichALoneMessageWasThereEnds() {
        assertThat(StreamWait.next(StreamWait.MIN_NANOS, 1, false)).isZero();
        assertThat(StreamWait.next(StreamWait.MAX_NANOS, 30, false)).isZero();
    }

    @Test
    void theWaitFitsTheShortFieldThatHoldsIt() {
        assertThat(StreamWait.MAX_NANOS).isLessThanOrEqualTo(Short.MAX_VALUE);
    }
}
