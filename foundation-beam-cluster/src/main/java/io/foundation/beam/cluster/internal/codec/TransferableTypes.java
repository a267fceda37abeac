package io.foundation.beam.cluster.internal.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The allowlist of application types that may cross between nodes: the records and enums whose class is named by an
 * entry. Built-in types (strings, numbers, the java.time values, collections, pids, exit reasons, ...) need no entry.
 *
 * <p>An entry is a package or a class name, in dotted form, and allows every class whose name, written with dots (a
 * nested class {@code com.acme.Outer$Inner} as {@code com.acme.Outer.Inner}), equals the entry or begins with the
 * entry followed by a dot, so matching is on whole segments:
 * <ul>
 *   <li>{@code com.acme.orders} allows {@code com.acme.orders.OrderPlaced}, {@code com.acme.orders.v2.Line} and
 *       {@code com.acme.orders.Order$Line}, but not {@code com.acme.ordersbackup.X} nor {@code com.acme.Other};</li>
 *   <li>{@code com.acme.Order} allows that class and the classes nested in it ({@code com.acme.Order.Line}, written
 *       either as {@code com.acme.Order.Line} or {@code com.acme.Order$Line});</li>
 *   <li>a trailing {@code .*} is accepted and ignored ({@code com.acme.orders.*} is {@code com.acme.orders}).</li>
 * </ul>
 * An entry allows nothing but records and enums: naming a package does not make its other classes transferable.
 *
 * <p>Immutable and thread-safe.
 */
public final class TransferableTypes {

    private static final Pattern ENTRY = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private static final TransferableTypes NONE = new TransferableTypes(List.of());

    private final String[] entries;

    private TransferableTypes(List<String> entries) {
        this.entries = entries.toArray(String[]::new);
    }

    /**
     * @param entries packages and class names (see the class comment)
     * @return the allowlist of those entries
     * @throws NullPointerException if {@code entries} or an entry is null
     * @throws IllegalArgumentException if an entry is not a dotted Java name (blank, a lone {@code *}, spaces, ...)
     */
    public static TransferableTypes of(Collection<String> entries) {
        List<String> normalized = new ArrayList<>();
        for (String entry : Objects.requireNonNull(entries, "entries")) {
            Objects.requireNonNull(entry, "an allowed type entry is null");
            String e = entry.strip();
            if (e.endsWith(".*")) {
                e = e.substring(0, e.length() - 2);
            }
            e = e.replace('$', '.');
            if (!ENTRY.matcher(e).matches()) {
                throw new IllegalArgumentException("not a package or class name: '" + entry
                        + "' (expected a dotted name such as com.acme.orders or com.acme.orders.OrderPlaced)");
            }
            if (!normalized.contains(e)) {
                normalized.add(e);
            }
        }
        return new TransferableTypes(normalized);
    }

    /**
     * @param entries packages and class names
     * @return the allowlist of those entries
     * @see #of(Collection)
     */
    public static TransferableTypes of(String... entries) {
        return of(List.of(entries));
    }

    /** @return the empty allowlist: only built-in types cross */
    public static TransferableTypes none() {
        return NONE;
    }

    /**
     * @param className a class's binary name ({@code com.acme.Order$Line}), as {@link Class#getName()} gives it
     * @return whether an entry allows it; decided on the name alone, without loading anything
     */
    public boolean allows(String className) {
        if (className == null || className.isEmpty()) {
            return false;
        }
        String dotted = className.indexOf('$') < 0 ? className : className.replace('$', '.');
        for (String entry : entries) {
            if (dotted.startsWith(entry)
                    && (dotted.length() == entry.length() || dotted.charAt(entry.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    /** @return the entries, normalized (no trailing {@code .*}, nested classes with dots) */
    public List<String> entries() {
        return List.of(entries);
    }

    @Override
    public String toString() {
        return "TransferableTypes" + List.of(entries);
    }
}
