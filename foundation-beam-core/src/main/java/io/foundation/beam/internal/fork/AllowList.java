package io.foundation.beam.internal.fork;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * The deserialization allow-list of forked work, applied by each side to what the other sent (the child to the
 * input, the parent to the result): the java.base value types below, arrays of primitives, of {@code Object} and
 * of allowed classes,
 * the task's own package and the caller's patterns. Anything else is refused; the first refused class is kept so that
 * the error can name it. Patterns: {@code a.b.C} (the class), {@code a.b.*} (the package), {@code a.b.**} (the
 * package and its sub-packages), {@code a.b.C*} (a name prefix). One instance per stream: not thread-safe.
 */
final class AllowList implements ObjectInputFilter {

    /** java.base value types: text, numbers, time, the JDK's collections, a few identifiers. */
    static final List<String> DEFAULTS = List.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Number", "java.lang.Byte",
            "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
            "java.lang.Enum", "java.math.BigInteger", "java.math.BigDecimal", "java.time.*", "java.util.ArrayList",
            "java.util.LinkedList", "java.util.ArrayDeque", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.EnumMap", "java.util.CollSer", "java.util.ImmutableCollections$*", "java.util.Collections$*",
            "java.util.Arrays$ArrayList", "java.util.UUID", "java.util.BitSet", "java.util.Date", "java.util.Locale",
            "java.net.URI");
    private static final int MAX_DEPTH = 200;

    private final List<String> patterns;
    private String refused;

    AllowList(List<String> patterns) {
        this.patterns = patterns;
    }

    /**
     * @param taskClassName the task's class
     * @param extra the caller's patterns
     * @return the patterns of one task's allow-list
     */
    static List<String> patternsFor(String taskClassName, List<String> extra) {
        List<String> all = new ArrayList<>(DEFAULTS);
        int dot = taskClassName.lastIndexOf('.');
        all.add(dot < 0 ? taskClassName : taskClassName.substring(0, dot) + ".*");
        all.addAll(extra);
        return List.copyOf(all);
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > MAX_DEPTH) {
            refused = "(an object graph deeper than " + MAX_DEPTH + ")";
            return Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return Status.UNDECIDED;
        }
        boolean array = type.isArray();
        while (type.isArray()) {
            type = type.getComponentType();
        }
        // An Object[] (the JDK's immutable collections serialize one) is a container: its elements are checked each.
        if (type.isPrimitive() || (array && type == Object.class) || allows(type.getName())) {
            return Status.ALLOWED;
        }
        if (refused == null) {
            refused = type.getName();
        }
        return Status.REJECTED;
    }

    /** @return the first class refused, or null */
    String refused() {
        return refused;
    }

    boolean allows(String className) {
        for (String pattern : patterns) {
            if (matches(pattern, className)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String className) {
        if (pattern.endsWith(".**")) {
            return className.startsWith(pattern.substring(0, pattern.length() - 2));
        }
        if (pattern.endsWith(".*")) {
            String pkg = pattern.substring(0, pattern.length() - 2);
            return className.startsWith(pkg + ".") && className.indexOf('.', pkg.length() + 1) < 0;
        }
        if (pattern.endsWith("*")) {
            return className.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return className.equals(pattern);
    }
}
