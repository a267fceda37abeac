package io.foundation.beam.process;

/**
 * A request sent with {@code call}, as a receive-loop process sees it: take {@link #payload()}, then answer with
 * {@link #reply(Object)} or {@link #fail(Throwable)}. Handler-style processes never see this type: the runtime
 * passes them the payload and replies with their return value.
 *
 * <p>Answers after the first are ignored. A request that is never answered fails the caller with a timeout, or at
 * once if the process ends.
 */
public interface CallRequest {

    /** @return what the caller asked */
    Object payload();

    /** @return the process (or runtime caller) waiting for the answer, if it is a process */
    java.util.Optional<ProcessRef> caller();

    /**
     * Completes the call.
     *
     * @param value the answer (may be null)
     */
    void reply(Object value);

    /**
     * Fails the call: the caller's {@code call} throws {@link CallFailedException} with this cause.
     *
     * @param error why the request failed
     */
    void fail(Throwable error);
}
