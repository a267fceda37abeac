package io.foundation.beam.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports a key under {@code foundation.beam} that {@link BeamProperties} does not have (it binds with
 * {@code ignoreUnknownFields = false}, so that a misspelt key fails rather than be ignored): names the key, its value
 * and origin, and the nearest known key at the same level (by edit distance), with the keys that level accepts.
 * Spring Boot's own analysis of the same failure names only the bound type. Ordered first, so that it comes before
 * Spring Boot's.
 */
final class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException>
        implements Ordered {

    private static final String PREFIX = "foundation.beam";
    private static final String ECOSYSTEMS = PREFIX + ".ecosystems";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
        List<ConfigurationProperty> unknown = cause.getUnboundProperties().stream()
                .filter(p -> p.getName().toString().startsWith(PREFIX + ".")
                        || p.getName().toString().startsWith(PREFIX + "["))
                .sorted(Comparator.comparing(p -> p.getName().toString()))
                .toList();
        if (unknown.isEmpty()) {
            return null;
        }
        StringBuilder description = new StringBuilder();
        StringBuilder action = new StringBuilder();
        for (ConfigurationProperty property : unknown) {
            Unknown u = locate(property.getName());
            String suggestion = nearest(u.key(), u.known());
            if (!description.isEmpty()) {
                description.append('\n');
                action.append('\n');
            }
            description.append("Unknown key ").append(property.getName())
                    .append(suggestion != null ? "; did you mean " + suggestion + "?" : ".")
                    .append(" Its value ").append(property.getValue())
                    .append(property.getOrigin() != null ? " (from " + property.getOrigin() + ")" : "")
                    .append(" is not used: there is no key ").append(u.key()).append(" under ").append(u.parent())
                    .append(", and Foundation BEAM fails rather than ignore a misspelt key.");
            action.append(suggestion != null ? "Rename it to " + u.parent() + "." + suggestion + ", or remove it."
                    : "Remove " + property.getName() + ".").append(" The keys under ").append(u.parent())
                    .append(" are: ").append(String.join(", ", u.known())).append('.');
        }
        return new FailureAnalysis(description.toString(), action.toString(), cause);
    }

    /** An unknown key: its level (the parent key), its name relative to it, and the keys known at that level. */
    private record Unknown(String parent, String key, List<String> known) {
    }

    private static Unknown locate(ConfigurationPropertyName name) {
        String full = name.toString();
        int elements = name.getNumberOfElements();
        if (full.startsWith(ECOSYSTEMS) && elements > 4) { // foundation.beam.ecosystems.<name>.<key...>
            String parent = name.chop(4).toString();
            return new Unknown(parent, relative(name, 4), keys(BeamProperties.EcosystemProperties.class));
        }
        return new Unknown(PREFIX, relative(name, 2), keys(BeamProperties.class).stream()
                .filter(k -> !k.startsWith("ecosystems.")).toList());
    }

    private static String relative(ConfigurationPropertyName name, int from) {
        List<String> parts = new ArrayList<>();
        for (int i = from; i < name.getNumberOfElements(); i++) {
            parts.add(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
        }
        return String.join(".", parts);
    }

    /** @return the keys of a properties class relative to it, dashed: enabled, runtime.name, mailbox.capacity... */
    static List<String> keys(Class<?> type) {
        List<String> keys = new ArrayList<>();
        collect("", type, keys);
        return keys;
    }

    private static void collect(String prefix, Class<?> type, List<String> keys) {
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (descriptor.getName().equals("class")) {
                continue;
            }
            String key = prefix + descriptor.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            Class<?> propertyType = descriptor.getPropertyType();
            if (propertyType == Map.class) {
                collect(key + ".<name>.", BeamProperties.EcosystemProperties.class, keys);
            } else if (isGroup(propertyType)) {
                collect(key + ".", propertyType, keys);
            } else {
                keys.add(key);
            }
        }
    }

    /** @return whether the type is a group of keys: a class nested, at any depth, in {@link BeamProperties} */
    static boolean isGroup(Class<?> type) {
        for (Class<?> c = type.getEnclosingClass(); c != null; c = c.getEnclosingClass()) {
            if (c == BeamProperties.class) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the known key nearest to {@code key} by edit distance, or null if none is close (more than half of it
     *     differs); a word of the key (between '-' and '.') close to a known key counts too, one edit further, so
     *     that {@code wrker-count} finds {@code workers}
     */
    static String nearest(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate);
            for (String word : key.split("[-.]")) {
                if (word.length() > 2) {
                    d = Math.min(d, distance(word, candidate) + 1);
                }
            }
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, Math.max(key.length(), best.length()) / 2) ? best : null;
    }

    /** @return the Levenshtein distance between two strings */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
