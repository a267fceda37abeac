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

    /**
     * Public: the tests run in the core's named module, where JUnit may call only public methods of this exported
     * package (surefire opens only the packages of the test classes it selected, so a run of one test class from
     * another package would fail otherwise). JUnit's annotations are not in a module the core reads, hence "exports".
     */
    @SuppressWarnings("exports")
    @BeforeEach
    public void openRuntime() {
        runtime = BeamRuntime.builder().name("test").listener(events::add)
                .housekeepingInterval(Duration.ofMillis(10)).build();
    }

    /** Closes the test's runtime. */
    @SuppressWarnings("exports")
    @AfterEach
    public void closeRuntime() {
        runtime.close();
    }

    protected <E extends BeamEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
