package io.foundation.beam.process;

/** Thrown when a name is registered twice; names the current holder. */
public final class NameAlreadyRegisteredException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final transient ProcessRef holder;

    /**
     * @param name the name
     * @param holder the live process that holds it
     */
    public NameAlreadyRegisteredException(String name, ProcessRef holder) {
        super("name '" + name + "' is already registered to " + holder);
        this.holder = holder;
    }

    /** @return the process that holds the name */
    public ProcessRef holder() {
        return holder;
    }
}
