package io.foundation.beam.sample.warehouse;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/catalogue}: the products and the units left. */
@RestController
public class CatalogueController {

    private final Catalogue catalogue;

    /** @param catalogue the products and stock */
    public CatalogueController(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** @return each product with the units left */
    @GetMapping("/api/catalogue")
    public List<Catalogue.StockLevel> stock() {
        return catalogue.stockLevels();
    }
}
