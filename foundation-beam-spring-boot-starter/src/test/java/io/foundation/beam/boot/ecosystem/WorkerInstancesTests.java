package io.foundation.beam.boot.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.annotation.Coordinator;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.ecosystem.CoordinatorContext;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.MemberInfo;
import io.foundation.beam.ecosystem.WorkFailedException;
import io.foundation.beam.ecosystem.WorkerContext;
import io.foundation.beam.process.ProcessRef;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Each process has its own bean instance, created by the bean factory (so dependencies are injected); a restarted
 * process gets a fresh one. Concurrent: repeated.
 */
class WorkerInstancesTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class))
            .withUserConfiguration(Shared.class);

    /** A singleton that every worker instance gets injected. */
    static class Registry {
        final AtomicInteger created = new AtomicInteger();
        final Set<Object> instances = ConcurrentHashMap.newKeySet();
        /** Worker index → the instance that answered from that index. */
        final Map<Integer, Object> byIndex = new ConcurrentHashMap<>();
        /** Serials of the instances whose @PreDestroy ran. */
        final Set<Integer> destroyed = ConcurrentHashMap.newKeySet();
    }

    @Configuration(proxyBeanMethods = false)
    static class Shared {
        @Bean
        Registry registry() {
            return new Registry();
        }
    }

    record Register() {
    }

    record WhoAreYou() {
    }

    record Crash() {
    }

    @Worker(ecosystem = "pool", workers = 10, faultTolerance = FaultTolerance.SELF_HEALING)
    static class PoolWorker {
        final Registry registry;
        final int serial;

        PoolWorker(Registry registry) {
            this.registry = registry;
            this.serial = registry.created.incrementAndGet();
            registry.instances.add(this);
        }

        @HandleMessage
        void register(Register message, WorkerContext context) {
            registry.byIndex.put(context.index(), this);
        }

        @HandleMessage
        int whoAreYou(WhoAreYou message) {
            return serial;
        }

        @HandleMessage
        int crash(Crash message) {
            throw new IllegalStateException("crash requested");
        }

        @PreDestroy
        void destroyed() {
            registry.destroyed.add(serial);
        }
    }

    @RepeatedTest(3)
    void preDestroyRunsWhenAWorkerCrashesIsRestartedOnRequestOrStopsButNotWhenItIsKilled() {
        runner.withUserConfiguration(PoolWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.pool.workers=2",
                        "foundation.beam.ecosystems.pool.max-attempts=1",
                        "foundation.beam.ecosystems.pool.dispatch=key-hash")
                .run(context -> {
                    Registry registry = context.getBean(Registry.class);
                    Ecosystem pool = context.getBean(EcosystemRegistry.class).get("pool");
                    int crashed = (Integer) pool.submit(0, new WhoAreYou()).get(10, TimeUnit.SECONDS);
                    assertThat(registry.destroyed).isEmpty();

                    assertThatThrownBy(() -> pool.submit(0, new Crash()).get(10, TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class);
                    await().atMost(WAIT).until(() -> registry.destroyed.contains(crashed));
                    assertThat(registry.destroyed).containsExactly(crashed);

                    await().atMost(WAIT).until(() -> pool.info().workers().stream().allMatch(MemberInfo::alive));
                    int restarted = (Integer) pool.submit(0, new WhoAreYou()).get(10, TimeUnit.SECONDS);
                    pool.restartWorker(pool.info().workers().stream().filter(w -> w.restarts() == 1)
                            .findFirst().orElseThrow().index());
                    assertThat(registry.destroyed).contains(restarted);

                    ProcessRef killed = pool.workers().get(0);
                    context.getBean(BeamRuntime.class).kill(killed);
                    await().atMost(WAIT).until(() -> pool.info().workers().get(0).process() != killed
                            && pool.info().workers().get(0).alive());
                    assertThat(registry.destroyed).hasSize(2); // a killed process runs no cleanup
                    assertThat(registry.created.get()).isEqualTo(5);
                });
    }

    @RepeatedTest(3)
    void preDestroyRunsForEveryWorkerWhenTheContextCloses() {
        Registry[] holder = new Registry[1];
        runner.withUserConfiguration(PoolWorker.class).withPropertyValues("foundation.beam.ecosystems.pool.workers=3")
                .run(context -> holder[0] = context.getBean(Registry.class));
        assertThat(holder[0].destroyed).containsExactlyInAnyOrder(1, 2, 3);
    }

    @RepeatedTest(3)
    void tenWorkersAreTenInstancesWithTheirDependenciesInjected() {
        runner.withUserConfiguration(PoolWorker.class).run(context -> {
            Registry registry = context.getBean(Registry.class);
            assertThat(registry.instances).hasSize(10);
            assertThat(registry.instances).allSatisfy(w -> assertThat(((PoolWorker) w).registry).isSameAs(registry));
            Ecosystem pool = context.getBean(EcosystemRegistry.class).get("pool");
            assertThat(pool.broadcast(new Register()).reachedCount()).isEqualTo(10);
            await().atMost(WAIT).until(() -> registry.byIndex.size() == 10);
            assertThat(Set.copyOf(registry.byIndex.values())).hasSize(10);
            assertThat(registry.instances).containsAll(registry.byIndex.values());
        });
    }

    @RepeatedTest(3)
    void aRestartedWorkerIsAFreshInstanceFromTheContainer() {
        runner.withUserConfiguration(PoolWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.pool.workers=1",
                        "foundation.beam.ecosystems.pool.max-attempts=1")
                .run(context -> {
                    Registry registry = context.getBean(Registry.class);
                    Ecosystem pool = context.getBean(EcosystemRegistry.class).get("pool");
                    int first = (Integer) pool.submit(new WhoAreYou()).get(10, TimeUnit.SECONDS);
                    assertThat(first).isEqualTo(1);

                    // let it crash: the handler throws, the worker process dies and is restarted
                    assertThatThrownBy(() -> pool.submit(new Crash()).get(10, TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WorkFailedException.class)
                            .rootCause().hasMessage("crash requested");
                    await().atMost(WAIT).until(() -> restartedAndAlive(pool, 1));
                    int second = (Integer) pool.submit(new WhoAreYou()).get(10, TimeUnit.SECONDS);
                    assertThat(second).isEqualTo(2);

                    // killed from outside: restarted with yet another instance
                    ProcessRef worker = pool.workers().get(0);
                    context.getBean(BeamRuntime.class).kill(worker);
                    await().atMost(WAIT).until(() -> restartedAndAlive(pool, 2));
                    assertThat(pool.submit(new WhoAreYou()).get(10, TimeUnit.SECONDS)).isEqualTo(3);
                    assertThat(registry.instances).hasSize(3);
                });
    }

    private static boolean restartedAndAlive(Ecosystem ecosystem, int restarts) {
        MemberInfo worker = ecosystem.info().workers().get(0);
        return worker.restarts() == restarts && worker.alive();
    }

    record Count() {
    }

    @Worker(ecosystem = "counted", faultTolerance = FaultTolerance.SELF_HEALING)
    static class CountedWorker {
        @HandleMessage
        Object handle(Object message) {
            return message;
        }
    }

    @Coordinator(ecosystem = "counted")
    static class CountingCoordinator {
        final int serial;
        private int calls;

        CountingCoordinator(Registry registry) {
            this.serial = registry.created.incrementAndGet();
        }

        @HandleMessage
        String count(Count message, CoordinatorContext context) {
            calls++;
            return serial + ":" + calls;
        }
    }

    @RepeatedTest(3)
    void aRestartedCoordinatorIsAFreshInstance() {
        runner.withUserConfiguration(CountedWorker.class, CountingCoordinator.class).run(context -> {
            Ecosystem counted = context.getBean(EcosystemRegistry.class).get("counted");
            assertThat(counted.call(new Count())).isEqualTo("1:1");
            assertThat(counted.call(new Count())).isEqualTo("1:2");
            context.getBean(BeamRuntime.class).kill(counted.coordinator());
            await().atMost(WAIT).until(() -> counted.info().coordinator().restarts() == 1
                    && counted.info().coordinator().alive());
            assertThat(counted.call(new Count())).isEqualTo("2:1");
        });
    }
}
