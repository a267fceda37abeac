package io.foundation.beam.internal.process;

import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessRef;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The kernel's side of the seam to processes on other nodes: holds the installed {@link RemoteRouter} and carries
 * out what it delivers (see {@link Kernel}'s "processes on other nodes" methods).
 *
 * <p>Model: the router is installed once ({@code null -> router}, by compare-and-set) and never replaced, so a cell
 * that recorded a remote link or monitor always finds the same router when it ends. The kernel consults this class
 * only after its test for a local cell failed, so local operations never read the router field.
 */
final class RemoteProcesses {

    private final ProcessKernel kernel;
    private final AtomicReference<RemoteRouter> router = new AtomicReference<>();

    RemoteProcesses(ProcessKernel kernel) {
        this.kernel = kernel;
    }

    void install(RemoteRouter r) {
        Objects.requireNonNull(r, "router");
        if (!router.compareAndSet(null, r)) {
            throw new IllegalStateException("runtime '" + kernel.name() + "' already routes to other nodes through "
                    + router.get());
        }
    }

    /**
     * @return the router, never null once a remote link or monitor exists (they are made through it)
     */
    RemoteRouter router() {
        return router.get();
    }

    /**
     * @param ref a reference that is not a cell of this runtime
     * @return the router that reaches it, or null if none does
     */
    RemoteRouter routing(ProcessRef ref) {
        RemoteRouter r = router.get();
        return r != null && ref != null && r.routes(ref) ? r : null;
    }

    void deliverLinkExit(ProcessRef local, ProcessRef remote, ExitReason reason) {
        kernel.cellOf(local).remoteLinkExited(Objects.requireNonNull(remote, "remote"),
                Objects.requireNonNull(reason, "reason"));
    }

    void deliverDown(MonitorRef monitor, ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (!(monitor instanceof Monitor m) || kernel.cellOf(m.watcher()) == null) {
            throw new IllegalArgumentException(monitor + " is not a monitor of runtime '" + kernel.name() + "'");
        }
        m.down(reason);
    }

    void deliverExit(ProcessRef local, ProcessRef from, ExitReason reason) {
        kernel.cellOf(local).deliverSignal(new SystemSignal.ExitSignal(Objects.requireNonNull(from, "from"),
                Objects.requireNonNull(reason, "reason"), false));
    }

    void linkFromRemote(ProcessRef local, ProcessRef remote) {
        ProcessCell cell = kernel.cellOf(local);
        if (router.get() == null) {
            throw new IllegalStateException("runtime '" + kernel.name() + "' has no router to other nodes");
        }
        cell.linkRemote(Objects.requireNonNull(remote, "remote"));
    }

    void unlinkFromRemote(ProcessRef local, ProcessRef remote) {
        kernel.cellOf(local).removeLink(Objects.requireNonNull(remote, "remote"));
    }

    Runnable watchExit(ProcessRef local, Consumer<ExitReason> onExit) {
        Objects.requireNonNull(onExit, "onExit");
        ProcessCell cell = kernel.cellOf(local);
        Watcher w = (target, reason) -> onExit.accept(reason);
        cell.addWatcher(w);
        return () -> cell.removeWatcher(w);
    }
}
