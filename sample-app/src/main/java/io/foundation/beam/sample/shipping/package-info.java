/**
 * Shipping: the {@code shipping} ecosystem, a MESH of {@link io.foundation.beam.sample.shipping.ShippingDesk}s that
 * book parcels with couriers and gossip their booking counts to each other.
 */
package io.foundation.beam.sample.shipping;
