package io.foundation.beam.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test method of the class a fresh runtime, and fails the test if processes outlive it (see
 * {@link BeamRuntimeExtension}). Declare a {@code BeamRuntime} or {@link TestProbe} parameter on the test method (or
 * on a {@code @BeforeEach} method) to get it.
 *
 * <pre>{@code
 * @BeamTest
 * class CounterTest {
 *     @Test
 *     void counts(BeamRuntime runtime, TestProbe probe) {
 *         ProcessRef counter = runtime.spawn(new Counter());
 *         counter.send(new Increment(probe.ref()));
 *         assertThat(probe.expectMessage(Integer.class)).isEqualTo(1);
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(BeamRuntimeExtension.class)
public @interface BeamTest {
}
