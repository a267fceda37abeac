package io.foundation.beam.boot.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.NoSuchEcosystemException;
import io.foundation.beam.boot.UnhandledMessageException;
import io.foundation.beam.boot.annotation.Coordinator;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.ecosystem.CoordinatorContext;
import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.MemberInfo;
import io.foundation.beam.ecosystem.WorkRefusedException;
import io.foundation.beam.ecosystem.WorkerContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** @Worker / @Coordinator beans, @HandleMessage dispatch, and the Ecosystem handles the application injects. */
class EcosystemProgrammingModelTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class));

    record Order(String id, int quantity) {
    }

    record PriorityOrder(String id) {
    }

    interface Shipment {
    }

    record Parcel(String id) implements Shipment {
    }

    record Crate(String id) implements Shipment {
    }

    static class Pricing {
        int price(Order order) {
            return order.quantity() * 10;
        }
    }

    @Worker(ecosystem = "orders", workers = 3)
    static class OrderWorker {
        private final Pricing pricing;

        OrderWorker(Pricing pricing) {
            this.pricing = pricing;
        }

        @HandleMessage
        String place(Order order) {
            return "placed " + order.id() + " for " + pricing.price(order);
        }

        @HandleMessage
        String text(CharSequence text, WorkerContext context) {
            return context.ecosystem() + "/" + context.index() + ": " + text;
        }

        @HandleMessage
        String shipment(Shipment shipment) {
            return "shipment " + shipment;
        }

        @HandleMessage
        String parcel(Parcel parcel) {
            return "parcel " + parcel.id();
        }

        @HandleMessage
        long twice(int number) {
            return 2L * number;
        }

        @HandleMessage
        void ignore(Duration duration) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Services {
        @Bean
        Pricing pricing() {
            return new Pricing();
        }
    }

    static class Checkout {
        final Ecosystem orders;

        Checkout(@Qualifier("orders") Ecosystem orders) {
            this.orders = orders;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CheckoutConfiguration {
        @Bean
        Checkout checkout(@Qualifier("orders") Ecosystem orders) {
            return new Checkout(orders);
        }
    }

    private ApplicationContextRunner orders() {
        return runner.withUserConfiguration(Services.class, OrderWorker.class, CheckoutConfiguration.class);
    }

    private static Object result(CompletableFuture<Object> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void submittedWorkReachesTheHandlerOfItsTypeAndCompletesWithItsReturnValue() {
        orders().run(context -> {
            Ecosystem orders = context.getBean(Checkout.class).orders;
            assertThat(result(orders.submit(new Order("o-1", 3)))).isEqualTo("placed o-1 for 30");
            assertThat((String) result(orders.submit("hello"))).matches("orders/[0-2]: hello");
            assertThat(result(orders.submit(21))).isEqualTo(42L);
            assertThat(result(orders.submit(Duration.ofSeconds(1)))).isNull();
        });
    }

    @Test
    void theMostSpecificHandlerWins() {
        orders().run(context -> {
            Ecosystem orders = context.getBean(Checkout.class).orders;
            assertThat(result(orders.submit(new Parcel("p-1")))).isEqualTo("parcel p-1");
            assertThat(result(orders.submit(new Crate("c-1")))).isEqualTo("shipment Crate[id=c-1]");
        });
    }

    @Test
    void workWithoutAHandlerFailsAtOnceNamingTheBeanAndTheTypeAndCrashesNothing() {
        orders().run(context -> {
            Ecosystem orders = context.getBean(Checkout.class).orders;
            CompletableFuture<Object> future = orders.submit(new PriorityOrder("p-9"));
            assertThatThrownBy(() -> result(future)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(UnhandledMessageException.class)
                    .hasMessageContaining("@Worker bean 'ecosystemProgrammingModelTests.OrderWorker'")
                    .hasMessageContaining(OrderWorker.class.getName())
                    .hasMessageContaining("no @HandleMessage method for " + PriorityOrder.class.getName())
                    .hasMessageContaining(Order.class.getName());
            assertThatThrownBy(() -> orders.broadcast(new PriorityOrder("p-9")))
                    .isInstanceOf(UnhandledMessageException.class);
            assertThat(orders.info().workers()).hasSize(3).allMatch(MemberInfo::alive)
                    .allMatch(w -> w.restarts() == 0);
            assertThat(result(orders.submit(new Order("o-2", 1)))).isEqualTo("placed o-2 for 10");
        });
    }

    @Test
    void injectsTheHandleByQualifierAndTheRegistryFindsItByName() {
        orders().run(context -> {
            Ecosystem injected = context.getBean(Checkout.class).orders;
            EcosystemRegistry registry = context.getBean(EcosystemRegistry.class);
            assertThat(registry.get("orders")).isSameAs(injected);
            assertThat(context.getBean("ordersEcosystem")).isSameAs(injected);
            assertThat(registry.names()).containsExactly("orders");
            assertThat(registry.ecosystems()).containsExactly(injected);
            assertThat(registry.find("nope")).isEmpty();
            assertThatThrownBy(() -> registry.get("nope")).isInstanceOf(NoSuchEcosystemException.class)
                    .hasMessage("no ecosystem named 'nope'; known ecosystems: [orders]");
        });
    }

    @Test
    void anEcosystemWithoutACoordinatorBeanGetsTheDefaultDispatchingCoordinator() {
        orders().run(context -> {
            Ecosystem orders = context.getBean(EcosystemRegistry.class).get("orders");
            assertThat(orders.config().coordinator()).isEmpty();
            assertThat(orders.info().coordinator().alive()).isTrue();
            assertThat(orders.info().totalProcesses()).isEqualTo(4);
            assertThatThrownBy(() -> orders.call("status")).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("default coordinator");
        });
    }

    @Test
    void broadcastReachesEveryWorker() {
        runner.withUserConfiguration(Services.class, CountingWorker.class, Counts.class).run(context -> {
            Ecosystem counting = context.getBean(EcosystemRegistry.class).get("counting");
            assertThat(counting.broadcast(new Ping()).reachedCount()).isEqualTo(4);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> context.getBean(Counts.class).pings.size() == 4);
            assertThat(context.getBean(Counts.class).pings).containsExactlyInAnyOrder(0, 1, 2, 3);
        });
    }

    record Ping() {
    }

    @Configuration(proxyBeanMethods = false)
    static class Counts {
        final java.util.Set<Integer> pings = java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    @Worker(ecosystem = "counting", workers = 4)
    static class CountingWorker {
        private final Counts counts;

        CountingWorker(Counts counts) {
            this.counts = counts;
        }

        @HandleMessage
        void ping(Ping ping, WorkerContext context) {
            counts.pings.add(context.index());
        }
    }

    // ------------------------------------------------------------------ custom coordinators

    record Status() {
    }

    record Route(String to) {
    }

    @Worker(ecosystem = "routed", workers = 2)
    static class RoutedWorker {
        @HandleMessage
        String handle(Route route, WorkerContext context) {
            return "worker " + context.index();
        }
    }

    /** Handles calls with @HandleMessage, and routes work through the core interface's {@code route}. */
    @Coordinator(ecosystem = "routed")
    static class RoutingCoordinator implements io.foundation.beam.ecosystem.Coordinator {
        private final Pricing pricing;
        private int calls;

        RoutingCoordinator(Pricing pricing) {
            this.pricing = pricing;
        }

        @Override
        public int route(Object work, Optional<Object> key, CoordinatorContext context) {
            return work instanceof Route route && route.to().equals("last") ? context.workers().size() - 1 : 0;
        }

        @HandleMessage
        String status(Status status, CoordinatorContext context) {
            calls++;
            return context.ecosystem() + " ok " + calls + " " + pricing.price(new Order("x", 1));
        }
    }

    @Test
    void aCoordinatorBeanAnswersCallsAndRoutesWork() {
        runner.withUserConfiguration(Services.class, RoutedWorker.class, RoutingCoordinator.class).run(context -> {
            Ecosystem routed = context.getBean(EcosystemRegistry.class).get("routed");
            assertThat(routed.config().coordinator()).isPresent();
            assertThat(routed.call(new Status())).isEqualTo("routed ok 1 10");
            assertThat(routed.call(new Status())).isEqualTo("routed ok 2 10");
            assertThat(result(routed.submit(new Route("last")))).isEqualTo("worker 1");
            assertThat(result(routed.submit(new Route("first")))).isEqualTo("worker 0");
            assertThatThrownBy(() -> routed.call("unknown")).isInstanceOf(UnhandledMessageException.class)
                    .hasMessageContaining("@Coordinator bean")
                    .hasMessageContaining("no @HandleMessage method for java.lang.String");
        });
    }

    /** A bean may implement the core interface instead of declaring @HandleMessage methods. */
    @Worker(ecosystem = "plain", dispatch = DispatchStrategy.LEAST_LOADED)
    static class PlainWorker implements io.foundation.beam.ecosystem.Worker {
        private String greeting;

        @Override
        public void init(WorkerContext context) {
            greeting = "hello from " + context.ecosystem();
        }

        @Override
        public Object handle(Object message, WorkerContext context) {
            return greeting + ": " + message;
        }
    }

    @Test
    void aWorkerBeanMayImplementTheCoreInterface() {
        runner.withUserConfiguration(PlainWorker.class).run(context -> {
            Ecosystem plain = context.getBean(EcosystemRegistry.class).get("plain");
            assertThat(plain.config().dispatch()).isEqualTo(DispatchStrategy.LEAST_LOADED);
            assertThat(result(plain.submit(List.of(1, 2)))).isEqualTo("hello from plain: [1, 2]");
        });
    }

    @Test
    void severalEcosystemsAreInjectedByName() {
        runner.withUserConfiguration(Services.class, OrderWorker.class, PlainWorker.class, TwoEcosystems.class)
                .run(context -> {
                    TwoEcosystems two = context.getBean(TwoEcosystems.class);
                    assertThat(two.orders.name()).isEqualTo("orders");
                    assertThat(two.plain.name()).isEqualTo("plain");
                    assertThat(context.getBean(EcosystemRegistry.class).names()).containsExactlyInAnyOrder("orders",
                            "plain");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoEcosystems {
        @org.springframework.beans.factory.annotation.Autowired
        @Qualifier("orders")
        Ecosystem orders;

        @org.springframework.beans.factory.annotation.Autowired
        @Qualifier("plain")
        Ecosystem plain;
    }

    @Worker(ecosystem = "validated")
    static class ValidatingWorker {
        @HandleMessage
        String place(Order order) {
            if (order.quantity() <= 0) {
                throw new WorkRefusedException("order " + order.id() + " has quantity " + order.quantity());
            }
            return "placed " + order.id();
        }
    }

    @Test
    void aHandlerRefusesOneOrderWithoutCrashingItsWorker() {
        runner.withUserConfiguration(ValidatingWorker.class).run(context -> {
            Ecosystem validated = context.getBean(EcosystemRegistry.class).get("validated");
            var worker = validated.workers().getFirst();
            assertThatThrownBy(() -> validated.submit(new Order("o-0", 0)).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WorkRefusedException.class)
                    .hasMessage("order o-0 has quantity 0");
            assertThat(validated.submit(new Order("o-1", 1)).get(5, TimeUnit.SECONDS)).isEqualTo("placed o-1");
            assertThat(validated.workers().getFirst()).isEqualTo(worker);
            assertThat(validated.info().workers().getFirst().restarts()).isZero();
        });
    }
}
