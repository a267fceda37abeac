package io.foundation.beam.process;

/** Thrown when a closed (or closing) runtime is asked to spawn. */
public final class RuntimeClosedException extends BeamException {

    private static final long serialVersionUID = 1L;

    /**
     * @param runtime the runtime's name
     * @param state its state
     */
    public RuntimeClosedException(String runtime, String state) {
        super("runtime '" + runtime + "' is " + state + ": it accepts no new processes");
    }
}
