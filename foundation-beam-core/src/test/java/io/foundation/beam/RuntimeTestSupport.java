package io.foundation.beam;

import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh runtime per test, with a recording telemetry listener; closed (and checked for leaks) after each test. */
public abstract class RuntimeTestSupport {

    protected final List<BeamEvent> events = new CopyOnWriteArrayList<>();
    protected BeamRuntime runtime;

    /** For test classes. */
    protected RuntimeTestSupport() {
    }

    @BeforeEach
    void openRuntime() {
        runtime = BeamRuntime.builder().name("test").listener(events::add)
                .housekeepingInterval(Duration.ofMillis(10)).build();
    }

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    protected <E extends BeamEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
