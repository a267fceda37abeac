package io.foundation.beam.cluster.testing;

import io.foundation.beam.cluster.BeamCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that run three Raft voters a, b, c in this JVM (127.0.0.1): {@link #formCluster} joins them, each
 * test gets its own Raft logs, and the nodes leave and their runtimes close after each test.
 */
public abstract class ThreeVoters {

    /** The voters, in the order they join (their indices in {@link #joined}). */
    protected static final List<String> VOTERS = List.of("a", "b", "c");

    /** The nodes of the test, once {@link #formCluster} ran. */
    protected JoinedNodes joined;

    /** The Raft logs of the test. */
    @TempDir
    protected Path logs;

    /**
     * @param prefix the start of the cluster's name
     * @return the three nodes, once each sees the two others
     */
    protected List<BeamCluster> formCluster(String prefix) {
        joined = new JoinedNodes(prefix, FreePorts.pick(3));
        return joined.joinVoters(VOTERS, logs);
    }

    @AfterEach
    void leaveAndClose() {
        if (joined != null) {
            joined.close();
        }
    }
}
