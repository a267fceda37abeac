package io.foundation.beam.process;

/** Thrown by a spawn that awaits initialisation when the process's init hook failed. */
public final class ProcessInitException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final transient ProcessRef process;

    /**
     * @param process the process that failed to start
     * @param reason why it ended
     */
    public ProcessInitException(ProcessRef process, ExitReason reason) {
        super("process " + process + " failed to initialise: " + reason,
                reason instanceof ExitReason.Crashed crashed ? crashed.cause() : null);
        this.process = process;
    }

    /** @return the process that failed to start (it has ended) */
    public ProcessRef process() {
        return process;
    }
}
