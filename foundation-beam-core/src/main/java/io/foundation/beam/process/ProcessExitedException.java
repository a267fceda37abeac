package io.foundation.beam.process;

/**
 * Thrown by {@code call} when the callee has ended, or ends before answering: at once, not after the timeout (the
 * caller monitors the callee, as OTP's gen_server:call does).
 */
public final class ProcessExitedException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final transient ProcessRef process;
    private final transient ExitReason reason;

    /**
     * @param process the callee
     * @param reason why it ended
     */
    public ProcessExitedException(ProcessRef process, ExitReason reason) {
        super("call to " + process + " failed: the process exited with reason " + reason,
                reason instanceof ExitReason.Crashed crashed ? crashed.cause() : null);
        this.process = process;
        this.reason = reason;
    }

    /** @return the callee */
    public ProcessRef process() {
        return process;
    }

    /** @return why the callee ended */
    public ExitReason reason() {
        return reason;
    }
}
