package io.foundation.beam.sample.order;

import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemOverloadedException;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.WorkRefusedException;
import io.foundation.beam.sample.SampleProperties;
import io.foundation.beam.sample.shipping.Shipment;
import io.foundation.beam.sample.shipping.ShipmentRequest;
import io.foundation.beam.sample.warehouse.Pick;
import io.foundation.beam.sample.warehouse.PickRequest;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Accepts orders and moves them through the two ecosystems: the {@code warehouse} picks, then the {@code shipping}
 * desks book the courier. Thread-safe.
 *
 * <p>Admission: at most {@code sample.orders.max-in-flight} orders are unfinished at once (a semaphore permit per
 * order, released when it reaches a final state); beyond that {@link #submit} refuses at once with
 * {@link OverloadedException} rather than queueing without bound. Every admitted order reaches a final state: the
 * ecosystems complete or fail every piece of submitted work (within their {@code work-timeout}).
 *
 * <p>The order book is a map in memory, for the life of the process (the sample has no database).
 */
@Service
public class OrderService {

    private final Ecosystem warehouse;
    private final Ecosystem shipping;
    private final OrderValidator validator;
    private final int maxInFlight;
    private final Semaphore admission;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();

    /**
     * @param warehouse the TREE pool that picks
     * @param shipping the MESH of desks that book couriers
     * @param properties admission limits
     */
    public OrderService(@Qualifier("warehouse") Ecosystem warehouse, @Qualifier("shipping") Ecosystem shipping,
            SampleProperties properties) {
        this.warehouse = warehouse;
        this.shipping = shipping;
        this.validator = new OrderValidator(properties.orders().maxLines());
        this.maxInFlight = properties.orders().maxInFlight();
        this.admission = new Semaphore(maxInFlight);
    }

    /**
     * Validates and admits an order, and starts its picking; returns at once.
     *
     * @param request the order
     * @return the accepted order, {@link OrderStatus#PICKING}
     * @throws InvalidOrderException if the request is not well formed
     * @throws OverloadedException if {@code max-in-flight} orders are unfinished, or the warehouse ecosystem refuses
     *     more work (backpressure)
     * @throws EcosystemStoppedException if the warehouse ecosystem does not take work (it gave up after too many
     *     crashes, or the service is stopping)
     */
    public Order submit(OrderRequest request) {
        List<String> problems = validator.problems(request);
        if (!problems.isEmpty()) {
            throw new InvalidOrderException(problems);
        }
        if (!admission.tryAcquire()) {
            throw new OverloadedException("the service holds " + maxInFlight + " unfinished orders, its limit"
                    + " (sample.orders.max-in-flight): retry later");
        }
        String id = "ord-" + ids.incrementAndGet();
        Order order = Order.accepted(id, request, clock.instant());
        orders.put(id, order); // before submitting: the pick may complete before submit returns
        CompletableFuture<Object> picked;
        try {
            picked = warehouse.submit(new PickRequest(id, order.lines()));
        } catch (RuntimeException notSubmitted) {
            orders.remove(id);
            admission.release();
            throw notSubmitted;
        }
        if (picked.isCompletedExceptionally() && picked.exceptionNow() instanceof EcosystemOverloadedException full) {
            // The warehouse's own backpressure (its max-pending-work or a full coordinator mailbox): answer 429 too.
            orders.remove(id);
            admission.release();
            throw new OverloadedException(full.getMessage());
        }
        picked.thenCompose(pick -> ship(id, (Pick) pick))
                .whenComplete((shipment, failure) -> finish(id, (Shipment) shipment, failure));
        return order;
    }

    private CompletableFuture<Object> ship(String id, Pick pick) {
        Order order = orders.computeIfPresent(id, (k, o) -> o.picked(pick));
        return shipping.submit(order.country(), new ShipmentRequest(id, order.country(), pick.parcelWeightGrams()));
    }

    private void finish(String id, Shipment shipment, Throwable failure) {
        try {
            orders.computeIfPresent(id, (k, o) -> {
                if (failure == null) {
                    return o.completed(shipment, clock.instant());
                }
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                OrderStatus status = cause instanceof WorkRefusedException ? OrderStatus.REJECTED : OrderStatus.FAILED;
                return o.ended(status, cause.getMessage(), clock.instant());
            });
        } finally {
            admission.release();
        }
    }

    /**
     * @param id an order id
     * @return the order as it is now
     * @throws UnknownOrderException if no order has that id
     */
    public Order get(String id) {
        return Optional.ofNullable(orders.get(id)).orElseThrow(() -> new UnknownOrderException(id));
    }

    /** @return how many orders are in each state, how many are unfinished, and the admission limit */
    public OrderStats stats() {
        Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            byStatus.put(status, 0L);
        }
        orders.values().forEach(o -> byStatus.merge(o.status(), 1L, Long::sum));
        return new OrderStats(Collections.unmodifiableMap(byStatus), maxInFlight - admission.availablePermits(), maxInFlight);
    }

    /**
     * @param byStatus orders in each state
     * @param inFlight orders admitted and not yet final
     * @param maxInFlight the admission limit
     */
    public record OrderStats(Map<OrderStatus, Long> byStatus, int inFlight, int maxInFlight) {
    }
}
