package io.foundation.beam.sample.warehouse;

import io.foundation.beam.ecosystem.WorkRefusedException;
import io.foundation.beam.sample.order.OrderLine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * The products and their stock, in memory: the warehouse system the workers talk to. Thread-safe: reservations take
 * one lock, so an order's lines are reserved all or none.
 *
 * <p>Reservations are keyed by order id and idempotent: a pick retried after its first worker crashed (the
 * ecosystem redistributes work at least once) finds its reservation and does not take the stock twice.
 */
@Component
public class Catalogue {

    /** A product whose catalogue record has no weight: reading it crashes the worker (the "poison" input). */
    public static final String CORRUPT_SKU = "LEGACY-9";

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Product> products = new LinkedHashMap<>();
    // @GuardedBy("lock")
    private final Map<String, Integer> stock = new LinkedHashMap<>();
    // @GuardedBy("lock")
    private final Map<String, Integer> reservations = new LinkedHashMap<>();

    /** The demo catalogue. */
    public Catalogue() {
        add(new Product("KB-101", "mechanical keyboard", 950), 100_000);
        add(new Product("MS-202", "wireless mouse", 120), 100_000);
        add(new Product("MN-303", "27-inch monitor", 6_400), 3);
        add(new Product("CB-404", "USB-C cable", 60), 100_000);
        add(new Product(CORRUPT_SKU, "legacy docking station", null), 50);
    }

    private void add(Product product, int units) {
        products.put(product.sku(), product);
        stock.put(product.sku(), units);
    }

    /**
     * @param sku a stock-keeping unit
     * @return the product, if the catalogue has it
     */
    public Optional<Product> product(String sku) {
        return Optional.ofNullable(products.get(sku));
    }

    /**
     * Reserves an order's lines, all or none; a second call for the same order returns the first reservation's
     * item count without taking stock again.
     *
     * @param orderId the order
     * @param lines its lines, whose products exist
     * @return how many items were reserved
     * @throws WorkRefusedException if a line asks for more than is in stock (nothing is reserved)
     */
    public int reserve(String orderId, List<OrderLine> lines) {
        lock.lock();
        try {
            Integer done = reservations.get(orderId);
            if (done != null) {
                return done;
            }
            for (OrderLine line : lines) {
                int available = stock.getOrDefault(line.sku(), 0);
                if (available < line.quantity()) {
                    throw new WorkRefusedException("out of stock: " + line.sku() + " has " + available
                            + " left, the order asks for " + line.quantity());
                }
            }
            int items = 0;
            for (OrderLine line : lines) {
                stock.merge(line.sku(), -line.quantity(), Integer::sum);
                items += line.quantity();
            }
            reservations.put(orderId, items);
            return items;
        } finally {
            lock.unlock();
        }
    }

    /** @return each product with the units left, in catalogue order */
    public List<StockLevel> stockLevels() {
        lock.lock();
        try {
            return products.values().stream()
                    .map(p -> new StockLevel(p.sku(), p.name(), stock.get(p.sku())))
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param sku the product
     * @param name what it is
     * @param unitsLeft units not reserved
     */
    public record StockLevel(String sku, String name, int unitsLeft) {
    }
}
