package io.foundation.beam.internal.supervision;

import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.ChildSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A supervisor's children: OTP's {@code #state.children} (its {@code {Ids, Db}} pair), with every operation the
 * supervisor does per request or per exit in constant time, so that n children cost O(n) and not O(n²) (issue 18,
 * deviation 6).
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Model.</b> A doubly linked list of {@link Child} nodes in start order (a child added later comes after the
 *       others, and a restart keeps its place), plus two hash indexes: by id, and by the pid of each running child.
 *       </li>
 *   <li><b>Costs.</b> {@link #add}, {@link #remove}, {@link #byId}, {@link #byPid} and {@link #setPid}: O(1).
 *       {@link #fromChild} (REST_FOR_ONE's "this child and those started after it"), {@link #all} and
 *       {@link #reversed} (stopping in reverse start order): O(size of the answer).</li>
 *   <li><b>Invariants.</b> A child is in the list iff it is in the id index; {@code byPid(p) == c} iff {@code c} is in
 *       the table and {@code c.pid() == p}. So a child's pid is only ever changed through {@link #setPid}, and
 *       {@link #remove} drops its pid entry too.</li>
 *   <li><b>Snapshots.</b> {@link #fromChild}, {@link #all} and {@link #reversed} return copies, so the caller may remove
 *       children while walking them.</li>
 * </ul>
 *
 * <p>Thread-safety: none; confined to the supervisor process's thread.
 */
final class ChildTable {

    /** One child: its spec and, while it runs, its process; the supervisor's bookkeeping for it. */
    static final class Child {
        final ChildSpec spec;
        private ProcessRef pid;
        int restarts;
        int consecutive;
        long startedAt;
        long generation;
        boolean restarting;
        private Child prev;
        private Child next;
        private boolean inTable;

        Child(ChildSpec spec) {
            this.spec = spec;
        }

        /** @return its process while it runs, else null */
        ProcessRef pid() {
            return pid;
        }

        String id() {
            return spec.id();
        }
    }

    private final Map<String, Child> byId;
    private final Map<ProcessRef, Child> byPid;
    private Child head;
    private Child tail;

    /**
     * @param expected the children the supervisor starts with: the indexes are sized for them at once, not grown
     *     step by step while a supervisor of thousands starts them (a dynamic supervisor's grow as usual)
     */
    ChildTable(int expected) {
        this.byId = HashMap.newHashMap(expected);
        this.byPid = HashMap.newHashMap(expected);
    }

    /**
     * Appends a child after the others (its pid, if it has one, is indexed).
     *
     * @throws IllegalStateException if its id is taken or it is already in a table
     */
    void add(Child child) {
        if (child.inTable || byId.putIfAbsent(child.id(), child) != null) {
            throw new IllegalStateException("child '" + child.id() + "' is already in the table");
        }
        child.inTable = true;
        child.prev = tail;
        child.next = null;
        if (tail == null) {
            head = child;
        } else {
            tail.next = child;
        }
        tail = child;
        if (child.pid != null) {
            byPid.put(child.pid, child);
        }
    }

    /** Removes a child, if in the table. */
    void remove(Child child) {
        if (!child.inTable) {
            return;
        }
        child.inTable = false;
        byId.remove(child.id());
        if (child.pid != null) {
            byPid.remove(child.pid, child);
        }
        if (child.prev == null) {
            head = child.next;
        } else {
            child.prev.next = child.next;
        }
        if (child.next == null) {
            tail = child.prev;
        } else {
            child.next.prev = child.prev;
        }
        child.prev = null;
        child.next = null;
    }

    /** Sets (or, with null, clears) a child's running process, keeping the pid index right. */
    void setPid(Child child, ProcessRef pid) {
        if (child.pid != null && child.inTable) {
            byPid.remove(child.pid, child);
        }
        child.pid = pid;
        if (pid != null && child.inTable) {
            byPid.put(pid, child);
        }
    }

    /** @return the child with that id, or null */
    Child byId(String id) {
        return byId.get(id);
    }

    /** @return the running child with that process, or null */
    Child byPid(ProcessRef pid) {
        return byPid.get(pid);
    }

    boolean contains(Child child) {
        return child.inTable;
    }

    int size() {
        return byId.size();
    }

    boolean isEmpty() {
        return head == null;
    }

    /** @return the child and those after it in start order (a copy) */
    List<Child> fromChild(Child child) {
        List<Child> result = new ArrayList<>();
        for (Child c = child.inTable ? child : null; c != null; c = c.next) {
            result.add(c);
        }
        return result;
    }

    /** @return every child in start order (a copy) */
    List<Child> all() {
        List<Child> result = new ArrayList<>(byId.size());
        for (Child c = head; c != null; c = c.next) {
            result.add(c);
        }
        return result;
    }

    /** @return every child in reverse start order (a copy) */
    List<Child> reversed() {
        List<Child> result = new ArrayList<>(byId.size());
        for (Child c = tail; c != null; c = c.prev) {
            result.add(c);
        }
        return result;
    }

    /** @return the ids in start order */
    List<String> ids() {
        List<String> result = new ArrayList<>(byId.size());
        for (Child c = head; c != null; c = c.next) {
            result.add(c.id());
        }
        return result;
    }
}
