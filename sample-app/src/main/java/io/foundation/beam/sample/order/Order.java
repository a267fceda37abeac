package io.foundation.beam.sample.order;

import io.foundation.beam.sample.shipping.Shipment;
import io.foundation.beam.sample.warehouse.Pick;
import java.time.Instant;
import java.util.List;

/**
 * An order as the API shows it; immutable, replaced as the order moves on.
 *
 * @param id the order's id, e.g. {@code ord-17}
 * @param status where it is
 * @param customerId who ordered
 * @param country where it goes
 * @param lines what was ordered
 * @param pick what the warehouse picked, once picked
 * @param shipment the courier booking, once completed
 * @param problem why it was rejected or failed
 * @param acceptedAt when it was accepted
 * @param finishedAt when it reached a final state
 */
public record Order(String id, OrderStatus status, String customerId, String country, List<OrderLine> lines,
        Pick pick, Shipment shipment, String problem, Instant acceptedAt, Instant finishedAt) {

    static Order accepted(String id, OrderRequest request, Instant now) {
        return new Order(id, OrderStatus.PICKING, request.customerId(), request.country(),
                List.copyOf(request.lines()), null, null, null, now, null);
    }

    Order picked(Pick newPick) {
        return new Order(id, OrderStatus.SHIPPING, customerId, country, lines, newPick, null, null, acceptedAt, null);
    }

    Order completed(Shipment newShipment, Instant now) {
        return new Order(id, OrderStatus.COMPLETED, customerId, country, lines, pick, newShipment, null, acceptedAt,
                now);
    }

    Order ended(OrderStatus finalStatus, String why, Instant now) {
        return new Order(id, finalStatus, customerId, country, lines, pick, null, why, acceptedAt, now);
    }
}
