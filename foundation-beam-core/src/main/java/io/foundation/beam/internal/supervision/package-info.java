/**
 * OTP supervisors: the supervisor process ({@code SupervisorProcess}, whose Javadoc states the semantics case by
 * case), its restart intensity ({@code RestartWindow}) and the ordered shutdown of one child ({@code ChildShutdown});
 * the dynamic supervisor ({@code DynamicSupervisorProcess}, OTP's {@code simple_one_for_one}) and the concurrent
 * shutdown of all its children ({@code ConcurrentShutdown}).
 *
 * <p>Layering: ecosystem -> {<b>supervision</b>, messages} -> process -> {mailbox, isolation}. It uses the public
 * process API and {@code internal.process.Kernel}, and knows neither flow channels nor ecosystems.
 */
package io.foundation.beam.internal.supervision;
