package io.foundation.beam.internal.process;

import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessRef;

/**
 * A process monitor: in the watcher's own monitor set, and registered on the target as a {@link Watcher} when the
 * target is a process of this runtime, or with the {@link RemoteRouter} when it is on another node (which then
 * delivers the Down through {@link Kernel#deliverDown}).
 */
final class Monitor implements MonitorRef, Watcher {

    private final long id;
    private final ProcessCell watcher;
    private final ProcessRef target;
    /** The router that watches the target for this monitor, or null for a target of this runtime. */
    private final RemoteRouter router;

    Monitor(long id, ProcessCell watcher, ProcessCell target) {
        this(id, watcher, target, null);
    }

    Monitor(long id, ProcessCell watcher, ProcessRef target, RemoteRouter router) {
        this.id = id;
        this.watcher = watcher;
        this.target = target;
        this.router = router;
    }

    @Override
    public void targetExited(ProcessCell exited, ExitReason reason) {
        down(reason);
    }

    @Override
    public ProcessRef target() {
        return target;
    }

    @Override
    public ProcessRef watcher() {
        return watcher;
    }

    /** Stops watching the target (demonitor, or the watcher ended). Any thread; idempotent. */
    void release() {
        if (router != null) {
            router.demonitor(this);
        } else {
            ((ProcessCell) target).removeWatcher(this);
        }
    }

    /** The target ended: its Down goes to the watcher (a late or repeated one is dropped there). */
    void down(ExitReason reason) {
        watcher.deliverSignal(new SystemSignal.DownSignal(this, reason));
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String toString() {
        return "#Monitor<" + id + " " + watcher + " -> " + target + ">";
    }
}
