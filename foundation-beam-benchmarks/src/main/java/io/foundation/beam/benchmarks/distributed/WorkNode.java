package io.foundation.beam.benchmarks.distributed;

import java.util.concurrent.CompletionStage;

/**
 * One node of a system under test, started and ready: it takes work items from this JVM's submitter threads and
 * completes each one's stage with the worker's result, wherever the worker ran.
 */
interface WorkNode extends AutoCloseable {

    /**
     * @param item the work item ({@link Work})
     * @return completed with the result on this node
     */
    CompletionStage<?> submit(String item);

    /** Leaves the cluster (if any) and stops the node; best effort. */
    @Override
    void close();
}
