package io.foundation.beam.benchmarks.latency;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collections of this JVM, from the {@link GarbageCollectorMXBean}s' notifications
 * ({@link GarbageCollectionNotificationInfo}), so that a latency window can report how many stop-the-world pauses it
 * contained, their total and the longest.
 *
 * <p><b>Which collections are stop-the-world.</b> Every notification is a pause except those of a concurrent cycle:
 * a collector bean whose name ends in "Cycles" (ZGC's "ZGC Minor/Major Cycles", Shenandoah's "Shenandoah Cycles")
 * or an action naming a cycle ("end of GC cycle"). So G1's "G1 Young Generation" (young and mixed evacuation
 * pauses) and "G1 Old Generation" (full GCs) count, as does "G1 Concurrent GC", whose notifications (JDK 20+) are
 * its Remark and Cleanup pauses, not the concurrent marking; so do ZGC's and Shenandoah's "... Pauses" beans and
 * the Serial and Parallel collectors, which only stop the world. Cycles are counted apart, as concurrent.
 *
 * <p><b>Resolution.</b> The notifications give start time and duration in whole milliseconds since the JVM's start
 * (sub-millisecond pauses read as 0 ms, and are still counted); a collection belongs to a window when its start
 * falls in it.
 *
 * <p><b>Concurrency.</b> Notifications arrive on a JMX thread; they are appended to a lock-free queue and read by the
 * measuring thread after the window.
 */
final class GcPauses implements AutoCloseable {

    /**
     * One collection.
     *
     * @param collector the collector bean's name
     * @param action the notification's action
     * @param startMillis start, in ms since the JVM's start
     * @param durationMillis its duration, ms
     * @param stopTheWorld whether it is counted as a pause (see the class comment)
     */
    record Event(String collector, String action, long startMillis, long durationMillis, boolean stopTheWorld) {
    }

    /**
     * The collections of one window.
     *
     * @param pauses stop-the-world pauses
     * @param totalMillis their total duration
     * @param longestMillis the longest
     * @param concurrent concurrent cycles (not pauses)
     * @param collectors the collector names seen, comma-separated
     */
    record Summary(int pauses, long totalMillis, long longestMillis, int concurrent, String collectors) {
    }

    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;
    private final long nanosAtStart;
    private final long uptimeMillisAtStart;

    /** Subscribes to every collector bean of this JVM. */
    GcPauses() {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        nanosAtStart = System.nanoTime();
        uptimeMillisAtStart = ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /**
     * @param collector a collector bean's name
     * @param action a notification's action
     * @return whether such a notification is a stop-the-world pause
     */
    static boolean isStopTheWorld(String collector, String action) {
        return !(collector.endsWith("Cycles") || action.toLowerCase(java.util.Locale.ROOT).contains("cycle"));
    }

    private void onNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        events.add(new Event(info.getGcName(), info.getGcAction(), info.getGcInfo().getStartTime(),
                info.getGcInfo().getDuration(), isStopTheWorld(info.getGcName(), info.getGcAction())));
    }

    /**
     * @param nanos a {@link System#nanoTime()} instant
     * @return the same instant in ms since the JVM's start (the notifications' time base)
     */
    long uptimeMillisAt(long nanos) {
        return uptimeMillisAtStart + Math.floorDiv(nanos - nanosAtStart, 1_000_000L);
    }

    /**
     * @param fromNanos the window's start ({@link System#nanoTime()})
     * @param toNanos its end
     * @return the collections that started in the window
     */
    Summary between(long fromNanos, long toNanos) {
        long from = uptimeMillisAt(fromNanos);
        long to = uptimeMillisAt(toNanos);
        int pauses = 0;
        int concurrent = 0;
        long total = 0;
        long longest = 0;
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (Event e : events) {
            if (e.startMillis() < from || e.startMillis() > to) {
                continue;
            }
            names.add(e.collector());
            if (e.stopTheWorld()) {
                pauses++;
                total += e.durationMillis();
                longest = Math.max(longest, e.durationMillis());
            } else {
                concurrent++;
            }
        }
        return new Summary(pauses, total, longest, concurrent, String.join(",", names));
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone: nothing to undo
            }
        }
    }
}
