package io.foundation.beam.sample.order;

/**
 * One line of an order.
 *
 * @param sku the catalogue's stock-keeping unit, e.g. {@code KB-101}
 * @param quantity how many, 1 to 100
 */
public record OrderLine(String sku, Integer quantity) {
}
