package io.foundation.beam.internal.process;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;

/**
 * How many virtual threads are waiting for a carrier of the JDK's virtual-thread scheduler: what a busy process
 * asks before it gives its carrier up (see {@link CarrierSlice}).
 *
 * <p>The figure comes from {@code jdk.management.VirtualThreadSchedulerMXBean#getQueuedVirtualThreadCount()}
 * (JDK 24 and later): the scheduler's queued tasks and submissions, an estimate read without locking, a few volatile
 * reads per carrier. We compile for Java 21, where that interface does not exist, so it is looked up by name once;
 * on a JDK without it (21 to 23), or if the lookup fails, {@link #waiting()} answers {@link #UNKNOWN}, and callers
 * must then assume that someone is waiting.
 *
 * <p>Thread-safe: a stateless static method handle.
 */
final class CarrierQueue {

    /** {@link #waiting()}'s answer when the JDK cannot tell. */
    static final long UNKNOWN = Long.MAX_VALUE;

    private static final MethodHandle QUEUED = lookup();

    private CarrierQueue() {
    }

    /** @return whether this JDK reports the scheduler's queue */
    static boolean isReported() {
        return QUEUED != null;
    }

    /** @return virtual threads waiting for a carrier (an estimate), or {@link #UNKNOWN} */
    static long waiting() {
        MethodHandle queued = QUEUED;
        if (queued == null) {
            return UNKNOWN;
        }
        try {
            long n = (long) queued.invokeExact();
            return n < 0L ? UNKNOWN : n;
        } catch (Throwable t) {
            return UNKNOWN;
        }
    }

    private static MethodHandle lookup() {
        try {
            Class<?> type = Class.forName("jdk.management.VirtualThreadSchedulerMXBean");
            Object bean = ManagementFactory.getPlatformMXBean(type.asSubclass(PlatformManagedObject.class));
            if (bean == null) {
                return null;
            }
            MethodHandle h = MethodHandles.publicLookup()
                    .findVirtual(type, "getQueuedVirtualThreadCount", MethodType.methodType(long.class))
                    .bindTo(bean);
            long probe = (long) h.invokeExact();
            return probe >= 0L ? h : null;
        } catch (Throwable t) {
            return null; // JDK 21-23, or management not available: callers assume someone waits
        }
    }
}
