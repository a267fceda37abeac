package io.foundation.beam.internal.process;

import io.foundation.beam.process.NameAlreadyRegisteredException;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A runtime's registered names and process groups, and their clean-up when a process ends.
 *
 * <h2>Model</h2>
 * A name maps to one process, and a process holds at most one name: the cell's {@code registeredName} slot, claimed by
 * compare-and-set before the name is entered in the map. A group maps to a concurrent set of processes. Both maps
 * are concurrent: every method may be called from any thread. {@link #onDeath} runs on the thread that ended the
 * process ({@link ProcessKernel#onDeath}).
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A lookup never returns a process that has ended ({@link #whereis}, {@link #registeredNames},
 *       {@link #groupMembers} test each entry): its entries may outlive it until {@link #onDeath} has run. Only
 *       {@link #groupSnapshot} returns the raw membership, for a broadcast that counts the dead as dead letters.</li>
 *   <li>Registering and joining race with the process's end: each re-checks that the process is alive after adding
 *       its entry and removes the entry if it ended meanwhile, so no entry made after {@link #onDeath}'s clean-up
 *       outlives the process.</li>
 *   <li>A holder of a name that ended but is not yet cleaned up does not stop another process registering the
 *       name.</li>
 * </ul>
 */
final class Registry {

    private final ProcessKernel kernel;
    private final ConcurrentHashMap<String, ProcessCell> names = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<ProcessCell>> groups = new ConcurrentHashMap<>();

    Registry(ProcessKernel kernel) {
        this.kernel = kernel;
    }

    // ------------------------------------------------------------------ names

    void register(String name, ProcessRef process) {
        registerCell(name, kernel.cellOf(process));
    }

    /** Also used by spawn for {@code SpawnOptions.name}, before the process starts. */
    void registerCell(String name, ProcessCell cell) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("process name must not be blank");
        }
        if (!cell.isAlive()) {
            throw new IllegalArgumentException("cannot register '" + name + "' to " + cell + ": the process has ended ("
                    + cell.exitReason().orElseThrow() + ")");
        }
        if (!cell.claimName(name)) { // one name per process, claimed atomically
            throw new IllegalArgumentException("cannot register '" + name + "' to " + cell
                    + ": it is already registered as '" + cell.registeredName + "'");
        }
        for (;;) {
            ProcessCell holder = names.putIfAbsent(name, cell);
            if (holder == null) {
                break;
            }
            if (holder.isAlive()) {
                cell.releaseName(name);
                throw new NameAlreadyRegisteredException(name, holder);
            }
            names.remove(name, holder); // a dead holder not yet cleaned up
        }
        if (!cell.isAlive()) { // died meanwhile: its cleanup may have missed the name
            names.remove(name, cell);
        }
    }

    /** Spawn's roll-back of {@link #registerCell} when the runtime closed before the process could start. */
    void forget(String name, ProcessCell cell) {
        names.remove(name, cell);
    }

    Optional<ProcessRef> whereis(String name) {
        Objects.requireNonNull(name, "name");
        ProcessCell cell = names.get(name);
        return cell != null && cell.isAlive() ? Optional.of(cell) : Optional.empty();
    }

    boolean unregister(String name) {
        Objects.requireNonNull(name, "name");
        ProcessCell cell = names.remove(name);
        if (cell == null) {
            return false;
        }
        cell.releaseName(name);
        return cell.isAlive();
    }

    Set<String> registeredNames() {
        Set<String> result = new TreeSet<>();
        names.forEach((n, c) -> {
            if (c.isAlive()) {
                result.add(n);
            }
        });
        return Set.copyOf(result);
    }

    void send(String name, Object message) {
        Objects.requireNonNull(message, "message must not be null");
        ProcessRef target = whereis(name).orElseThrow(() -> new NoSuchProcessException(
                "no process is registered as '" + name + "' in runtime '" + kernel.name() + "' (registered: "
                        + describeNames() + ")"));
        target.send(message);
    }

    private String describeNames() {
        Set<String> all = registeredNames();
        if (all.isEmpty()) {
            return "none";
        }
        return all.size() <= 10 ? String.join(", ", all) : String.join(", ", List.copyOf(all).subList(0, 10))
                + ", ... (" + all.size() + " in all)";
    }

    // ------------------------------------------------------------------ groups

    void join(String group, ProcessRef process) {
        Objects.requireNonNull(group, "group");
        ProcessCell cell = kernel.cellOf(process);
        if (!cell.isAlive()) {
            throw new NoSuchProcessException("cannot add " + cell + " to group '" + group + "': it has ended");
        }
        groups.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(cell);
        if (!cell.isAlive()) {
            removeMember(group, cell); // it ended meanwhile: onDeath may have missed the new membership
        }
    }

    boolean leave(String group, ProcessRef process) {
        Objects.requireNonNull(group, "group");
        return removeMember(group, kernel.cellOf(process));
    }

    /** Removes {@code cell} from {@code group}, and the group once it has no member left. */
    private boolean removeMember(String group, ProcessCell cell) {
        boolean[] removed = {false};
        groups.computeIfPresent(group, (g, members) -> {
            removed[0] = members.remove(cell);
            return members.isEmpty() ? null : members;
        });
        return removed[0];
    }

    List<ProcessRef> groupMembers(String group) {
        Set<ProcessCell> members = groups.get(Objects.requireNonNull(group, "group"));
        if (members == null) {
            return List.of();
        }
        List<ProcessRef> live = new ArrayList<>();
        for (ProcessCell c : members) {
            if (c.isAlive()) {
                live.add(c);
            }
        }
        return List.copyOf(live);
    }

    /** Every member now, including members that ended and are not yet removed ({@link Kernel#groupSnapshot}). */
    List<ProcessRef> groupSnapshot(String group) {
        Set<ProcessCell> members = groups.get(Objects.requireNonNull(group, "group"));
        return members == null ? List.of() : List.copyOf(members);
    }

    // ------------------------------------------------------------------ clean-up

    /** Removes a process that ended from its name and its groups; on the thread that ended it. */
    void onDeath(ProcessCell cell) {
        String n = cell.registeredName;
        if (n != null) {
            names.remove(n, cell);
        }
        if (!groups.isEmpty()) {
            for (String g : groups.keySet()) {
                removeMember(g, cell);
            }
        }
    }
}
