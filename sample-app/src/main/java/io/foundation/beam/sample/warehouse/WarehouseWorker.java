package io.foundation.beam.sample.warehouse;

import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.WorkRefusedException;
import io.foundation.beam.ecosystem.WorkerContext;
import io.foundation.beam.sample.SampleProperties;
import io.foundation.beam.sample.order.OrderLine;

/**
 * A worker of the {@code warehouse} ecosystem (TREE, self-healing, least-loaded dispatch): picks one order at a
 * time. It blocks for {@code sample.warehouse.latency} per order, standing for the warehouse system's I/O (blocking
 * is fine in a process: it runs on a virtual thread). An unknown product or missing stock refuses the work
 * ({@link WorkRefusedException}: the order is rejected, the worker carries on); a corrupt catalogue record throws,
 * which crashes the worker: the ecosystem restarts it and retries the order on another worker, up to
 * {@code max-attempts}, after which the order fails.
 */
@Worker(ecosystem = "warehouse", workers = 4, topology = Topology.TREE, faultTolerance = FaultTolerance.SELF_HEALING,
        dispatch = DispatchStrategy.LEAST_LOADED)
public class WarehouseWorker {

    private final Catalogue catalogue;
    private final SampleProperties properties;

    /**
     * @param catalogue the products and stock
     * @param properties the simulated latency
     */
    public WarehouseWorker(Catalogue catalogue, SampleProperties properties) {
        this.catalogue = catalogue;
        this.properties = properties;
    }

    /**
     * Picks an order.
     *
     * @param request the order's lines
     * @param context this worker's place in the ecosystem
     * @return the parcel
     * @throws InterruptedException if the worker is stopped while it waits on the "warehouse system"
     */
    @HandleMessage
    public Pick pick(PickRequest request, WorkerContext context) throws InterruptedException {
        Thread.sleep(properties.warehouse().latency());
        int weight = 0;
        for (OrderLine line : request.lines()) {
            Product product = catalogue.product(line.sku())
                    .orElseThrow(() -> new WorkRefusedException("unknown product " + line.sku()));
            if (product.weightGrams() == null) {
                throw new IllegalStateException("catalogue record " + product.sku() + " is corrupt: it has no weight"
                        + " (order " + request.orderId() + ")");
            }
            weight += product.weightGrams() * line.quantity();
        }
        int items = catalogue.reserve(request.orderId(), request.lines());
        return new Pick(weight, items, context.index());
    }
}
