package io.foundation.beam.sample.warehouse;

import io.foundation.beam.ecosystem.IsolatedTask;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link StockReport} from the catalogue's lines: run by {@link StockReportController} in a child JVM of
 * the {@code MemoryIsolation} bean, whose heap {@code foundation.beam.isolation.max-heap} caps (a report that
 * outgrows it ends that child, not the application). Public, with a public no-argument constructor: the child
 * creates it by name.
 */
public final class StockReportTask implements IsolatedTask<List<StockReportTask.Line>, StockReport> {

    /** Fewer units than this is low stock. */
    public static final int LOW_STOCK = 10;

    /** Creates the task. */
    public StockReportTask() {
    }

    @Override
    public StockReport run(List<Line> lines) {
        long units = 0;
        long grams = 0;
        List<String> low = new ArrayList<>();
        List<String> unknownWeight = new ArrayList<>();
        for (Line line : lines) {
            units += line.unitsLeft();
            if (line.weightGrams() == null) {
                unknownWeight.add(line.sku());
            } else {
                grams += (long) line.weightGrams() * line.unitsLeft();
            }
            if (line.unitsLeft() < LOW_STOCK) {
                low.add(line.sku());
            }
        }
        return new StockReport(lines.size(), units, grams / 1000, List.copyOf(low), List.copyOf(unknownWeight),
                ProcessHandle.current().pid(), Runtime.getRuntime().maxMemory());
    }

    /**
     * A product's line of the catalogue, as it crosses to the child.
     *
     * @param sku the product
     * @param unitsLeft units not reserved
     * @param weightGrams its shipping weight, null if its record has none
     */
    public record Line(String sku, int unitsLeft, Integer weightGrams) implements java.io.Serializable {
    }
}
