package io.foundation.beam.ecosystem;

import io.foundation.beam.BeamRuntime;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A parent JVM for {@link ForkedParentDeathTest}: starts a forked task that writes its child's pid to the file given
 * as argument and blocks, then waits forever (the test kills this JVM with {@code kill -9}).
 */
public final class ForkedParentMain {

    private ForkedParentMain() {
    }

    /**
     * @param args the marker file's path
     * @throws InterruptedException never, in practice
     */
    public static void main(String[] args) throws InterruptedException {
        BeamRuntime runtime = BeamRuntime.builder().name("parent").build();
        Ecosystems.isolateMemoryIntensiveWorkAsync(runtime, ForkedTasks.Block.class, Path.of(args[0]),
                IsolationOptions.forked().withMaxHeap(32L * 1024 * 1024).withJvmFlags("-XX:TieredStopAtLevel=1"));
        System.out.println("started");
        new CountDownLatch(1).await();
    }
}
