package io.foundation.beam.ecosystem;

/**
 * A forked task's input or result holds a class that the deserializing side's allow-list refuses (or that cannot be
 * serialized at all); nothing of it was used. The message names the class and the option that allows it
 * ({@link IsolationOptions#withAllowedClasses(String...)}). Outcome {@link Outcome#REFUSED}.
 */
public final class IsolatedDataRefusedException extends IsolatedWorkException {

    private static final long serialVersionUID = 1L;

    private final String className;

    /**
     * @param message what was refused and how to allow it
     * @param className the refused class's name
     */
    public IsolatedDataRefusedException(String message, String className) {
        super(Outcome.REFUSED, message, null);
        this.className = className;
    }

    /** @return the refused class's name */
    public String className() {
        return className;
    }
}
