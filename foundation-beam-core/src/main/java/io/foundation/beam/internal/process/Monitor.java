package io.foundation.beam.internal.process;

import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessRef;

/** A process monitor: registered on the target as a {@link Watcher}, and on the watcher's own monitor set. */
final class Monitor implements MonitorRef, Watcher {

    private final long id;
    private final ProcessCell watcher;
    private final ProcessCell target;

    Monitor(long id, ProcessCell watcher, ProcessCell target) {
        this.id = id;
        this.watcher = watcher;
        this.target = target;
    }

    @Override
    public void targetExited(ProcessCell exited, ExitReason reason) {
        watcher.deliverSignal(new SystemSignal.DownSignal(this, reason));
    }

    @Override
    public ProcessRef target() {
        return target;
    }

    @Override
    public ProcessRef watcher() {
        return watcher;
    }

    ProcessCell targetCell() {
        return target;
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
