package io.foundation.beam.ecosystem;

/**
 * The task's child JVM died while it ran, other than by reaching its heap cap or being killed by us: a signal
 * ({@code kill -9}: exit status 137), a JVM crash, a {@code System.exit} in the task. Outcome {@link Outcome#CRASHED}.
 */
public final class IsolatedWorkCrashedException extends IsolatedWorkException {

    private static final long serialVersionUID = 1L;

    private final int exitStatus;
    private final String stderrTail;

    /**
     * @param message what happened
     * @param exitStatus the child's exit status (128 + the signal's number for a signal)
     * @param stderrTail the last few kilobytes the child wrote to its standard error
     */
    public IsolatedWorkCrashedException(String message, int exitStatus, String stderrTail) {
        super(Outcome.CRASHED, message, null);
        this.exitStatus = exitStatus;
        this.stderrTail = stderrTail;
    }

    /** @return the child's exit status */
    public int exitStatus() {
        return exitStatus;
    }

    /** @return the end of the child's standard error */
    public String stderrTail() {
        return stderrTail;
    }
}
