package io.foundation.beam.boot.actuate.observer;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.actuate.observer.ObserverModel.Child;
import io.foundation.beam.boot.actuate.observer.ObserverModel.SupervisorNode;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.ChildInfo;
import io.foundation.beam.supervision.DynamicSupervisor;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.telemetry.TopSample;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds the tree's plain supervisors (those no ecosystem runs) from a {@link TopSample}'s live supervisors: asks each
 * for its children, all at once, and waits for the answers up to a timeout together; the roots are the supervisors
 * no other supervisor lists as a child. A supervisor that has not answered is shown as such, without children, and is
 * not asked again until its earlier question is answered, so a stuck supervisor costs one waiting virtual thread, not
 * one per sample. Used by the sampler's thread only.
 */
final class SupervisionTree {

    /** The most supervisors asked per sample, lowest ids first. */
    static final int MAX_ASKED = 128;

    private final BeamRuntime runtime;
    private final Duration timeout;
    private final Executor askers = task -> Thread.ofVirtual().name("foundation-beam-observer-ask").start(task);
    private final Map<ProcessRef, CompletableFuture<List<ChildInfo>>> pending = new ConcurrentHashMap<>();

    SupervisionTree(BeamRuntime runtime, Duration timeout) {
        this.runtime = runtime;
        this.timeout = timeout;
    }

    /**
     * The tree's supervisors: at most {@value ObserverSampler#MAX_SUPERVISORS} roots, lowest id first.
     *
     * @param supervisors the live supervisors, by kind
     * @param ecosystemMembers the ecosystems' processes: they and whatever they supervise are the ecosystems' part of
     *     the tree, left out here
     * @param slots filled with each shown child's slot (its supervisor and child id)
     * @param shown filled with every process shown
     */
    Result build(TopSample sample, Set<ProcessRef> ecosystemMembers, Map<ProcessRef, String> slots,
            Map<Long, ProcessRef> shown) {
        Map<ProcessRef, Boolean> dynamic = new LinkedHashMap<>();
        for (ProcessRef s : sample.supervisors()) {
            dynamic.put(s, false);
        }
        for (ProcessRef s : sample.dynamicSupervisors()) {
            dynamic.put(s, true);
        }
        List<ProcessRef> asked = dynamic.keySet().stream().sorted(Comparator.comparingLong(ProcessRef::id))
                .limit(MAX_ASKED).toList();
        Map<ProcessRef, List<ChildInfo>> answers = ask(asked, dynamic);

        Set<ProcessRef> children = new HashSet<>();
        for (List<ChildInfo> list : answers.values()) {
            for (ChildInfo child : list) {
                child.process().ifPresent(children::add);
            }
        }
        Set<ProcessRef> ecosystems = descendants(ecosystemMembers, answers);
        List<ProcessRef> roots = asked.stream().filter(s -> !children.contains(s) && !ecosystems.contains(s))
                .toList();
        List<SupervisorNode> nodes = new ArrayList<>();
        int[] budget = {ObserverSampler.MAX_TREE_CHILDREN};
        for (ProcessRef root : roots.subList(0, Math.min(roots.size(), ObserverSampler.MAX_SUPERVISORS))) {
            shown.put(root.id(), root);
            Optional<ProcessInfo> info = runtime.info(root);
            List<ChildInfo> list = answers.get(root);
            Level level = list == null ? new Level(List.of(), 0)
                    : children(root, list, answers, 1, budget, slots, shown);
            nodes.add(new SupervisorNode(root.id(), root.toString(),
                    info.flatMap(ProcessInfo::registeredName).orElse(null),
                    dynamic.get(root) ? "dynamic" : "supervisor",
                    info.map(i -> i.status().name()).orElse("DEAD"), list != null, level.children(), level.more()));
        }
        int unlisted = sample.supervisorCount() - asked.size();
        return new Result(List.copyOf(nodes), roots.size() - nodes.size() + Math.max(0, unlisted));
    }

    /**
     * @param supervisors the plain supervisors shown
     * @param moreSupervisors supervisors left out (beyond the limit, or not asked)
     */
    record Result(List<SupervisorNode> supervisors, int moreSupervisors) {
    }

    private record Level(List<Child> children, int more) {
    }

    /** A supervisor's children, within the limit per supervisor and the budget left for the whole tree. */
    private Level children(ProcessRef supervisor, List<ChildInfo> list, Map<ProcessRef, List<ChildInfo>> answers,
            int depth, int[] budget, Map<ProcessRef, String> slots, Map<Long, ProcessRef> shown) {
        List<Child> out = new ArrayList<>();
        int shownHere = Math.min(list.size(), Math.min(ObserverSampler.MAX_CHILDREN, budget[0]));
        budget[0] -= shownHere;
        for (ChildInfo child : list.subList(0, shownHere)) {
            ProcessRef process = child.process().orElse(null);
            List<Child> grandChildren = null;
            int more = 0;
            if (process != null) {
                shown.put(process.id(), process);
                slots.put(process, ObserverSampler.childSlot(supervisor, child.id()));
                List<ChildInfo> own = answers.get(process);
                if (child.supervisor() && own != null && depth < ObserverSampler.MAX_DEPTH) {
                    Level level = children(process, own, answers, depth + 1, budget, slots, shown);
                    grandChildren = level.children();
                    more = level.more();
                }
            }
            out.add(new Child(child.id(), process == null ? null : process.id(),
                    process == null ? null : process.toString(), child.status().name(), child.restarts(),
                    child.supervisor(), grandChildren, more));
        }
        return new Level(List.copyOf(out), list.size() - out.size());
    }

    /** The given processes and every process under them in the answers. */
    private static Set<ProcessRef> descendants(Set<ProcessRef> tops, Map<ProcessRef, List<ChildInfo>> answers) {
        Set<ProcessRef> seen = new HashSet<>(tops);
        Deque<ProcessRef> work = new ArrayDeque<>(tops);
        while (!work.isEmpty()) {
            List<ChildInfo> list = answers.get(work.poll());
            if (list != null) {
                for (ChildInfo child : list) {
                    child.process().filter(seen::add).ifPresent(work::add);
                }
            }
        }
        return seen;
    }

    /** Asks every supervisor not already asked, then collects the answers that came within the timeout. */
    private Map<ProcessRef, List<ChildInfo>> ask(List<ProcessRef> supervisors, Map<ProcessRef, Boolean> dynamic) {
        pending.keySet().removeIf(ref -> !ref.isAlive());
        for (ProcessRef s : supervisors) {
            pending.computeIfAbsent(s, ref -> CompletableFuture.supplyAsync(() -> dynamic.get(ref)
                    ? DynamicSupervisor.of(runtime, ref).children()
                    : Supervisor.of(runtime, ref).children(), askers));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<ProcessRef, List<ChildInfo>> answers = new HashMap<>();
        for (ProcessRef s : supervisors) {
            CompletableFuture<List<ChildInfo>> future = pending.get(s);
            if (future == null) {
                continue;
            }
            try {
                answers.put(s, future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                pending.remove(s, future);
            } catch (TimeoutException stillWaiting) {
                // asked again only once it has answered
            } catch (ExecutionException failed) {
                pending.remove(s, future); // it ended meanwhile, or refused: asked afresh next time
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return answers;
    }
}
