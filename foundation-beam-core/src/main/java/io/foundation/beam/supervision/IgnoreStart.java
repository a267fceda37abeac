package io.foundation.beam.supervision;

/**
 * Thrown by a child's start to answer OTP's {@code ignore}: the child does not run, and this is no failure. Throw it
 * from the child's factory (the {@code Supplier} of a {@link ChildSpec.HandlerStart} or {@link ChildSpec.BodyStart};
 * no process is made) or from its handler's {@code init} (the process ends at once; the supervisor takes its exit for
 * the answer, not for a crash).
 *
 * <p>What the supervisor does then, as OTP's {@code supervisor} does with a start that returns {@code ignore}: the
 * child's spec is kept, not running (no process, status {@link ChildStatus#TERMINATED}), unless the child is
 * {@link RestartType#TEMPORARY}, whose spec is forgotten. {@link Supervisor#startChild} and
 * {@link Supervisor#restartChild} then return {@code null} (OTP's {@code {ok, undefined}}); a static child that
 * ignores its start does not fail the supervisor's start; a restart that is ignored leaves the child not running and
 * is not tried again.
 *
 * <p>It carries no stack trace: it is an answer, not an error.
 */
public final class IgnoreStart extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An ignore without a reason. */
    public IgnoreStart() {
        this("ignore");
    }

    /** @param why why the child does not start (for logs) */
    public IgnoreStart(String why) {
        super(why, null, false, false);
    }
}
