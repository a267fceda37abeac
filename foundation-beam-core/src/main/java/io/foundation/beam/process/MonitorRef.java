package io.foundation.beam.process;

/**
 * Identifies one monitor, as returned by {@link ProcessContext#monitor(ProcessRef)}. Each call creates a new monitor,
 * even for a process already monitored; the matching {@link Signal.Down} carries the same reference.
 */
public interface MonitorRef {

    /** @return the process being monitored */
    ProcessRef target();

    /** @return the process that receives the {@link Signal.Down} */
    ProcessRef watcher();

    /** @return a number unique within the runtime */
    long id();
}
