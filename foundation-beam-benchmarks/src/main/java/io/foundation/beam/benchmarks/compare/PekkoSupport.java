package io.foundation.beam.benchmarks.compare;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.AllDeadLetters;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One Apache Pekko typed actor system for one benchmark trial, set up the way the comparison documents it.
 *
 * <p><b>Configuration.</b> Pekko's defaults, untouched ({@code ConfigFactory.load()}: nothing in this module
 * overrides {@code reference.conf}): the default dispatcher is a fork-join pool with {@code parallelism-min = 8},
 * {@code parallelism-factor = 1.0}, {@code parallelism-max = 64} (so 8 threads on a 2-core machine) and
 * {@code throughput = 5} messages per actor per turn; the default mailbox is the unbounded
 * {@code SingleConsumerOnlyUnboundedMailbox}. A run may override any setting with a system property, e.g.
 * {@code -Dpekko.actor.default-dispatcher.fork-join-executor.parallelism-max=2}; the report records the JVM
 * arguments of every fork. The guardian is {@link SpawnProtocol}, Pekko's documented way of spawning top-level
 * actors from outside the system.
 *
 * <p><b>Lost messages fail loudly.</b> The system's event stream is watched for {@link AllDeadLetters} (dead
 * letters, dropped and unhandled messages); {@link #checkNoDeadLetters()} throws if any was seen. A lost message
 * would in any case stop a round from completing, which {@link CompareSupport#await} turns into a failure.
 *
 * <p>Public for the tail-latency comparison (package {@code latency}), which sets Pekko up the same way.
 */
public final class PekkoSupport implements AutoCloseable {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem<SpawnProtocol.Command> system;
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicReference<String> firstDeadLetter = new AtomicReference<>();

    /**
     * Starts an actor system with Pekko's default configuration and subscribes to its dead letters.
     *
     * @param name the actor system's name
     */
    public PekkoSupport(String name) {
        system = ActorSystem.create(SpawnProtocol.create(), name);
        ActorRef<AllDeadLetters> watcher = spawn(Behaviors.receive(AllDeadLetters.class)
                .onAnyMessage(letter -> {
                    deadLetters.incrementAndGet();
                    firstDeadLetter.compareAndSet(null, letter.toString());
                    return Behaviors.same();
                }).build(), "dead-letter-watch");
        system.eventStream().tell(new EventStream.Subscribe<>(AllDeadLetters.class, watcher));
    }

    /** @return the actor system */
    public ActorSystem<SpawnProtocol.Command> system() {
        return system;
    }

    /**
     * Spawns a top-level actor (a child of the {@link SpawnProtocol} guardian) and waits for its ref.
     *
     * @param behavior its behaviour
     * @param name its name, or "" for an anonymous actor
     * @param <T> its message type
     * @return its ref
     */
    public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
        CompletableFuture<ActorRef<T>> ref = AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
                replyTo -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), replyTo), ASK_TIMEOUT,
                system.scheduler()).toCompletableFuture();
        return CompareSupport.await(ref);
    }

    /**
     * @throws IllegalStateException if the system has reported any dead letter, dropped or unhandled message
     */
    public void checkNoDeadLetters() {
        long count = deadLetters.get();
        if (count != 0) {
            throw new IllegalStateException(count + " message(s) were lost (dead letters, dropped or unhandled) in "
                    + system.name() + "; first: " + firstDeadLetter.get());
        }
    }

    /** Checks for lost messages, then terminates the system and waits (bounded) for it to end. */
    @Override
    public void close() {
        try {
            checkNoDeadLetters();
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("actor system " + system.name() + " did not terminate", e);
            }
        }
    }
}
