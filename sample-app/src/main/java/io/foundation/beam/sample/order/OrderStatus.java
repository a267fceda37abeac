package io.foundation.beam.sample.order;

/** Where an order is. The last three are final: every accepted order ends in one of them. */
public enum OrderStatus {
    /** Accepted, being picked by the warehouse ecosystem. */
    PICKING,
    /** Picked, being booked with a courier by the shipping ecosystem. */
    SHIPPING,
    /** Picked and booked: it has a tracking number. */
    COMPLETED,
    /** Refused by the business rules (unknown product, out of stock); nothing was crashed or retried. */
    REJECTED,
    /** Failed: it crashed its worker on every attempt, timed out, or an ecosystem stopped. */
    FAILED;

    /** @return whether the order has reached its final state */
    public boolean isFinal() {
        return this == COMPLETED || this == REJECTED || this == FAILED;
    }
}
