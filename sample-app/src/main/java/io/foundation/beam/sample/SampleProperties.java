package io.foundation.beam.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own settings, under {@code sample.*} (the ecosystems' settings are under
 * {@code foundation.beam.ecosystems.*}).
 *
 * @param orders admission of orders
 * @param warehouse the warehouse's simulated I/O
 * @param shipping the shipping desks
 * @param faults the fault-injection API
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue Orders orders, @DefaultValue Warehouse warehouse,
        @DefaultValue Shipping shipping, @DefaultValue Faults faults) {

    /**
     * @param maxInFlight orders accepted but not yet finished above which new orders are refused with 429
     * @param maxLines most lines in one order
     */
    public record Orders(@DefaultValue("200") int maxInFlight, @DefaultValue("20") int maxLines) {

        /** @throws IllegalArgumentException naming the property whose value is out of range */
        public Orders {
            atLeastOne("sample.orders.max-in-flight", maxInFlight);
            atLeastOne("sample.orders.max-lines", maxLines);
        }
    }

    /** @param latency how long a warehouse worker blocks per order, standing for the warehouse system's I/O */
    public record Warehouse(@DefaultValue("40ms") Duration latency) {

        /** @throws IllegalArgumentException if the latency is negative */
        public Warehouse {
            notNegative("sample.warehouse.latency", latency);
        }
    }

    /**
     * @param latency how long a shipping desk blocks per booking, standing for the courier's API
     * @param truckCapacity parcels per courier pickup wave
     */
    public record Shipping(@DefaultValue("10ms") Duration latency, @DefaultValue("20") int truckCapacity) {

        /** @throws IllegalArgumentException naming the property whose value is out of range */
        public Shipping {
            notNegative("sample.shipping.latency", latency);
            atLeastOne("sample.shipping.truck-capacity", truckCapacity);
        }
    }

    /** @param enabled whether the fault-injection API ({@code /api/faults/**}) exists; off by default */
    public record Faults(@DefaultValue("false") boolean enabled) {
    }

    private static void atLeastOne(String property, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1, was " + value);
        }
    }

    private static void notNegative(String property, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(property + " must not be negative, was " + value);
        }
    }
}
