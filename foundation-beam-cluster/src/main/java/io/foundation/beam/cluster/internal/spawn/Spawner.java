package io.foundation.beam.cluster.internal.spawn;

import io.foundation.beam.cluster.BehaviourFactory;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessInitException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's spawner: the process (registered as {@value #NAME}) that other nodes call to spawn a registered
 * behaviour here, and the table of behaviours.
 *
 * <p>Model: the behaviours are a concurrent map the application changes from any thread; the process reads it once
 * per request and handles one request at a time: it asks the factory for a handler, spawns it waiting for its
 * {@code init} (so an init failure is reported, and a link asked for is made before the answer leaves), and answers
 * with a {@link SpawnProtocol.Reply}. A factory or an init that blocks delays this node's other spawns, never the
 * network. Nothing it does can end it: every failure is an answer.
 */
public final class Spawner implements ProcessHandler {

    /** The name the spawner is registered under on every node. */
    public static final String NAME = "foundation.beam.cluster.spawner";

    private final ConcurrentHashMap<String, BehaviourFactory> behaviours = new ConcurrentHashMap<>();

    /**
     * @param name the behaviour's name
     * @param factory its factory
     * @throws IllegalStateException if the name is taken
     */
    public void register(String name, BehaviourFactory factory) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a behaviour's name must not be blank");
        }
        if (behaviours.putIfAbsent(name, factory) != null) {
            throw new IllegalStateException("a behaviour named '" + name + "' is registered already");
        }
    }

    /**
     * @param name a behaviour's name
     * @return whether it was registered
     */
    public boolean unregister(String name) {
        return behaviours.remove(name) != null;
    }

    /** @return the behaviours' names, sorted */
    public List<String> names() {
        return behaviours.keySet().stream().sorted().toList();
    }

    @Override
    public Object handle(Object message, ProcessContext context) {
        if (!(message instanceof SpawnProtocol.Request request)) {
            return null;
        }
        BehaviourFactory factory = behaviours.get(request.behaviour());
        if (factory == null) {
            return new SpawnProtocol.UnknownBehaviour(request.behaviour(), names());
        }
        ProcessHandler handler;
        try {
            handler = factory.create(request.argument());
        } catch (Exception | LinkageError e) {
            return new SpawnProtocol.FactoryFailed(e);
        }
        if (handler == null) {
            return new SpawnProtocol.FactoryFailed(new NullPointerException("the factory of behaviour '"
                    + request.behaviour() + "' returned null"));
        }
        ProcessHandler started = request.linkTo() == null ? handler : new Linked(handler, request.linkTo());
        try {
            ProcessRef process = context.runtime().spawn(started, SpawnOptions.defaults().withAwaitInit(true));
            return new SpawnProtocol.Spawned(process);
        } catch (ProcessInitException e) {
            return new SpawnProtocol.InitFailed(e.getMessage(), e.getCause());
        } catch (RuntimeException e) {
            return new SpawnProtocol.InitFailed(String.valueOf(e.getMessage()), e);
        }
    }

    /** A handler that links its process to {@code linkTo} first thing in {@code init} (spawn_link's link). */
    private record Linked(ProcessHandler handler, ProcessRef linkTo) implements ProcessHandler {

        @Override
        public void init(ProcessContext context) throws Exception {
            context.link(linkTo);
            handler.init(context);
        }

        @Override
        public Object handle(Object message, ProcessContext context) throws Exception {
            return handler.handle(message, context);
        }

        @Override
        public void terminate(ExitReason reason, ProcessContext context) throws Exception {
            handler.terminate(reason, context);
        }
    }
}
