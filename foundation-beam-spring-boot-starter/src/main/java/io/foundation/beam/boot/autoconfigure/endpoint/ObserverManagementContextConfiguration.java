package io.foundation.beam.boot.autoconfigure.endpoint;

import io.foundation.beam.boot.actuate.observer.ObserverEndpoint;
import io.foundation.beam.boot.actuate.observer.ObserverSampler;
import io.foundation.beam.boot.actuate.observer.ObserverStream;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The observer page's live stream and its JSON, served by Spring MVC next to the {@code observer} endpoint, on the
 * management server when it has its own port: {@code GET <endpoint>/stream} (server-sent events),
 * {@code GET <endpoint>/sample} and {@code GET <endpoint>/history}. They sit under the endpoint's path, so they share
 * its exposure, its Spring Security rules ({@code EndpointRequest.to("observer")}) and its path mapping; they exist
 * only while the endpoint is available. A request while no sampler exists (the endpoint backed off) is answered 404.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({RouterFunction.class, ObserverSampler.class})
@ConditionalOnAvailableEndpoint(ObserverEndpoint.class)
public class ObserverManagementContextConfiguration {

    /** How long one stream lasts before the browser reconnects (EventSource does so by itself). */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    @Bean
    RouterFunction<ServerResponse> foundationBeamObserverRoutes(ObjectProvider<ObserverSampler> samplers,
            PathMappedEndpoints endpoints) {
        String path = endpoints.getPath(EndpointId.of("observer"));
        return RouterFunctions.route()
                .GET(path + "/stream", request -> {
                    ObserverSampler sampler = samplers.getIfAvailable();
                    if (sampler == null) {
                        return ServerResponse.notFound().build();
                    }
                    return ServerResponse.sse(sse -> {
                        ObserverStream stream = new ObserverStream(new ObserverStream.Sink() {
                            @Override
                            public void send(String event, String data) throws java.io.IOException {
                                sse.event(event).data(data);
                            }

                            @Override
                            public void complete() {
                                sse.complete();
                            }
                        });
                        sse.onComplete(stream::close).onTimeout(stream::close).onError(error -> stream.close());
                        sampler.open(stream);
                    }, STREAM_TIMEOUT);
                })
                .GET(path + "/sample", request -> json(samplers, ObserverSampler::sampleJson))
                .GET(path + "/history", request -> json(samplers, ObserverSampler::historyJson))
                .build();
    }

    private static ServerResponse json(ObjectProvider<ObserverSampler> samplers,
            java.util.function.Function<ObserverSampler, String> body) {
        ObserverSampler sampler = samplers.getIfAvailable();
        if (sampler == null) {
            return ServerResponse.notFound().build();
        }
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .body(body.apply(sampler));
    }
}
