package io.foundation.beam.ecosystem;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An ecosystem configuration value is invalid; the message names the field, the value and what is accepted.
 *
 * <p>The same facts are there for a program: {@link #fieldId()} identifies the field, {@link #value()} is the value
 * rejected and {@link #requirement()} what the field accepts. A caller that configures ecosystems from settings of its
 * own (the Spring Boot starter maps its properties onto {@link EcosystemConfig.Builder}) can so tell its user which of
 * its settings to change, in its own names, without checking any value itself: {@link EcosystemConfig} is the one
 * source of the rules.
 */
public final class EcosystemConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** A value inside a requirement (the minimum that a maximum must reach, say), shown in the caller's format. */
    record Shown(Object value) {
    }

    private final String field;
    private final EcosystemConfig.Field fieldId;
    private final String requirement;
    /** The value rejected; not serialized (it need not be serializable). */
    private final transient Object value;
    /** The requirement's parts: text, fields and {@link Shown} values; not serialized. */
    private final transient List<Object> requirementParts;

    /**
     * @param field the configuration field
     * @param message what is wrong and what is accepted
     */
    public EcosystemConfigException(String field, String message) {
        super("invalid ecosystem configuration: " + field + ": " + message);
        this.field = field;
        this.fieldId = EcosystemConfig.Field.named(field).orElse(null);
        this.requirement = message;
        this.value = null;
        this.requirementParts = null;
    }

    /**
     * @param field the field
     * @param value the value rejected
     * @param cause the value record's own rejection, or null
     * @param requirement what the field accepts, to follow "must be": text, {@link EcosystemConfig.Field}s (another
     *     field the rule compares with) and {@link Shown} values
     */
    EcosystemConfigException(EcosystemConfig.Field field, Object value, Throwable cause, Object... requirement) {
        this(field, value, cause, List.of(requirement));
    }

    private EcosystemConfigException(EcosystemConfig.Field field, Object value, Throwable cause, List<Object> parts) {
        super("invalid ecosystem configuration: " + field.fieldName() + ": must be "
                + render(parts, EcosystemConfig.Field::fieldName, String::valueOf) + ", got " + show(value), cause);
        this.field = field.fieldName();
        this.fieldId = field;
        this.requirement = render(parts, EcosystemConfig.Field::fieldName, String::valueOf);
        this.value = value;
        this.requirementParts = parts;
    }

    /** @return the offending field, by name: its {@link EcosystemConfig.Field#fieldName()} when it is one of them */
    public String field() {
        return field;
    }

    /**
     * @return the offending field, for a program to map onto settings of its own; empty only for an exception made
     *     with {@link #EcosystemConfigException(String, String)} with a name that is none of the fields'
     */
    public Optional<EcosystemConfig.Field> fieldId() {
        return Optional.ofNullable(fieldId);
    }

    /**
     * @return the value rejected: null if it was null, if the exception was made with
     *     {@link #EcosystemConfigException(String, String)}, or after serialization
     */
    public Object value() {
        return value;
    }

    /**
     * @return what the field accepts, phrased to follow "must be" ({@code at least 1}, {@code one of tree, mesh, ring});
     *     for an exception made with {@link #EcosystemConfigException(String, String)}, its message argument
     */
    public String requirement() {
        return requirement;
    }

    /**
     * What the field accepts, with the fields and values it mentions in the caller's terms: the requirement of
     * {@link EcosystemConfig.Field#BACKOFF_MAX} is "at least " + the minimum's name + " (" + its value + ")".
     *
     * @param fieldNames the caller's name of a field that the requirement mentions
     * @param values the caller's form of a value that the requirement mentions
     * @return the requirement; {@link #requirement()} if it mentions nothing or its parts were not serialized
     */
    public String requirement(Function<? super EcosystemConfig.Field, String> fieldNames,
            Function<Object, String> values) {
        return requirementParts == null ? requirement : render(requirementParts, fieldNames, values);
    }

    private static String render(List<Object> parts, Function<? super EcosystemConfig.Field, String> fieldNames,
            Function<Object, String> values) {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof EcosystemConfig.Field f) {
                text.append(fieldNames.apply(f));
            } else if (part instanceof Shown shown) {
                text.append(values.apply(shown.value()));
            } else {
                text.append(part);
            }
        }
        return text.toString();
    }

    private static String show(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
