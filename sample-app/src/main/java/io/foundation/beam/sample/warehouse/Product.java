package io.foundation.beam.sample.warehouse;

/**
 * A catalogue entry.
 *
 * @param sku its stock-keeping unit
 * @param name what it is
 * @param weightGrams its shipping weight; null in a corrupt record (legacy data), which crashes the worker reading it
 */
public record Product(String sku, String name, Integer weightGrams) {
}
