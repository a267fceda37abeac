package io.foundation.beam.ecosystem;

/**
 * The token of a RING ecosystem. Workers receive it as a message and pass it on with
 * {@link WorkerContext#passToken(RingToken)}. If its holder dies, the coordinator regenerates it with the next
 * generation; a token of an older generation still in flight is discarded, so there is one live token.
 *
 * @param generation incremented each time the token is regenerated
 * @param hops passes since it was (re)generated
 * @param payload what the ring carries (immutable), may be null
 */
public record RingToken(long generation, long hops, Object payload) {

    /**
     * @param newPayload the payload to carry on
     * @return the token with another payload, same generation and hops
     */
    public RingToken withPayload(Object newPayload) {
        return new RingToken(generation, hops, newPayload);
    }
}
