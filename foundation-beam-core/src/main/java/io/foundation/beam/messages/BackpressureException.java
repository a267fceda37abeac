package io.foundation.beam.messages;

import io.foundation.beam.process.BeamException;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;

/**
 * A blocking {@link FlowChannel#send} found no credit after its retries, and its strategy could not take the message.
 * The message was not sent.
 */
public final class BackpressureException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final transient ProcessRef receiver;
    private final int window;
    private final int retries;
    private final Duration waited;

    /**
     * @param receiver the receiver that stayed full
     * @param window the channel's window (credits)
     * @param retries the retries made
     * @param waited how long the sender waited in all
     * @param strategy the channel's strategy
     */
    public BackpressureException(ProcessRef receiver, int window, int retries, Duration waited, FlowStrategy strategy) {
        super("backpressure: " + receiver + " kept all " + window + " credits of the channel in use through " + retries
                + " retries (" + waited.toMillis() + " ms), and strategy " + strategy
                + " could not take the message; slow down, raise the window, or use another strategy");
        this.receiver = receiver;
        this.window = window;
        this.retries = retries;
        this.waited = waited;
    }

    /** @return the receiver that stayed full */
    public ProcessRef receiver() {
        return receiver;
    }

    /** @return the channel's window */
    public int window() {
        return window;
    }

    /** @return the retries made */
    public int retries() {
        return retries;
    }

    /** @return how long the sender waited */
    public Duration waited() {
        return waited;
    }
}
