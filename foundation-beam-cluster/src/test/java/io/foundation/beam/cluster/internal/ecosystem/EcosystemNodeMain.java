package io.foundation.beam.cluster.internal.ecosystem;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.DefaultBeamCluster;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemShutdownReport;
import io.foundation.beam.ecosystem.EcosystemUnavailableException;
import io.foundation.beam.ecosystem.Ecosystems;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A cluster node in a child JVM (see {@link io.foundation.beam.cluster.testing.ChildJvm}) that runs the distributed
 * ecosystem "orders" (cluster wide; the work is a String, a worker prints {@code RAN <work> <node>} and returns
 * {@code <work>@<node>} after the work time), for the multi-JVM tests of distributed ecosystems. In this package to read
 * the handle's journal views.
 *
 * <p>Arguments: node name, bind port, initial members (comma separated {@code host:port}), failure detection timeout
 * (ms), merge interval (ms), cluster name, Raft voters (comma separated), Raft log directory, total workers, max
 * attempts, work time (ms). Prints {@code READY <name> <incarnation>} once joined and the ecosystem spawned; then {@code COORD
 * <epoch> <node>/<incarnation> <wall clock ms>} each time its journal replica's coordinator changes. Commands (one a
 * line on standard input):
 * <ul>
 *   <li>{@code submit <period ms>}: submits {@code <name>-<incarnation>-<n>} at that fixed rate on its own thread,
 *       printing {@code DONE <work> <result>} per completed future, {@code REFUSED <work> sync|async <exception>}
 *       per submission refused with {@link EcosystemUnavailableException} (thrown, or the future's),
 *       {@code FAILED <work> <exception>} for any other failure;</li>
 *   <li>{@code submitone <work>}: one submission, printed likewise (and {@code SUBMITTED <work>} when it returns a
 *       future, for a work named {@code minority-...});</li>
 *   <li>{@code raft}: prints {@code RAFT <name> term= leader= commit= last= members= view=};</li>
 *   <li>{@code stop <wait ms>}: stops submitting, waits for the open futures, prints {@code STOPPED submitted=
 *       done= refused= failed= open=};</li>
 *   <li>{@code status}: prints {@code STATUS <name> epoch=<e> coordinator=<node/incarnation> workers=<n> running=<epoch of the
 *       coordinator running here, 0 if none>};</li>
 *   <li>{@code outcomes <node> <incarnation>}: prints {@code OUTCOMES <node>/<incarnation> <held> remembered|forgotten};</li>
 *   <li>{@code leave <drain ms>}: stops submitting (its open futures stay open), {@code shutdown(drain, 5 s)},
 *       prints {@code SHUTDOWN abandoned=<the report's abandoned work> <report>}, leaves the cluster, prints
 *       {@code LEFT} (then {@code stop 0} prints its counts).</li>
 * </ul>
 * Ends when its standard input ends or its parent dies.
 */
public final class EcosystemNodeMain {

    private final String name;
    private final Node self;
    private final DistributedEcosystemHandle ecosystem;
    private final Map<String, CompletableFuture<Object>> open = new ConcurrentHashMap<>();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Thread submitter;
    private volatile boolean submitting;

    private EcosystemNodeMain(String name, Node self, DistributedEcosystemHandle ecosystem) {
        this.name = name;
        this.self = self;
        this.ecosystem = ecosystem;
    }

    /**
     * @param args see the class comment
     * @throws Exception if reading standard input fails
     */
    public static void main(String[] args) throws Exception {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        String name = args[0];
        ClusterConfig config = ClusterConfig.builder(name)
                .clusterName(args[5])
                .bindAddress("127.0.0.1")
                .bindPort(Integer.parseInt(args[1]))
                .initialMembers(Arrays.asList(args[2].split(",")))
                .failureDetectionTimeout(Duration.ofMillis(Long.parseLong(args[3])))
                .mergeInterval(Duration.ofMillis(Long.parseLong(args[4])))
                // long enough that a JOIN answered late on a busy machine is not sent again (the retry would be
                // refused as a second node of this name)
                .joinTimeout(Duration.ofMillis(2_000))
                .raftMembers(Arrays.asList(args[6].split(",")))
                .raftLogDirectory(Path.of(args[7]))
                .build();
        int workers = Integer.parseInt(args[8]);
        int maxAttempts = Integer.parseInt(args[9]);
        long workNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[10]));
        BeamRuntime runtime = BeamRuntime.builder().name(name).shutdownTimeout(Duration.ofSeconds(1)).build();
        DefaultBeamCluster cluster = DefaultBeamCluster.join(runtime, config);
        Ecosystem spawned = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("orders")
                .workers(workers, () -> (work, ctx) -> {
                    print("RAN " + work + " " + name);
                    LockSupport.parkNanos(workNanos); // the work takes about the work time
                    return work + "@" + name;
                })
                .maxAttempts(maxAttempts)
                .distribution(Distribution.clusterWide())
                .build());
        EcosystemNodeMain node = new EcosystemNodeMain(name, cluster.self(), (DistributedEcosystemHandle) spawned);
        print("READY " + name + " " + cluster.self().incarnation());
        Thread.ofPlatform().daemon().name("coordinator-watch").start(node::watchCoordinator);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("exit")) {
                    break;
                }
                try {
                    if (node.command(line.split(" "), cluster)) {
                        break;
                    }
                } catch (RuntimeException e) {
                    print("ERROR " + e);
                }
            }
        } finally {
            node.submitting = false;
            cluster.close();
            runtime.close();
        }
    }

    /** Prints the journal replica's coordinator each time it changes (polled every 10 ms). */
    private void watchCoordinator() {
        String last = "";
        while (true) {
            Optional<Node> coordinator = ecosystem.journalCoordinator();
            long epoch = ecosystem.journalEpoch();
            String now = epoch + " " + coordinator.map(n -> n.name() + "/" + n.incarnation()).orElse("-");
            if (!now.equals(last)) {
                print("COORD " + now + " " + System.currentTimeMillis());
                last = now;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** @return whether to end */
    private boolean command(String[] words, DefaultBeamCluster cluster) {
        switch (words[0]) {
            case "submit" -> {
                long period = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(words[1]));
                submitting = true;
                submitter = Thread.ofPlatform().daemon().name("submitter").start(() -> {
                    long next = System.nanoTime();
                    while (submitting) {
                        submitOne(name + "-" + self.incarnation() + "-" + sequence.incrementAndGet());
                        next += period;
                        LockSupport.parkNanos(next - System.nanoTime());
                    }
                });
            }
            case "submitone" -> submitOne(words[1]);
            case "stop" -> {
                stopSubmitting();
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(words[1]));
                while (!open.isEmpty() && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // what is left is counted as open
                }
                print("STOPPED submitted=" + submitted + " done=" + done + " refused=" + refused + " failed="
                        + failed + " open=" + open.size() + (open.isEmpty() ? "" : " " + open.keySet()));
            }
            case "status" -> print("STATUS " + name + " epoch=" + ecosystem.journalEpoch() + " coordinator="
                    + ecosystem.journalCoordinator().map(n -> n.name() + "/" + n.incarnation()).orElse("-")
                    + " workers=" + ecosystem.workers().size() + " running=" + ecosystem.stats().runningEpoch());
            case "raft" -> cluster.transport().raft().ifPresent(h -> {
                org.jgroups.protocols.raft.RAFT r = h.raft();
                print("RAFT " + name + " term=" + r.currentTerm() + " leader=" + r.leader() + " commit="
                        + r.commitIndex() + " last=" + r.lastAppended() + " members=" + r.members() + " view="
                        + cluster.transport().members());
            });
            case "outcomes" -> {
                Node submitter = new Node(words[1], Long.parseLong(words[2]));
                print("OUTCOMES " + words[1] + "/" + words[2] + " " + ecosystem.outcomesOf(submitter)
                        + (ecosystem.remembers(submitter) ? " remembered" : " forgotten"));
            }
            case "leave" -> {
                stopSubmitting(); // a submission after the shutdown would fail: the stopped ecosystem takes no work
                EcosystemShutdownReport report = ecosystem.shutdown(Duration.ofMillis(Long.parseLong(words[1])),
                        Duration.ofSeconds(5));
                print("SHUTDOWN abandoned=" + report.abandonedWork() + " " + report);
                cluster.close();
                print("LEFT");
            }
            default -> print("UNKNOWN " + String.join(" ", words));
        }
        return false;
    }

    /** Stops the submitter thread, if any, and waits until it has ended; its futures stay open. */
    private void stopSubmitting() {
        submitting = false;
        Thread t = submitter;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void submitOne(String work) {
        CompletableFuture<Object> future;
        try {
            future = ecosystem.submit(work);
        } catch (EcosystemUnavailableException e) {
            refused.incrementAndGet();
            print("REFUSED " + work + " sync " + oneLine(e));
            return;
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            print("FAILED " + work + " " + oneLine(e));
            return;
        }
        submitted.incrementAndGet();
        open.put(work, future);
        if (work.startsWith("minority-")) {
            print("SUBMITTED " + work); // a probe's submit returned a future (its outcome follows)
        }
        future.whenComplete((result, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null) {
                done.incrementAndGet();
                print("DONE " + work + " " + result);
            } else if (cause instanceof EcosystemUnavailableException) {
                refused.incrementAndGet();
                print("REFUSED " + work + " async " + oneLine(cause));
            } else {
                failed.incrementAndGet();
                print("FAILED " + work + " " + oneLine(cause));
            }
            open.remove(work); // after the line: STOPPED comes after every line of a future
        });
    }

    private static String oneLine(Throwable t) {
        return (t.getClass().getSimpleName() + ": " + t.getMessage()).replace('\n', ' ');
    }

    private static void print(String line) {
        System.out.println(line);
    }
}
