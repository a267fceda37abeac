package io.foundation.beam.sample.shipping;

/**
 * A parcel booked with a courier.
 *
 * @param trackingNumber the courier's tracking number
 * @param courier who carries it
 * @param pickupWave the truck it leaves on: parcels booked across all desks, as this desk knew from the gossip,
 *     divided by {@code sample.shipping.truck-capacity}
 * @param bookedBy the shipping desk (worker index) that booked it
 */
public record Shipment(String trackingNumber, String courier, long pickupWave, int bookedBy) {
}
