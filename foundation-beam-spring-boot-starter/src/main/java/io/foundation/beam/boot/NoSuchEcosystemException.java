package io.foundation.beam.boot;

import io.foundation.beam.process.BeamException;
import java.util.List;

/**
 * No enabled ecosystem has the requested name. The message names the ecosystems that exist, and says so if the
 * name is one that is disabled by property.
 */
public final class NoSuchEcosystemException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String[] known;
    private final boolean disabled;

    /**
     * @param name the name asked for
     * @param known the enabled ecosystems
     * @param disabled whether {@code name} is a declared ecosystem disabled by
     *     {@code foundation.beam.ecosystems.<name>.enabled=false}
     */
    public NoSuchEcosystemException(String name, List<String> known, boolean disabled) {
        super(disabled
                ? "ecosystem '" + name + "' is disabled (foundation.beam.ecosystems." + name + ".enabled=false)"
                : "no ecosystem named '" + name + "'; known ecosystems: " + (known.isEmpty() ? "none" : known));
        this.name = name;
        this.known = known.toArray(String[]::new);
        this.disabled = disabled;
    }

    /** @return the name asked for */
    public String name() {
        return name;
    }

    /** @return the names of the enabled ecosystems */
    public List<String> known() {
        return List.of(known);
    }

    /** @return whether the name is a declared ecosystem disabled by property */
    public boolean disabled() {
        return disabled;
    }
}
