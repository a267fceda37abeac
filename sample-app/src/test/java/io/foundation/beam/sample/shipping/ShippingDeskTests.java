package io.foundation.beam.sample.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.ecosystem.RingToken;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.WorkerContext;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.sample.SampleProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The desks' gossip on its own, one desk at a time, with a context that records what the desk sends. */
class ShippingDeskTests {

    private static final SampleProperties PROPERTIES = new SampleProperties(
            new SampleProperties.Orders(200, 20), new SampleProperties.Warehouse(Duration.ZERO),
            new SampleProperties.Shipping(Duration.ZERO, 2), new SampleProperties.Faults(false));

    @Test
    void aBookingIsGossipedToThePeersAndCountsTowardsThePickupWave() throws Exception {
        ShippingDesk desk = new ShippingDesk(PROPERTIES);
        RecordingContext context = new RecordingContext(1);

        Shipment first = desk.book(new ShipmentRequest("ord-1", "DE", 500), context);
        Shipment second = desk.book(new ShipmentRequest("ord-2", "DE", 5_000), context);
        Shipment third = desk.book(new ShipmentRequest("ord-3", "DE", 50_000), context);

        assertThat(List.of(first.pickupWave(), second.pickupWave(), third.pickupWave())).containsExactly(1L, 1L, 2L);
        assertThat(List.of(first.courier(), second.courier(), third.courier()))
                .containsExactly("parcel-post", "express-courier", "freight");
        assertThat(first.trackingNumber()).isEqualTo("TRK-DE-ORD-1");
        assertThat(context.broadcasts).last().isEqualTo(new BookingGossip(1, Map.of(1, 3L)));
    }

    @Test
    void peersCountsAreMergedAndARestartedDeskLearnsItsOwnCountBack() throws Exception {
        ShippingDesk veteran = new ShippingDesk(PROPERTIES);
        RecordingContext veteranContext = new RecordingContext(0);
        veteran.merge(new BookingGossip(1, Map.of(1, 4L)), veteranContext);
        assertThat(veteranContext.direct).isEmpty(); // the sender was not behind
        veteran.merge(new BookingGossip(1, Map.of(1, 3L)), veteranContext); // late and stale: the larger count stays
        assertThat(veteranContext.direct).containsExactly(new Sent(1, new BookingGossip(0, Map.of(1, 4L))));
        veteranContext.direct.clear(); // (a stale message is answered too: the sender merges it and finds nothing new)

        // Desk 1 restarts: a fresh instance that knows nothing. Its first booking gossips {1=1}, which is behind.
        ShippingDesk restarted = new ShippingDesk(PROPERTIES);
        RecordingContext restartedContext = new RecordingContext(1);
        restarted.book(new ShipmentRequest("ord-9", "FR", 100), restartedContext);
        BookingGossip behind = restartedContext.broadcasts.getLast();
        assertThat(behind.bookedByDesk()).isEqualTo(Map.of(1, 1L));

        veteran.merge(behind, veteranContext);
        assertThat(veteranContext.direct).containsExactly(new Sent(1, new BookingGossip(0, Map.of(1, 4L))));

        restarted.merge((BookingGossip) veteranContext.direct.getFirst().message(), restartedContext);
        Shipment next = restarted.book(new ShipmentRequest("ord-10", "FR", 100), restartedContext);
        assertThat(restartedContext.broadcasts.getLast().bookedByDesk()).isEqualTo(Map.of(1, 5L));
        assertThat(next.pickupWave()).isEqualTo(3L); // 5 parcels, trucks of 2
    }

    record Sent(int peer, Object message) {
    }

    /** A mesh context for one desk: records broadcasts and direct messages; nothing else is used. */
    static final class RecordingContext implements WorkerContext {

        final List<BookingGossip> broadcasts = new ArrayList<>();
        final List<Sent> direct = new ArrayList<>();
        private final int index;

        RecordingContext(int index) {
            this.index = index;
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public String ecosystem() {
            return "shipping";
        }

        @Override
        public Topology topology() {
            return Topology.MESH;
        }

        @Override
        public ProcessRef coordinator() {
            throw new UnsupportedOperationException("not used by a desk");
        }

        @Override
        public ProcessContext process() {
            throw new UnsupportedOperationException("not used by a desk");
        }

        @Override
        public List<ProcessRef> peers() {
            throw new UnsupportedOperationException("not used by a desk");
        }

        @Override
        public void sendToPeer(int peer, Object message) {
            direct.add(new Sent(peer, message));
        }

        @Override
        public int broadcastToPeers(Object message) {
            broadcasts.add((BookingGossip) message);
            return 2;
        }

        @Override
        public ProcessRef successor() {
            throw new IllegalStateException("MESH has no successor");
        }

        @Override
        public void passToken(RingToken token) {
            throw new IllegalStateException("MESH has no token");
        }
    }
}
