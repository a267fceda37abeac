/**
 * The implementation of Foundation BEAM's core; not API (the module descriptor does not export it). The API reaches
 * it only through {@code Internals}; {@code DefaultBeamRuntime} is the runtime the application holds, a facade over
 * the process kernel and the features built on it. Each feature's implementation is a sub-package:
 * {@code process} (the kernel), {@code mailbox}, {@code isolation}, {@code messages}, {@code supervision},
 * {@code ecosystem}, {@code observe} (observers of a running runtime), {@code port} (external programs as processes); docs/architecture.md has the layer picture and the rules, which {@code ArchitectureTest} checks.
 */
package io.foundation.beam.internal;
