package io.foundation.beam.sample.shipping;

import java.util.Map;

/**
 * What one desk tells its peers: the parcels booked by each desk, as far as it knows (a grow-only counter: merging
 * takes the larger count per desk, so gossip can arrive late, twice or out of order).
 *
 * @param from the index of the desk that sends it
 * @param bookedByDesk parcels booked, by desk index
 */
public record BookingGossip(int from, Map<Integer, Long> bookedByDesk) {

    /** Copies the map. */
    public BookingGossip {
        bookedByDesk = Map.copyOf(bookedByDesk);
    }
}
