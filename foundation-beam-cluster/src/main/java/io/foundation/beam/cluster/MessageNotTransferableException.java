package io.foundation.beam.cluster;

import io.foundation.beam.process.BeamException;

/**
 * A message for a process on another node cannot cross to it: its class (or the class of a value inside it) is not
 * one the cluster transfers, or it holds something that has no meaning on another node. Thrown at the sender, before
 * anything is sent; the message names the class and the setting that allows it.
 */
public class MessageNotTransferableException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final String className;

    /**
     * @param className the class that cannot cross
     * @param message what is wrong and what to change
     */
    public MessageNotTransferableException(String className, String message) {
        super(message);
        this.className = className;
    }

    /** @return the fully qualified name of the class that cannot cross */
    public String className() {
        return className;
    }
}
