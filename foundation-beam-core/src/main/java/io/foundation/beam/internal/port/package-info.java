/**
 * Ports: an external program run as a process. {@code PortProcess} is the port's handler (its Javadoc has the model,
 * states and invariants); {@code OsProgram} starts the program under its watchdog and ends it with everything it
 * started; {@code OutputReader} frames one output stream into messages for the receiver ({@code Delivery}, which
 * blocks rather than drops); {@code StderrTail} keeps the last stderr lines for the exit reason.
 *
 * <p>Layering: a leaf beside the others. It is built on the public process API only (a port is an ordinary
 * handler-style process) and uses no other internal package; only the internal root ({@code Internals}) uses it.
 */
package io.foundation.beam.internal.port;
