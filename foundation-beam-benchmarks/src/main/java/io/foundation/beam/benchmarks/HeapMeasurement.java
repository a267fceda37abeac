package io.foundation.beam.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.ClassLayout;

/**
 * The heap measurement shared by the footprint programs ({@link IdleProcessFootprint} and the hand-written baseline
 * {@code baseline.BaselineIdleFootprint}) and the head-to-head {@code compare.W2IdleFootprint}: JDK and JOL code, no
 * Foundation BEAM class.
 */
public final class HeapMeasurement {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapMeasurement() {
    }

    /**
     * Runs {@link System#gc()} until two consecutive readings of the used heap differ by less than 64 KiB (at
     * least three collections, at most twenty), and returns the last reading.
     *
     * @return the used heap in bytes, as reported by {@link MemoryMXBean}
     * @throws InterruptedException if interrupted while waiting for GC to settle
     */
    public static long usedHeapAfterGc() throws InterruptedException {
        long previous = -1;
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(50);
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (i >= 2 && Math.abs(used - previous) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    /**
     * @param args counts as given on the command line (underscores allowed)
     * @return the counts
     * @throws IllegalArgumentException if a count is not positive
     */
    public static int[] parseCounts(String[] args) {
        int[] counts = new int[args.length];
        for (int i = 0; i < args.length; i++) {
            counts[i] = Integer.parseInt(args[i].replace("_", ""));
            if (counts[i] < 1) {
                throw new IllegalArgumentException("process count must be positive, got " + args[i]);
            }
        }
        return counts;
    }

    /** Prints the JVM, its arguments, the processor count, the maximum heap and the garbage collectors. */
    public static void printEnvironment() {
        var runtimeBean = ManagementFactory.getRuntimeMXBean();
        System.out.println("JVM: " + runtimeBean.getVmName() + " " + runtimeBean.getVmVersion() + " ("
                + System.getProperty("java.vendor") + ")");
        System.out.println("JVM arguments: " + runtimeBean.getInputArguments());
        System.out.println("Available processors: " + Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "Max heap: %,d MiB%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName());
        }
        System.out.println("Garbage collectors: " + gcs);
        System.out.println();
    }

    /**
     * Prints JOL's shallow instance size of each named class, one per line ("unknown" with the reason if a class
     * cannot be loaded or parsed).
     *
     * @param classNames binary class names
     */
    public static void printShallowSizes(String... classNames) {
        for (String name : classNames) {
            String size;
            try {
                size = ClassLayout.parseClass(Class.forName(name)).instanceSize() + " B";
            } catch (ClassNotFoundException | RuntimeException e) {
                size = "unknown (" + e + ")";
            }
            System.out.println("  " + name + ": " + size);
        }
    }
}
