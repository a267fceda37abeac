package io.foundation.beam.sample.order;

import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The orders API. {@code POST /api/orders} answers 202 at once with the accepted order and its {@code Location};
 * {@code GET /api/orders/{id}} shows where it is; {@code GET /api/orders} counts orders by state. Errors are
 * problem details: 400 (malformed), 404 (unknown id), 429 (too many unfinished orders), 503 (an ecosystem stopped).
 */
@RestController
@RequestMapping("/api/orders")
public class OrderController {

    private final OrderService orders;

    /** @param orders the order service */
    public OrderController(OrderService orders) {
        this.orders = orders;
    }

    /**
     * @param request the order
     * @return 202 with the accepted order
     */
    @PostMapping
    public ResponseEntity<Order> submit(@RequestBody OrderRequest request) {
        Order order = orders.submit(request);
        return ResponseEntity.accepted().location(URI.create("/api/orders/" + order.id())).body(order);
    }

    /**
     * @param id the order's id
     * @return the order as it is now
     */
    @GetMapping("/{id}")
    public Order get(@PathVariable String id) {
        return orders.get(id);
    }

    /** @return orders by state, unfinished orders and the admission limit */
    @GetMapping
    public OrderService.OrderStats stats() {
        return orders.stats();
    }
}
