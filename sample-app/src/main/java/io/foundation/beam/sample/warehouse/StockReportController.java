package io.foundation.beam.sample.warehouse;

import io.foundation.beam.boot.isolation.MemoryIsolation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/reports/stock}: the {@link StockReport}, built by {@link StockReportTask} in a child JVM of capped
 * heap through the starter's {@link MemoryIsolation} bean ({@code foundation.beam.isolation.*}); from the packaged
 * jar ({@code java -jar}) the child starts through Spring Boot's launcher.
 */
@RestController
public class StockReportController {

    private final Catalogue catalogue;
    private final MemoryIsolation isolation;

    /**
     * @param catalogue the products and stock
     * @param isolation runs the report in a child JVM
     */
    public StockReportController(Catalogue catalogue, MemoryIsolation isolation) {
        this.catalogue = catalogue;
        this.isolation = isolation;
    }

    /** @return the report, with the pid and heap cap of the child JVM that built it */
    @GetMapping("/api/reports/stock")
    public StockReport stock() {
        List<StockReportTask.Line> lines = catalogue.stockLevels().stream()
                .map(level -> new StockReportTask.Line(level.sku(), level.unitsLeft(),
                        catalogue.product(level.sku()).map(Product::weightGrams).orElse(null)))
                .toList();
        return isolation.run(StockReportTask.class, lines);
    }
}
