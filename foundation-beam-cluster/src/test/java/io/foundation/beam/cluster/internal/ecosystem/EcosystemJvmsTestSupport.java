package io.foundation.beam.cluster.internal.ecosystem;

import org.junit.jupiter.api.AfterEach;

/**
 * For the tests on {@link EcosystemJvms}: the test sets {@link #jvms}; after each test, what the JVMs said (with the
 * live ones' Raft state) is printed, for a failure's diagnosis, and they all end.
 */
abstract class EcosystemJvmsTestSupport {

    /** Failure detection; a killed JVM's sockets close, so it is suspected at once anyway. */
    static final long DETECTION_MILLIS = 2_000;
    /** How often each submitting node submits. */
    static final long PERIOD_MILLIS = 20;

    EcosystemJvms jvms;

    @AfterEach
    void closeAll() {
        if (jvms != null) {
            jvms.dumpWithRaft();
            jvms.close();
        }
    }
}
