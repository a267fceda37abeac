package io.foundation.beam.cluster.internal.codec;

import io.foundation.beam.cluster.MessageNotTransferableException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes and reads the application's values (messages, call requests and replies), exit reasons and exceptions inside
 * the router's frames. {@code MessageCodec} is the implementation; the router's own frame fields (kinds, numbers) are
 * not its business. Every {@code ExitReason} must be writable except for the term of a {@code Shutdown(term)} or
 * {@code Custom(term)}, and any {@code Throwable}, read back as a {@link io.foundation.beam.cluster.RemoteException}
 * (which is written again under its original class name).
 *
 * <p>Thread-safety: both methods are called from any thread, concurrently.
 */
public interface PayloadCodec {

    /**
     * @param value the value, may be null
     * @param out where to write it
     * @throws MessageNotTransferableException if {@code value}, or a value inside it, cannot cross to another node;
     *     nothing useful is left in {@code out} then
     * @throws IOException if {@code out} fails
     */
    void write(Object value, DataOutput out) throws IOException;

    /**
     * @param in where to read a value written by {@link #write}
     * @return the value (pids in it resolved through the {@code PidMapper})
     * @throws MessageNotTransferableException if the value names a class this node does not accept
     * @throws IOException if the bytes are truncated or corrupt (the message says what was wrong)
     */
    Object read(DataInput in) throws IOException;
}
