/**
 * The TestKit: testing processes from JUnit 5. {@link io.foundation.beam.test.TestProbe} is a process the test
 * thread reads, with expectations that fail with an {@link AssertionError} saying what came;
 * {@link io.foundation.beam.test.ManualTicker} is a clock the test moves; {@link io.foundation.beam.test.BeamTest}
 * ({@link io.foundation.beam.test.BeamRuntimeExtension}) gives each test a runtime and fails the test if processes
 * outlive it. It uses only the core's public API.
 */
package io.foundation.beam.test;
