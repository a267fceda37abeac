package io.foundation.beam.process;

/** Thrown by {@code call} when the callee answered with {@link CallRequest#fail(Throwable)}; the cause is its error. */
public final class CallFailedException extends BeamException {

    private static final long serialVersionUID = 1L;

    /**
     * @param callee the process called
     * @param cause the error it answered with
     */
    public CallFailedException(ProcessRef callee, Throwable cause) {
        super("call to " + callee + " failed: " + cause, cause);
    }
}
