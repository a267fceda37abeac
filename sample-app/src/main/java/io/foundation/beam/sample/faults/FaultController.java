package io.foundation.beam.sample.faults;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.sample.order.Order;
import io.foundation.beam.sample.order.OrderLine;
import io.foundation.beam.sample.order.OrderRequest;
import io.foundation.beam.sample.order.OrderService;
import io.foundation.beam.sample.warehouse.Catalogue;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Fault injection, to watch the ecosystems heal. Present only with {@code sample.faults.enabled=true}.
 *
 * <ul>
 *   <li>{@code POST /api/faults/{ecosystem}/workers/{index}/crash}: the worker's process gets an exit signal with a
 *       crash reason, as if its code had thrown; its work in flight is redistributed and a fresh worker starts.</li>
 *   <li>{@code POST /api/faults/{ecosystem}/coordinator/crash}: the same for the coordinator; work submitted
 *       meanwhile is dispatched by its successor.</li>
 *   <li>{@code POST /api/faults/poison}: places an order for the product whose catalogue record is corrupt, which
 *       crashes each warehouse worker that picks it, until the order fails after {@code max-attempts}.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/faults")
@ConditionalOnBooleanProperty("sample.faults.enabled")
public class FaultController {

    private final EcosystemRegistry ecosystems;
    private final BeamRuntime runtime;
    private final OrderService orders;

    /**
     * @param ecosystems the ecosystems by name
     * @param runtime the runtime, which sends the exit signals
     * @param orders the order service, for the poison order
     */
    public FaultController(EcosystemRegistry ecosystems, BeamRuntime runtime, OrderService orders) {
        this.ecosystems = ecosystems;
        this.runtime = runtime;
        this.orders = orders;
    }

    /**
     * @param ecosystem the ecosystem's name
     * @param index the worker's index
     * @return what was crashed
     */
    @PostMapping("/{ecosystem}/workers/{index}/crash")
    public FaultReport crashWorker(@PathVariable String ecosystem, @PathVariable int index) {
        Ecosystem target = ecosystem(ecosystem);
        List<ProcessRef> workers = target.workers();
        if (index < 0 || index >= workers.size()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "ecosystem '" + ecosystem + "' has workers 0 to "
                    + (workers.size() - 1) + ", not " + index);
        }
        return crash(target, "worker " + index, workers.get(index));
    }

    /**
     * @param ecosystem the ecosystem's name
     * @return what was crashed
     */
    @PostMapping("/{ecosystem}/coordinator/crash")
    public FaultReport crashCoordinator(@PathVariable String ecosystem) {
        Ecosystem target = ecosystem(ecosystem);
        return crash(target, "coordinator", target.coordinator());
    }

    /** @return 202 with the poison order, which will fail after crashing a worker on each attempt */
    @PostMapping("/poison")
    public ResponseEntity<Order> poison() {
        Order order = orders.submit(new OrderRequest("chaos-monkey", "DE",
                List.of(new OrderLine(Catalogue.CORRUPT_SKU, 1))));
        return ResponseEntity.accepted().body(order);
    }

    private Ecosystem ecosystem(String name) {
        return ecosystems.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no ecosystem named '" + name + "'; known: " + ecosystems.names()));
    }

    private FaultReport crash(Ecosystem ecosystem, String target, ProcessRef process) {
        if (process == null || !process.isAlive()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, target + " of ecosystem '" + ecosystem.name()
                    + "' is not alive (" + process + "): it is being restarted");
        }
        runtime.exit(process, ExitReason.crashed(new InjectedFault(target + " of ecosystem '" + ecosystem.name()
                + "' (" + process + ")")));
        return new FaultReport(ecosystem.name(), target, process.toString());
    }
}
