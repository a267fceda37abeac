package io.foundation.beam.boot;

/**
 * The Foundation BEAM configuration of the application context is unusable: an invalid {@code foundation.beam.*}
 * property or annotation attribute, a {@code @HandleMessage} method with an unusable signature, two coordinators for
 * one ecosystem, and so on. It fails the startup, and the starter's failure analyzer prints its
 * {@link #description()} and {@link #action()}, which name the property or bean and what to change.
 */
public final class BeamConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String description;
    private final String action;

    /**
     * @param description what is wrong, naming the ecosystem, bean, method or property and the offending value
     * @param action what to change
     */
    public BeamConfigurationException(String description, String action) {
        this(description, action, null);
    }

    /**
     * @param description what is wrong, naming the ecosystem, bean, method or property and the offending value
     * @param action what to change
     * @param cause the underlying failure, or null
     */
    public BeamConfigurationException(String description, String action, Throwable cause) {
        super(description, cause);
        this.description = description;
        this.action = action;
    }

    /** @return what is wrong */
    public String description() {
        return description;
    }

    /** @return what to change */
    public String action() {
        return action;
    }
}
