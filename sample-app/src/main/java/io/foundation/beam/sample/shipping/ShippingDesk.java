package io.foundation.beam.sample.shipping;

import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.WorkerContext;
import io.foundation.beam.sample.SampleProperties;
import java.util.HashMap;
import java.util.Map;

/**
 * A worker of the {@code shipping} ecosystem (MESH, self-healing, key-hash dispatch by country): books parcels with
 * a courier, blocking for {@code sample.shipping.latency} per booking as a courier's API would.
 *
 * <p>Gossip: the desks keep a grow-only counter of parcels booked per desk. After each booking a desk broadcasts its
 * counter to its peers, who merge it (the larger count per desk wins). A desk that receives a counter behind its own
 * answers the sender with its counter, so a restarted desk (a fresh instance, which starts from nothing) learns its
 * own and its peers' counts back from the mesh after its first booking. The total picks the pickup wave.
 */
@Worker(ecosystem = "shipping", workers = 3, topology = Topology.MESH, faultTolerance = FaultTolerance.SELF_HEALING,
        dispatch = DispatchStrategy.KEY_HASH)
public class ShippingDesk {

    private final SampleProperties properties;
    private final Map<Integer, Long> bookedByDesk = new HashMap<>();

    /** @param properties latency and truck capacity */
    public ShippingDesk(SampleProperties properties) {
        this.properties = properties;
    }

    /**
     * Books a parcel.
     *
     * @param request the parcel
     * @param context this desk's place in the mesh
     * @return the booking
     * @throws InterruptedException if the desk is stopped while it waits on the "courier"
     */
    @HandleMessage
    public Shipment book(ShipmentRequest request, WorkerContext context) throws InterruptedException {
        Thread.sleep(properties.shipping().latency());
        bookedByDesk.merge(context.index(), 1L, Long::sum);
        long total = bookedByDesk.values().stream().mapToLong(Long::longValue).sum();
        context.broadcastToPeers(new BookingGossip(context.index(), bookedByDesk));
        return new Shipment("TRK-" + request.country() + "-" + request.orderId().toUpperCase(java.util.Locale.ROOT),
                courierFor(request.parcelWeightGrams()), (total - 1) / properties.shipping().truckCapacity() + 1,
                context.index());
    }

    /**
     * Merges a peer's counter, and answers a peer that is behind.
     *
     * @param gossip the peer's counter
     * @param context this desk's place in the mesh
     */
    @HandleMessage
    public void merge(BookingGossip gossip, WorkerContext context) {
        gossip.bookedByDesk().forEach((desk, count) -> bookedByDesk.merge(desk, count, Math::max));
        boolean senderBehind = bookedByDesk.entrySet().stream()
                .anyMatch(e -> gossip.bookedByDesk().getOrDefault(e.getKey(), 0L) < e.getValue());
        if (senderBehind) {
            try {
                context.sendToPeer(gossip.from(), new BookingGossip(context.index(), bookedByDesk));
            } catch (IllegalStateException senderDied) {
                // it died since it sent this: its successor catches up after its own first booking
            }
        }
    }

    private static String courierFor(int weightGrams) {
        if (weightGrams <= 1_000) {
            return "parcel-post";
        }
        return weightGrams <= 10_000 ? "express-courier" : "freight";
    }
}
