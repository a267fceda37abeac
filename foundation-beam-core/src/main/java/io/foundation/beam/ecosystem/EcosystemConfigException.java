package io.foundation.beam.ecosystem;

/** An ecosystem configuration value is invalid; the message names the field, the value and what is accepted. */
public final class EcosystemConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the configuration field
     * @param message what is wrong and what is accepted
     */
    public EcosystemConfigException(String field, String message) {
        super("invalid ecosystem configuration: " + field + ": " + message);
        this.field = field;
    }

    /** @return the offending field */
    public String field() {
        return field;
    }
}
