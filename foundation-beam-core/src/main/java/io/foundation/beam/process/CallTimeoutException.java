package io.foundation.beam.process;

import java.time.Duration;

/** Thrown by {@code call} when the callee is alive but did not answer in time. */
public final class CallTimeoutException extends BeamException {

    private static final long serialVersionUID = 1L;

    /**
     * @param callee the process called
     * @param timeout the time waited
     * @param request the request's type
     */
    public CallTimeoutException(ProcessRef callee, Duration timeout, Class<?> request) {
        super("call to " + callee + " with " + request.getName() + " got no reply within " + timeout
                + " (the process is alive" + (callee.isAlive() ? "" : " no more") + ")");
    }
}
