package io.foundation.beam.process;

/** Thrown when a process calls itself, which could only deadlock (OTP's {@code calling_self}). */
public final class CallingSelfException extends BeamException {

    private static final long serialVersionUID = 1L;

    /** @param process the process that called itself */
    public CallingSelfException(ProcessRef process) {
        super("process " + process + " called itself: it cannot answer while it waits for the answer");
    }
}
