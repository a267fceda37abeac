package io.foundation.beam.telemetry;

import io.foundation.beam.process.ProcessInfo;
import java.util.List;

/**
 * A runtime-wide snapshot.
 *
 * @param runtime the runtime's name
 * @param processCount live processes
 * @param activeThreads virtual threads currently running process code (processes that wait in a handler style or
 *     hibernate hold none), including orphans
 * @param orphanCount killed processes whose thread still runs
 * @param deadLetters messages that could not be delivered because their receiver had ended, since start
 * @param listenerFailures times a telemetry listener threw, since start
 * @param processes one entry per live process (and per orphan)
 */
public record RuntimeSnapshot(String runtime, int processCount, int activeThreads, int orphanCount,
        long deadLetters, long listenerFailures, List<ProcessInfo> processes) {
}
