package io.foundation.beam.internal.process;

import io.foundation.beam.process.ExitReason;
import java.util.concurrent.CompletableFuture;

/** Completes a future with a process's exit reason. */
final class ExitWatcher extends CompletableFuture<ExitReason> implements Watcher {

    @Override
    public void targetExited(ProcessCell target, ExitReason reason) {
        complete(reason);
    }
}
