package io.foundation.beam.internal.process;

import io.foundation.beam.process.ExitReason;

/** Something told, once, when a process ends: a process monitor, a pending call, or an exit future. */
interface Watcher {

    /**
     * Called at most once, on the thread that ended the process.
     *
     * @param target the process that ended
     * @param reason why
     */
    void targetExited(ProcessCell target, ExitReason reason);
}
