package io.foundation.beam.cluster.internal.codec;

import java.io.IOException;

/**
 * The bytes given to {@link MessageCodec} to read are not a value it wrote: truncated, corrupt, too large, or nested
 * deeper than its limit. The message says what was wrong and where (the offset in the payload).
 */
public class CorruptFrameException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what was wrong */
    public CorruptFrameException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong
     * @param cause the failure that revealed it
     */
    public CorruptFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
