/**
 * The warehouse: the {@code warehouse} ecosystem, a TREE pool of {@link io.foundation.beam.sample.warehouse.WarehouseWorker}s
 * that pick orders against the in-memory {@link io.foundation.beam.sample.warehouse.Catalogue}, blocking for a while
 * on each as a call to a warehouse system would.
 */
package io.foundation.beam.sample.warehouse;
