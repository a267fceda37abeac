package io.foundation.beam.internal.fork;

import io.foundation.beam.BeamRuntime;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pools of child JVMs, one per runtime and {@link ForkShape}, created on first use. A pool removes itself when
 * its supervisor ends (the runtime closed, or it gave up), so the registry holds no closed runtime.
 */
final class ForkPools {

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Map<BeamRuntime, Map<ForkShape, ForkPool>> POOLS = new IdentityHashMap<>();

    private ForkPools() {
    }

    static ForkPool poolFor(BeamRuntime runtime, ForkShape shape) {
        LOCK.lock();
        try {
            Map<ForkShape, ForkPool> pools = POOLS.computeIfAbsent(runtime, r -> new HashMap<>());
            ForkPool pool = pools.get(shape);
            if (pool == null || !pool.isAlive()) {
                ForkPool[] started = new ForkPool[1];
                started[0] = ForkPool.start(runtime, shape, () -> forget(runtime, shape, started[0]));
                pool = started[0];
                if (pool.isAlive()) {
                    pools.put(shape, pool);
                }
            }
            return pool;
        } finally {
            LOCK.unlock();
        }
    }

    private static void forget(BeamRuntime runtime, ForkShape shape, ForkPool pool) {
        LOCK.lock();
        try {
            Map<ForkShape, ForkPool> pools = POOLS.get(runtime);
            if (pools != null && pool != null && pools.get(shape) == pool) {
                pools.remove(shape);
                if (pools.isEmpty()) {
                    POOLS.remove(runtime);
                }
            }
        } finally {
            LOCK.unlock();
        }
    }
}
