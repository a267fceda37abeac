package io.foundation.beam.ecosystem;

/**
 * The task's child JVM reached its heap cap ({@link IsolationOptions#withMaxHeap(long)}) and exited on the
 * {@code OutOfMemoryError} (exit status 3, {@code -XX:+ExitOnOutOfMemoryError}); the parent's heap was not touched.
 * Outcome {@link Outcome#HEAP_LIMIT}.
 */
public final class IsolatedHeapLimitException extends IsolatedWorkException {

    private static final long serialVersionUID = 1L;

    private final long maxHeapBytes;

    /**
     * @param message what happened
     * @param maxHeapBytes the child's heap cap
     */
    public IsolatedHeapLimitException(String message, long maxHeapBytes) {
        super(Outcome.HEAP_LIMIT, message, null);
        this.maxHeapBytes = maxHeapBytes;
    }

    /** @return the child's heap cap in bytes */
    public long maxHeapBytes() {
        return maxHeapBytes;
    }
}
