package io.foundation.beam.boot.actuate.observer;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.process.ProcessRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.MimeType;

/**
 * The {@code observer} Actuator endpoint: a live page of the runtime's processes in the browser, like Erlang's
 * {@code observer} or Phoenix LiveDashboard, served by the application itself (plain HTML, CSS, JavaScript and SVG in
 * the starter's jar; no separate server, no build step).
 * <ul>
 *   <li>{@code GET /actuator/observer}: the page. It shows the supervision tree (runtime, ecosystems with their
 *       coordinator and workers, plain supervisors and their children), the busiest processes (by mailbox, message
 *       rate or memory figure), each ecosystem's health, figures and charts of the last minutes, telemetry events as
 *       they happen, and a process's details on click.</li>
 *   <li>{@code GET /actuator/observer/stream}: the live stream the page reads (server-sent events: {@code sample}
 *       once per interval, {@code telemetry} at once, {@code heartbeat}); {@code GET /actuator/observer/sample} and
 *       {@code GET /actuator/observer/history}: the same sample, and the ecosystems' recent figures, as JSON (the
 *       page polls them where server-sent events are unavailable). These three are served by Spring MVC next to the
 *       endpoint (see {@code ObserverManagementContextConfiguration}).</li>
 *   <li>{@code GET /actuator/observer/processes/{id}}: one process's details ({@link ObserverModel.Details}), for
 *       a process the page has shown; 404 otherwise.</li>
 *   <li>Actions, only with {@code management.endpoint.observer.access=unrestricted} (write operations; unmapped
 *       otherwise, so a POST is answered 404 or 405 and the page shows itself read-only):
 *       {@code POST /actuator/observer/processes/{id}/kill} kills a process (its supervisor, if any, restarts it);
 *       {@code POST /actuator/observer/ecosystems/{name}/restart} with {@code {"worker": i}} restarts a worker;
 *       {@code POST /actuator/observer/ecosystems/{name}/resize} with {@code {"workers": n}} changes the worker
 *       count. Errors are problem details ({@code application/problem+json}) with a {@code detail} that says what
 *       went wrong.</li>
 * </ul>
 * The endpoint inherits Actuator's exposure ({@code management.endpoints.web.exposure.include} must name it), its
 * access control, base path, separate management port and, with Spring Security, {@code EndpointRequest.to("observer")}
 * rules. Its JSON never lists every process: see {@link ObserverModel} for the bounds.
 */
@WebEndpoint(id = "observer", defaultAccess = Access.READ_ONLY)
public class ObserverEndpoint {

    /** Boot's access property of this endpoint: {@code unrestricted} enables the page's actions. */
    public static final String ACCESS_PROPERTY = "management.endpoint.observer.access";

    /** The page, in the starter's jar. */
    static final String PAGE = "observer.html";

    /** The token of the page that the page's settings replace. */
    static final String CONFIG_TOKEN = "__OBSERVER_CONFIG__";

    private static final int STATUS_CONFLICT = 409;
    private static final MimeType PROBLEM_JSON = MimeType.valueOf("application/problem+json");

    private final ObserverSampler sampler;
    private final BeamRuntime runtime;
    private final EcosystemRegistry registry;
    private final String page;

    /**
     * @param sampler the shared sampler
     * @param runtime the runtime observed
     * @param registry its ecosystems
     */
    public ObserverEndpoint(ObserverSampler sampler, BeamRuntime runtime, EcosystemRegistry registry) {
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.page = readPage();
    }

    /** @return the page, with its settings (whether it may act, the interval, the top lists' length) */
    @ReadOperation(produces = "text/html;charset=UTF-8")
    public String page() {
        String config = "{\"write\":" + sampler.writable() + ",\"intervalMillis\":" + sampler.interval().toMillis()
                + ",\"top\":" + sampler.top() + ",\"runtime\":\"" + jsonEscape(runtime.name()) + "\"}";
        return page.replace(CONFIG_TOKEN, config);
    }

    /**
     * A process's details.
     *
     * @param kind {@code processes}
     * @param id the process's number
     * @return 200 with {@link ObserverModel.Details}, or 404 with a problem detail
     */
    @ReadOperation
    public WebEndpointResponse<Object> details(@Selector String kind, @Selector String id) {
        if (!"processes".equals(kind)) {
            return refusal(WebEndpointResponse.STATUS_NOT_FOUND, "The observer has no '" + kind + "': it shows "
                    + "processes/{id}.");
        }
        Optional<Long> number = number(id);
        if (number.isEmpty()) {
            return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, "'" + id + "' is not a process number (the N of "
                    + "<" + runtime.name() + ".N>).");
        }
        return sampler.details(number.get())
                .<WebEndpointResponse<Object>>map(WebEndpointResponse::new)
                .orElseGet(() -> refusal(WebEndpointResponse.STATUS_NOT_FOUND, notShown(number.get())));
    }

    /**
     * An action (a write operation: only with unrestricted access).
     *
     * @param kind {@code processes} or {@code ecosystems}
     * @param target a process's number, or an ecosystem's name
     * @param action {@code kill} for a process; {@code restart} or {@code resize} for an ecosystem
     * @param worker the worker to restart
     * @param workers the new worker count
     * @return 200 with what was done, or 400, 404 or 409 with a problem detail
     */
    @WriteOperation
    public WebEndpointResponse<Object> act(@Selector String kind, @Selector String target, @Selector String action,
            @Nullable Integer worker, @Nullable Integer workers) {
        WebEndpointResponse<Object> response = switch (kind + "/" + action) {
            case "processes/kill" -> kill(target);
            case "ecosystems/restart" -> restart(target, worker);
            case "ecosystems/resize" -> resize(target, workers);
            default -> refusal(WebEndpointResponse.STATUS_NOT_FOUND, "The observer has no action '" + action
                    + "' on " + kind + ": its actions are processes/{id}/kill, ecosystems/{name}/restart and "
                    + "ecosystems/{name}/resize.");
        };
        sampler.sampleSoon();
        return response;
    }

    private WebEndpointResponse<Object> kill(String id) {
        Optional<Long> number = number(id);
        if (number.isEmpty()) {
            return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, "'" + id + "' is not a process number.");
        }
        Optional<ProcessRef> process = sampler.shown(number.get());
        if (process.isEmpty()) {
            return refusal(WebEndpointResponse.STATUS_NOT_FOUND, notShown(number.get()));
        }
        runtime.kill(process.get());
        return new WebEndpointResponse<>(Map.of("killed", process.get().toString()));
    }

    private WebEndpointResponse<Object> restart(String name, @Nullable Integer worker) {
        Optional<Ecosystem> found = registry.find(name);
        if (found.isEmpty()) {
            return noSuchEcosystem(name);
        }
        if (worker == null) {
            return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, "Restarting a worker of '" + name + "' needs "
                    + "the worker's index: send {\"worker\": i}.");
        }
        try {
            List<ProcessRef> current = found.get().workers();
            if (worker < 0 || worker >= current.size()) {
                return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, "Ecosystem '" + name + "' has no worker "
                        + worker + ": its workers are 0 to " + (current.size() - 1) + ".");
            }
            ProcessRef replacement = found.get().restartWorker(worker);
            return new WebEndpointResponse<>(Map.of("ecosystem", name, "worker", worker, "process",
                    replacement.toString()));
        } catch (IndexOutOfBoundsException shrunkMeanwhile) {
            return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, "Ecosystem '" + name + "' has no worker "
                    + worker + " any more: " + shrunkMeanwhile.getMessage());
        } catch (EcosystemStoppedException e) {
            return refusal(STATUS_CONFLICT, "Ecosystem '" + name + "' is not running: " + e.getMessage());
        }
    }

    private WebEndpointResponse<Object> resize(String name, @Nullable Integer workers) {
        Optional<Ecosystem> found = registry.find(name);
        if (found.isEmpty()) {
            return noSuchEcosystem(name);
        }
        int max = Math.max(Ecosystem.MAX_RESIZE_WORKERS, found.get().config().workerCount());
        if (workers == null || workers < 1 || workers > max) {
            return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, "Ecosystem '" + name + "' cannot have "
                    + (workers == null ? "no count of" : workers) + " workers: send {\"workers\": n} with n from 1 to "
                    + max + ".");
        }
        try {
            int previous = found.get().resize(workers);
            return new WebEndpointResponse<>(Map.of("ecosystem", name, "previousWorkers", previous, "workers",
                    workers));
        } catch (EcosystemStoppedException e) {
            return refusal(STATUS_CONFLICT, "Ecosystem '" + name + "' is not running: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, e.getMessage());
        }
    }

    private WebEndpointResponse<Object> noSuchEcosystem(String name) {
        return refusal(WebEndpointResponse.STATUS_NOT_FOUND, "No ecosystem named '" + name + "'. Known ecosystems: "
                + registry.names() + ".");
    }

    private String notShown(long id) {
        return "No live process <" + runtime.name() + "." + id + "> among those the observer has shown: it has "
                + "ended, or the page has not listed it (the tree, the top lists and the details it opened).";
    }

    private static WebEndpointResponse<Object> refusal(int status, String detail) {
        return new WebEndpointResponse<>(Map.of("status", status, "detail", detail), status, PROBLEM_JSON);
    }

    private static Optional<Long> number(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c"); // never closes the page's script element
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String readPage() {
        try (InputStream in = ObserverEndpoint.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("The observer page " + PAGE + " is missing from the starter's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the observer page " + PAGE, e);
        }
    }
}
