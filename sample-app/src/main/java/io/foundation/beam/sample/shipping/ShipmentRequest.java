package io.foundation.beam.sample.shipping;

/**
 * Work for the shipping ecosystem, submitted with the country as its key (one country, one desk).
 *
 * @param orderId the order
 * @param country where it goes
 * @param parcelWeightGrams the parcel's weight, which chooses the courier
 */
public record ShipmentRequest(String orderId, String country, int parcelWeightGrams) {
}
