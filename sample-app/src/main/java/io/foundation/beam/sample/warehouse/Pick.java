package io.foundation.beam.sample.warehouse;

/**
 * The warehouse's answer: the order's parcel is picked and its stock reserved.
 *
 * @param parcelWeightGrams the parcel's weight
 * @param items items in the parcel
 * @param pickedBy the warehouse worker index that picked it
 */
public record Pick(int parcelWeightGrams, int items, int pickedBy) {
}
