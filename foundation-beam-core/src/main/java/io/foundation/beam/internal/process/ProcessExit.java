package io.foundation.beam.internal.process;

import io.foundation.beam.process.ExitReason;

/**
 * Unwinds a process's code when it must end: {@code ProcessContext.exit(reason)}, a fatal exit signal seen in
 * {@code receive}, or a kill seen by a thread still running. An {@link Error}, like the JDK's old ThreadDeath, so
 * that ordinary {@code catch (Exception e)} blocks do not swallow it. No stack trace is filled in (it is control
 * flow).
 */
final class ProcessExit extends Error {

    private static final long serialVersionUID = 1L;

    final transient ExitReason reason;

    ProcessExit(ExitReason reason) {
        super(null, null, false, false);
        this.reason = reason;
    }

    /** Built on demand: most of these are thrown and caught without anyone reading the message. */
    @Override
    public String getMessage() {
        return "process exit: " + reason;
    }
}
