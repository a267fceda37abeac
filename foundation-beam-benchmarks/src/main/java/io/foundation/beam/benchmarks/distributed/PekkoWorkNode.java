package io.foundation.beam.benchmarks.distributed;

import com.typesafe.config.ConfigFactory;
import io.foundation.beam.benchmarks.distributed.PekkoWork.CoordinatorMessage;
import io.foundation.beam.benchmarks.distributed.PekkoWork.Result;
import io.foundation.beam.benchmarks.distributed.PekkoWork.Submit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * A Pekko node under test: a typed actor system with the {@code cluster} provider (Artery over TCP, Pekko's
 * defaults otherwise), the run's ports on 127.0.0.1, every node a seed node (the first forms the cluster),
 * {@code min-nr-of-members} = all of them, {@link PekkoWorkSerializer} for the messages. It starts
 * {@code workersPerNode} {@link PekkoWork#worker workers}, registers them with the receptionist, and initializes the
 * {@code ClusterSingleton} {@link PekkoWork#coordinator coordinator} (it runs on the oldest node; the others get a
 * proxy). A submission is an {@code ask} to the proxy. Ready once every node is Up and one item has completed.
 */
final class PekkoWorkNode implements WorkNode {

    private static final String SYSTEM = "dist-bench";
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final ActorSystem<Void> system;
    private final ActorRef<CoordinatorMessage> coordinator;

    private PekkoWorkNode(ActorSystem<Void> system, ActorRef<CoordinatorMessage> coordinator) {
        this.system = system;
        this.coordinator = coordinator;
    }

    /**
     * @param index this node's index in {@code ports}
     * @param ports every node's port on 127.0.0.1
     * @param workersPerNode workers on each node
     * @return the node, ready
     */
    static PekkoWorkNode start(int index, List<Integer> ports, int workersPerNode) {
        String seeds = ports.stream().map(p -> "\"pekko://" + SYSTEM + "@" + NodeMain.HOST + ":" + p + "\"")
                .collect(Collectors.joining(", "));
        String wire = PekkoWork.Wire.class.getName().replace(".Wire", "$Wire");
        String hocon = "pekko.actor.provider = cluster\n"
                + "pekko.loglevel = WARNING\n"
                + "pekko.remote.artery.transport = tcp\n"
                + "pekko.remote.artery.canonical.hostname = \"" + NodeMain.HOST + "\"\n"
                + "pekko.remote.artery.canonical.port = " + ports.get(index) + "\n"
                + "pekko.cluster.seed-nodes = [" + seeds + "]\n"
                + "pekko.cluster.min-nr-of-members = " + ports.size() + "\n"
                + "pekko.cluster.jmx.enabled = off\n"
                + "pekko.cluster.log-info = off\n"
                + "pekko.actor.serializers.dist-bench = \"" + PekkoWorkSerializer.class.getName() + "\"\n"
                + "pekko.actor.serialization-bindings.\"" + wire + "\" = dist-bench\n";
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(context -> {
            for (int w = 0; w < workersPerNode; w++) {
                context.getSystem().receptionist().tell(Receptionist.register(PekkoWork.WORKERS,
                        context.spawn(PekkoWork.worker(), "worker-" + w)));
            }
            return Behaviors.empty();
        }), SYSTEM, ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load()));
        try {
            ActorRef<CoordinatorMessage> proxy = ClusterSingleton.get(system).init(SingletonActor.of(
                    PekkoWork.coordinator(workersPerNode * ports.size()), "coordinator"));
            awaitUp(system, ports.size());
            PekkoWorkNode node = new PekkoWorkNode(system, proxy);
            node.submit("ready").toCompletableFuture().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return node;
        } catch (Exception e) {
            system.terminate();
            throw new IllegalStateException("the Pekko node did not get ready", e);
        }
    }

    private static void awaitUp(ActorSystem<Void> system, int members) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up()).count() < members) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster did not have " + members + " members Up within "
                        + READY_TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public CompletionStage<Result> submit(String item) {
        return AskPattern.ask(coordinator, (ActorRef<Result> replyTo) -> new Submit(item, replyTo), ASK_TIMEOUT,
                system.scheduler());
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort: the JVM halts next
        }
    }
}
