package io.foundation.beam.boot;

import io.foundation.beam.process.BeamException;

/**
 * A message reached (or was about to be given to) a {@code @Worker} or {@code @Coordinator} bean that has no
 * {@code @HandleMessage} method for its type, or two equally specific ones. The message names the bean, its class,
 * the message's type and the types the bean handles.
 *
 * <p>Work submitted through the starter's {@code Ecosystem} handles is checked before it is queued: its future fails
 * at once with this exception and no worker is involved. A message that reaches a process without a handler (a
 * peer message, for example) crashes that process, like a {@code function_clause} in Erlang.
 */
public final class UnhandledMessageException extends BeamException {

    private static final long serialVersionUID = 1L;

    /** @param message names the bean, the message type and the handled types */
    public UnhandledMessageException(String message) {
        super(message);
    }
}
