package io.foundation.beam.cluster.internal.groups;

import io.foundation.beam.cluster.GroupMonitor;
import io.foundation.beam.cluster.ProcessGroups;
import io.foundation.beam.cluster.internal.routing.ClusterRouter;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * This node's {@link ProcessGroups}: reads from the {@link GroupTable}, changes through calls to the
 * {@link GroupScope} it starts. Stateless apart from those two; thread-safe.
 */
public final class DefaultProcessGroups implements ProcessGroups {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Kernel kernel;
    private final ClusterRouter router;
    private final GroupTable table = new GroupTable();
    private final ProcessRef scope;

    private DefaultProcessGroups(Kernel kernel, ClusterRouter router) {
        this.kernel = kernel;
        this.router = router;
        this.scope = kernel.runtime().spawn(new GroupScope(router, table),
                SpawnOptions.defaults().withName(GroupScope.NAME).withAwaitInit(true));
    }

    /**
     * Starts this node's group scope (registered as {@value GroupScope#NAME}).
     *
     * @param kernel the node's kernel
     * @param router the node's router, started
     * @return the node's groups
     */
    public static DefaultProcessGroups start(Kernel kernel, ClusterRouter router) {
        return new DefaultProcessGroups(kernel, router);
    }

    /** @return the scope process */
    public ProcessRef scope() {
        return scope;
    }

    @Override
    public void join(String group, ProcessRef process) {
        Objects.requireNonNull(group, "group");
        kernel.requireOwn(Objects.requireNonNull(process, "process"));
        if (!process.isAlive()) {
            throw new NoSuchProcessException("cannot join group '" + group + "': process " + process + " has ended");
        }
        ask(new GroupScope.JoinRequest(group, process));
    }

    @Override
    public boolean leave(String group, ProcessRef process) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(process, "process");
        return (Boolean) ask(new GroupScope.LeaveRequest(group, process));
    }

    @Override
    public List<ProcessRef> members(String group) {
        return table.all(Objects.requireNonNull(group, "group"));
    }

    @Override
    public List<ProcessRef> localMembers(String group) {
        return table.local(Objects.requireNonNull(group, "group"));
    }

    @Override
    public Set<String> groups() {
        return table.groups();
    }

    @Override
    public GroupMonitor monitor(ProcessRef watcher, String group) {
        Objects.requireNonNull(group, "group");
        kernel.requireOwn(Objects.requireNonNull(watcher, "watcher"));
        return (GroupMonitor) ask(new GroupScope.MonitorRequest(watcher, group));
    }

    @Override
    public boolean demonitor(GroupMonitor monitor) {
        return (Boolean) ask(new GroupScope.DemonitorRequest(monitor.id()));
    }

    @Override
    public int broadcast(String group, Object message) {
        Objects.requireNonNull(message, "message");
        List<ProcessRef> remote = new ArrayList<>();
        List<ProcessRef> local = new ArrayList<>();
        for (ProcessRef member : new LinkedHashSet<>(members(group))) {
            (router.routes(member) ? remote : local).add(member);
        }
        for (ProcessRef member : remote) { // first: a message that cannot cross fails before anyone got it
            member.trySend(message);
        }
        for (ProcessRef member : local) {
            member.trySend(message);
        }
        return remote.size() + local.size();
    }

    private Object ask(GroupScope.LocalRequest request) {
        Object answer = kernel.runtime().call(scope, request, TIMEOUT);
        if (answer instanceof GroupScope.Failed f) {
            throw f.error();
        }
        return answer;
    }

    @Override
    public String toString() {
        return "ProcessGroups[node=" + router.self() + ", groups=" + table.groups() + "]";
    }
}
