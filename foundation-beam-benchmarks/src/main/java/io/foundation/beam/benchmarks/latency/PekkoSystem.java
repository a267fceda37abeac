package io.foundation.beam.benchmarks.latency;

import java.time.Duration;
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
 * An Apache Pekko typed actor system set up as the head-to-head comparison sets it up (a small copy of the
 * {@code compare} package's {@code PekkoSupport}, which is package-private there): Pekko's defaults untouched
 * (default dispatcher: fork-join, parallelism-min 8, so 8 threads on 2 cores; throughput 5), the
 * {@link SpawnProtocol} guardian for spawning top-level actors from outside, and a watch on the event stream's
 * {@link AllDeadLetters} so that a lost message fails the run ({@link #close()}).
 */
final class PekkoSystem implements AutoCloseable {

    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem<SpawnProtocol.Command> system;
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicReference<String> firstDeadLetter = new AtomicReference<>();

    /** @param name the actor system's name */
    PekkoSystem(String name) {
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
    ActorSystem<SpawnProtocol.Command> system() {
        return system;
    }

    /**
     * Spawns a top-level actor and waits for its ref.
     *
     * @param behavior its behaviour
     * @param name its name
     * @param <T> its message type
     * @return its ref
     */
    <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
        try {
            return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
                    replyTo -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), replyTo), SPAWN_TIMEOUT,
                    system.scheduler()).toCompletableFuture().get(SPAWN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while spawning " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not spawn actor " + name + " in " + system.name(), e);
        }
    }

    /** Fails if any message was lost, then terminates the system and waits (bounded) for it to end. */
    @Override
    public void close() {
        try {
            long count = deadLetters.get();
            if (count != 0) {
                throw new IllegalStateException(count + " message(s) were lost (dead letters, dropped or unhandled) in "
                        + system.name() + "; first: " + firstDeadLetter.get());
            }
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
