package io.foundation.beam.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the reports ({@link CompareReport}, {@link AbReport}, and the cross-node
 * {@link io.foundation.beam.benchmarks.remote.RemoteReport}) print about the machine and JMH's settings.
 */
public final class ReportFacts {

    private ReportFacts() {
    }

    /**
     * @param o a number as {@link Json} reads it (a {@code Double}), or anything else
     * @return a JMH setting such as a fork count, printed as a whole number
     */
    static String wholeNumber(Object o) {
        return o instanceof Double d ? String.valueOf(d.intValue()) : String.valueOf(o);
    }

    /** @return the processor count, CPU model, memory and OS of this machine, on one line */
    public static String machine() {
        String cpu = "?";
        String mem = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    mem = String.format(Locale.ROOT, "%,d MiB", kib / 1024);
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            cpu = cpu + " (" + e + ")";
        }
        return "nproc " + Runtime.getRuntime().availableProcessors() + ", CPU \"" + cpu + "\", memory " + mem + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }
}
