package io.foundation.beam.process;

import java.util.Objects;
import java.util.Optional;

/**
 * Thrown when sending a message that cannot cross a process boundary under the isolated-heaps memory strategy.
 *
 * <p>With isolated heaps a receiver must never see what the sender does to a message after sending it, so a message
 * is passed by reference only when it is deeply immutable, and is otherwise copied. This exception means that some
 * part of the message is mutable and cannot be copied (it is not a record, not a known JDK value or collection, and
 * not {@link java.io.Serializable}), or that copying it failed. The message says which part, as a path from the
 * message to the offending value (for example {@code Order.lines[2].sku}), and what to do about it.
 */
public final class MessageIsolationException extends BeamException {

    private static final long serialVersionUID = 1L;

    /** Paths longer than this are shortened in the exception message (never in {@link #path()}). */
    private static final int MAX_PATH_IN_MESSAGE = 300;

    private final String messageType;
    private final String path;
    private final String offendingType;

    /**
     * @param messageType the class name of the message that was sent
     * @param path the path from the message to the offending value (e.g. {@code Order.lines[2].sku}), or null when
     *     the message itself is the offending value
     * @param offendingType the class name of the offending value
     * @param problem what is wrong with the offending value, phrased to follow "which" (e.g. "is mutable and ...")
     * @param remedy what the sender can do about it, as one or more sentences
     * @param cause the underlying failure, or null
     */
    public MessageIsolationException(
            String messageType, String path, String offendingType, String problem, String remedy, Throwable cause) {
        super(describe(messageType, path, offendingType, problem, remedy), cause);
        this.messageType = Objects.requireNonNull(messageType, "messageType");
        this.path = path;
        this.offendingType = Objects.requireNonNull(offendingType, "offendingType");
    }

    private static String describe(
            String messageType, String path, String offendingType, String problem, String remedy) {
        String subject = path == null ? "the message" : shorten(path);
        return "cannot pass a message of type " + messageType + " to another process (isolated heaps): " + subject
                + " is a " + offendingType + ", which " + problem + ". " + remedy;
    }

    private static String shorten(String path) {
        if (path.length() <= MAX_PATH_IN_MESSAGE) {
            return path;
        }
        int head = MAX_PATH_IN_MESSAGE / 3;
        int tail = MAX_PATH_IN_MESSAGE - head;
        return path.substring(0, head) + "..." + path.substring(path.length() - tail);
    }

    /** @return the class name of the message that was sent */
    public String messageType() {
        return messageType;
    }

    /**
     * @return the path from the message to the offending value, e.g. {@code Order.lines[2].sku}, or empty when the
     *     message itself is the offending value
     */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** @return the class name of the value that could be neither shared nor copied */
    public String offendingType() {
        return offendingType;
    }
}
