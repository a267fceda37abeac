package io.foundation.beam.benchmarks.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the reports of the multi-JVM benchmarks ({@link RemoteReport}, and the distributed-work one) share: their
 * {@code --name value} arguments, number formats, the load-average facts, and the replacement of their section of
 * {@code docs/benchmarks.md} between two markers.
 */
public final class ReportText {

    private ReportText() {
    }

    /**
     * @param args {@code --name value} pairs
     * @return the values by name
     * @throws IllegalArgumentException if a name does not start with {@code --}
     */
    public static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    /**
     * @param opts the options
     * @param name an option's name
     * @return its value
     * @throws IllegalArgumentException if it is missing
     */
    public static String required(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    /**
     * Replaces the text between the markers (each kept) with the section, and prints the section.
     *
     * @param doc the Markdown file
     * @param begin the marker after which the section goes
     * @param end the marker before which it ends
     * @param section the new text
     * @throws IOException if the file cannot be read or written
     * @throws IllegalStateException if the markers are not there
     */
    public static void replaceSection(Path doc, String begin, String end, String section) throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalStateException(doc + " has no " + begin + " ... " + end + " markers");
        }
        Files.writeString(doc, text.substring(0, b + begin.length()) + "\n" + section + text.substring(e),
                StandardCharsets.UTF_8);
        System.out.println(section);
        System.out.println("written to " + doc);
    }

    /**
     * @param loadavg a line of {@code /proc/loadavg}
     * @return its three load averages, comma-separated
     */
    public static String load(String loadavg) {
        String[] f = loadavg.trim().split("\\s+");
        return f.length >= 3 ? f[0] + ", " + f[1] + ", " + f[2] : "?";
    }

    /**
     * @param loadBefore {@code /proc/loadavg} before the run
     * @return a note when the 1-minute load before the run exceeded the processor count: other work was running. The
     *     load after the run is not a sign of that, as it counts the benchmark's own JVMs of the last minute.
     */
    public static String busy(String loadBefore) {
        int cpus = Runtime.getRuntime().availableProcessors();
        try {
            if (Double.parseDouble(loadBefore.trim().split("\\s+")[0]) > cpus) {
                return " (**the machine was busy**: a load above its " + cpus + " processors before the run; other "
                        + "work shared the CPUs with the benchmark)";
            }
        } catch (NumberFormatException e) {
            return "";
        }
        return "";
    }

    /**
     * @param r a ratio
     * @return it with 3 significant digits, or a dash if it is not a number
     */
    public static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "–" : String.format(Locale.ROOT, "%.3g", r);
    }

    /**
     * @param v a figure
     * @return it in millions with 2 decimals from 1 M, whole with separators from 100, with 1 decimal below
     */
    public static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        if (Math.abs(v) >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
