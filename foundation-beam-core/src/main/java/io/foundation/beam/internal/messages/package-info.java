/**
 * The messages feature's implementation: credit-based flow channels ({@code CreditChannel} and its
 * {@code CreditEnvelope}, which the kernel sees only as an {@code internal.process.Envelope}) and group broadcast
 * ({@code Broadcaster}).
 *
 * <p>Layering: ecosystem -> {supervision, <b>messages</b>} -> process -> {mailbox, isolation}. It reaches processes
 * through {@code internal.process.Kernel} only, and knows neither supervision nor ecosystems.
 */
package io.foundation.beam.internal.messages;
