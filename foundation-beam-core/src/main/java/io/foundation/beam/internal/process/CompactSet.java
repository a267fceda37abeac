package io.foundation.beam.internal.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A concurrent set for a process's links, monitors and watchers, which hold one entry in the common case (a worker
 * is linked to its supervisor and watched by its coordinator): 16 bytes for up to one entry, where a
 * {@link ConcurrentHashMap#newKeySet() concurrent key set} costs about 200 (the map, its key-set view, a 16-slot
 * table and a node). A second entry moves the set to a concurrent key set for good.
 *
 * <h2>Model</h2>
 * One volatile field, {@code state}: {@code null} (empty), the single entry itself, or a {@link Many} holding a
 * concurrent key set. Entries are never {@code Many} objects (the class is private), so the three cases are told
 * apart by a null check and an {@code instanceof}.
 *
 * <h2>States</h2>
 * <pre>
 *   empty --add(x)--> one(x) --add(y), y != x--> many({x, y})  (never back)
 *     ^                 |
 *     +---remove(x)-----+
 * </pre>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Every change of {@code state} is a compare-and-set from the value just read, so an add and a remove that
 *       race over the single entry cannot both act on it: the loser reads the new state and retries. In particular
 *       a remove of the single entry returns true for one caller only, which the cell's "claim by removal"
 *       protocol (links and watchers after death) relies on, as it did on the concurrent set's remove.</li>
 *   <li>Once {@code many}, the set delegates every operation to the concurrent key set: its guarantees (weakly
 *       consistent iteration, atomic add and remove) are this set's.</li>
 *   <li>Entries compare by {@code equals}, as in a concurrent key set.</li>
 * </ul>
 *
 * @param <T> the entry type (never null)
 */
final class CompactSet<T> extends AbstractSet<T> {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CompactSet.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The set once it had two entries at once (or was made for many). */
    private static final class Many<T> {
        final Set<T> set;

        Many(Set<T> set) {
            this.set = set;
        }
    }

    /** null, the one entry, or a {@link Many}. */
    @SuppressWarnings("unused") // STATE
    private volatile Object state;

    /** An empty set for one entry, growing on the second. */
    CompactSet() {
    }

    /**
     * An empty set sized for {@code expected} entries: a concurrent key set at once when more than one is expected
     * (a supervisor about to link its children).
     */
    CompactSet(int expected) {
        if (expected > 1) {
            state = new Many<T>(ConcurrentHashMap.newKeySet(expected));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean add(T e) {
        for (;;) {
            Object s = STATE.getVolatile(this);
            if (s == null) {
                if (STATE.compareAndSet(this, null, e)) {
                    return true;
                }
            } else if (s instanceof Many<?> m) {
                return ((Many<T>) m).set.add(e);
            } else if (s.equals(e)) {
                return false;
            } else {
                Set<T> set = ConcurrentHashMap.newKeySet(4);
                set.add((T) s);
                set.add(e);
                if (STATE.compareAndSet(this, s, new Many<>(set))) {
                    return true;
                }
            }
        }
    }

    @Override
    public boolean remove(Object o) {
        for (;;) {
            Object s = STATE.getVolatile(this);
            if (s == null) {
                return false;
            } else if (s instanceof Many<?> m) {
                return m.set.remove(o);
            } else if (!s.equals(o)) {
                return false;
            } else if (STATE.compareAndSet(this, s, null)) {
                return true;
            }
        }
    }

    @Override
    public boolean contains(Object o) {
        Object s = STATE.getVolatile(this);
        return s instanceof Many<?> m ? m.set.contains(o) : s != null && s.equals(o);
    }

    @Override
    public boolean isEmpty() {
        Object s = STATE.getVolatile(this);
        return s instanceof Many<?> m ? m.set.isEmpty() : s == null;
    }

    @Override
    public int size() {
        Object s = STATE.getVolatile(this);
        return s instanceof Many<?> m ? m.set.size() : s == null ? 0 : 1;
    }

    /** Weakly consistent, as the concurrent key set's: the entry or entries present when it was made, or since. */
    @Override
    @SuppressWarnings("unchecked")
    public Iterator<T> iterator() {
        Object s = STATE.getVolatile(this);
        if (s == null) {
            return Collections.emptyIterator();
        }
        if (s instanceof Many<?> m) {
            return ((Many<T>) m).set.iterator();
        }
        return Collections.singleton((T) s).iterator();
    }

    /**
     * Removes every entry, each by its own removal, and gives each entry this call removed to {@code action} (an entry
     * another thread removed first is skipped): how a dying process claims its links, monitors and watchers against
     * threads adding or removing entries meanwhile. A single entry is taken without the iterator a walk allocates;
     * pass a non-capturing {@code action} and its argument in {@code arg}, and the call allocates nothing.
     *
     * @param action what to do with each removed entry and {@code arg}
     * @param arg the action's second argument
     * @param <A> its type
     */
    <A> void removeEach(BiConsumer<? super T, ? super A> action, A arg) {
        T one = removeSingle();
        if (one != null) {
            action.accept(one, arg);
            return;
        }
        for (T e : this) {
            if (remove(e)) {
                action.accept(e, arg);
            }
        }
    }

    /** @return the entry removed by this call if the set held just it in compact form; else null (empty or many) */
    @SuppressWarnings("unchecked")
    private T removeSingle() {
        for (;;) {
            Object s = STATE.getVolatile(this);
            if (s == null || s instanceof Many<?>) {
                return null;
            }
            if (STATE.compareAndSet(this, s, null)) {
                return (T) s;
            }
        }
    }

    /** @return whether the set holds its entries in a concurrent key set (it had two at once, or was made for many) */
    boolean isMany() {
        return STATE.getVolatile(this) instanceof Many<?>;
    }
}
