/**
 * Ports (Erlang's ports, the seed's {@code Foundation.BEAM.Ports}): an external operating-system program run as a
 * process of the runtime. {@code BeamRuntime.openPort(PortSpec)} or {@code ProcessContext.openPort(PortSpec)} starts
 * it and returns its {@code ProcessRef}: messages sent to that process are written to the program's stdin, its
 * output arrives at the spec's receiver as {@link io.foundation.beam.port.PortMessage}s, and its exit is the port
 * process's exit (status 0: {@code normal}; otherwise a {@code custom} reason holding a
 * {@link io.foundation.beam.port.PortExitStatus}), so links, monitors and supervisors
 * ({@code ChildSpec.port(id, spec)}) treat it as any other process. Ending the port, for any reason, ends the
 * program and everything it started; if the JVM itself dies (even {@code kill -9}) a watchdog ends them.
 * Linux and other Unix systems with {@code /bin/sh} and {@code setsid} only.
 */
package io.foundation.beam.port;
