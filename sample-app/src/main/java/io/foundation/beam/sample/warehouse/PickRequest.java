package io.foundation.beam.sample.warehouse;

import io.foundation.beam.sample.order.OrderLine;
import java.util.List;

/**
 * Work for the warehouse ecosystem: pick an order's lines.
 *
 * @param orderId the order, also the reservation's key (a retried pick does not reserve twice)
 * @param lines what to pick
 */
public record PickRequest(String orderId, List<OrderLine> lines) {

    /** @throws NullPointerException if a component is null */
    public PickRequest {
        lines = List.copyOf(lines);
        java.util.Objects.requireNonNull(orderId, "orderId");
    }
}
