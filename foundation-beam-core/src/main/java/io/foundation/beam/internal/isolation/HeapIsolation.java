package io.foundation.beam.internal.isolation;

/**
 * The one decision of whether a message is copied as it crosses into a process: every place where a message enters
 * a process (a send, a call's request, a flow channel, a broadcast, ecosystem work, a ring token or broadcast, a
 * coordinator's checkpoint) asks this class, with the receiver's single fact "has an isolated heap" (fixed when it
 * is spawned: {@code SpawnOptions.isolatedHeap}, which an ecosystem with the {@code ISOLATED_HEAPS} memory strategy
 * sets for its members).
 *
 * <p>The rule: a receiver with an isolated heap gets the message itself when it is deeply immutable, otherwise a deep
 * copy ({@link MessageIsolation#isolate}); any other receiver gets the message itself.
 */
public final class HeapIsolation {

    private HeapIsolation() {
    }

    /**
     * @param receiverHasIsolatedHeap whether the receiving process has an isolated heap
     * @param message the message
     * @return what the receiver gets
     * @throws io.foundation.beam.process.MessageIsolationException if a copy is needed and the message cannot be
     *     copied
     */
    public static Object forReceiver(boolean receiverHasIsolatedHeap, Object message) {
        return receiverHasIsolatedHeap ? MessageIsolation.standard().isolate(message) : message;
    }
}
