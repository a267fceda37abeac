package io.foundation.beam.sample.warehouse;

import java.io.Serializable;
import java.util.List;

/**
 * The stock report, built in a child JVM of capped heap ({@link StockReportTask}).
 *
 * @param products how many products the catalogue has
 * @param unitsLeft the units left of all products
 * @param shippingWeightKg the shipping weight of the units left whose weight is known, in whole kilograms
 * @param lowStock the products with fewer than {@value StockReportTask#LOW_STOCK} units left
 * @param unknownWeight the products whose record has no weight (corrupt legacy data)
 * @param builtByPid the pid of the JVM that built the report (a child of the application's)
 * @param builtWithMaxHeapBytes that JVM's heap cap
 */
public record StockReport(int products, long unitsLeft, long shippingWeightKg, List<String> lowStock,
        List<String> unknownWeight, long builtByPid, long builtWithMaxHeapBytes) implements Serializable {
}
