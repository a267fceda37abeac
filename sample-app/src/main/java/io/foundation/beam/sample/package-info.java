/**
 * The sample application: an order-fulfilment service. Orders arrive over REST ({@code order}), are picked by the
 * {@code warehouse} ecosystem (a TREE pool of workers doing blocking, I/O-like work; {@code warehouse}), then booked
 * with a courier by the {@code shipping} ecosystem (a MESH of desks that gossip their booking counts;
 * {@code shipping}). An opt-in fault API ({@code faults}) crashes workers and coordinators to show self-healing.
 */
package io.foundation.beam.sample;
