package io.foundation.beam.benchmarks.latency;

/**
 * Where the reply to one request is reported. Every request carries the sink of the load phase that sent it, so a
 * late reply from an earlier phase can never be counted in a later one. Called from whatever thread delivers the
 * reply (a recording process or actor, or a future's completion): implementations are thread-safe.
 */
interface ReplySink {

    /**
     * The reply to a request has arrived.
     *
     * @param intendedNanos the request's intended send time ({@link System#nanoTime()} scale)
     */
    void replied(long intendedNanos);

    /**
     * A request failed instead of being answered (an exception from the system); the run fails at the end of the
     * phase.
     *
     * @param intendedNanos the request's intended send time
     * @param cause what the system reported
     */
    void failed(long intendedNanos, Throwable cause);

    /**
     * @param intendedNanos the request's intended send time
     * @return a callback for the completion of the request's future: {@link #replied} on a result, {@link #failed}
     *     on an error
     */
    default java.util.function.BiConsumer<Object, Throwable> onCompletion(long intendedNanos) {
        return (result, error) -> {
            if (error == null) {
                replied(intendedNanos);
            } else {
                failed(intendedNanos, error);
            }
        };
    }
}
