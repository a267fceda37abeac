package io.foundation.beam.process;

/**
 * What {@code spawnMonitor} returns: the new process and the monitor on it (Erlang's {@code {Pid, Ref}}).
 *
 * @param process the new process
 * @param monitor the monitor that will deliver its {@link Signal.Down}
 */
public record MonitoredProcess(ProcessRef process, MonitorRef monitor) {
}
