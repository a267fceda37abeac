package io.foundation.beam.sample.order;

import java.util.List;

/**
 * The body of {@code POST /api/orders}. Fields may be missing in the JSON: {@link OrderValidator} says which.
 *
 * @param customerId who orders
 * @param country the destination, an ISO 3166 alpha-2 code such as {@code DE}
 * @param lines what is ordered
 */
public record OrderRequest(String customerId, String country, List<OrderLine> lines) {
}
