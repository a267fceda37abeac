package io.foundation.beam.benchmarks.spring;

import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.Ecosystem;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring path (issue 24, item 7): one HTTP endpoint doing about 50 us of CPU per request four ways, for
 * {@code spring-compare.sh} to load with wrk on loopback.
 * <ul>
 *   <li>{@code GET /direct}: the work on the request thread (a virtual thread: {@code spring.threads.virtual.enabled});</li>
 *   <li>{@code GET /async}: an {@code @Async} method on Boot's {@code applicationTaskExecutor}, which is a
 *       virtual-thread {@code SimpleAsyncTaskExecutor} with virtual threads on, returning a {@code CompletableFuture};</li>
 *   <li>{@code GET /ecosystem}: submitted to the {@code @Worker} ecosystem {@code springpath} (workers = CPUs by
 *       default, {@code foundation.beam.ecosystems.springpath.workers} overrides), returning the submit's future;</li>
 *   <li>{@code GET /ecosystem-join}: the same submission, but the request's virtual thread waits for the result
 *       ({@code join()}) and returns it, so Spring MVC handles the request in one dispatch, as {@code /direct}. An
 *       endpoint returning a {@code CompletableFuture} goes through MVC's asynchronous request processing: the
 *       servlet request is put in async mode, and the result is dispatched back into the servlet container for a
 *       second pass through the filter chain and the dispatcher servlet. On a virtual thread, blocking costs only
 *       the unmount and remount of the thread, so waiting is the cheaper pattern there.</li>
 *   <li>{@code GET /pool-join}: the hand-written floor of a hand-off, no process semantics: the work is run by a
 *       fixed pool of as many virtual threads as the ecosystem has workers ({@code Executors.newFixedThreadPool}
 *       with a virtual-thread factory: one {@code LinkedBlockingQueue}, no coordinator, no supervision, no
 *       bookkeeping), the request's virtual thread waiting with {@code join()} as for {@code /ecosystem-join}. What
 *       this endpoint loses against {@code /direct} is what any design running the work on another thread pays on
 *       this machine.</li>
 * </ul>
 * Every endpoint answers the work's result as text, so the work cannot be optimised away. The server listens on
 * 127.0.0.1 only; the port is {@code --server.port=N} (default 8080).
 *
 * <p>Run: {@code java -jar foundation-beam-benchmarks/target/foundation-beam-benchmarks-<version>-spring-path.jar
 * --server.port=8080} (a second artifact, a Spring Boot executable jar: the Spring dependencies are {@code provided}
 * in the benchmarks pom, so they stay out of the shaded benchmarks jar). {@code GET /where} says which thread each path
 * runs its work on.
 */
@SpringBootApplication
@EnableAsync
public class SpringPathApp {

    /** Starts the application. */
    public static void main(String[] args) {
        start(args);
    }

    /**
     * Starts the application with the settings {@code spring-compare.sh} relies on (127.0.0.1, virtual threads on,
     * as many workers as CPUs unless the arguments say otherwise).
     *
     * @param args Spring Boot's command-line arguments, such as {@code --server.port=0}
     * @return the running application, for the caller to close
     */
    public static ConfigurableApplicationContext start(String[] args) {
        SpringApplication app = new SpringApplication(SpringPathApp.class);
        app.setDefaultProperties(Map.of(
                "server.address", "127.0.0.1",
                "spring.threads.virtual.enabled", "true",
                "spring.main.banner-mode", "off",
                "foundation.beam.ecosystems.springpath.workers",
                        Integer.toString(Runtime.getRuntime().availableProcessors())));
        return app.run(args);
    }

    /** One piece of work: the number of hash rounds to run. An immutable record, so it is passed by reference. */
    public record Job(int rounds) {}

    /** Asks a worker which thread it runs on (for {@code GET /where}). */
    public record Where() {}

    /** The ecosystem's worker: runs the work on its process's virtual thread. */
    @Worker(ecosystem = "springpath")
    static class PathWorker {
        @HandleMessage
        Long handle(Job job) {
            return CpuWork.hash(job.rounds());
        }

        @HandleMessage
        String where(Where where) {
            return describe(Thread.currentThread());
        }
    }

    static String describe(Thread thread) {
        return (thread.isVirtual() ? "virtual " : "platform ") + thread;
    }

    /** The {@code @Async} path: Boot's virtual-thread task executor. */
    @Service
    static class AsyncWork {
        private final CpuWork work;

        AsyncWork(CpuWork work) {
            this.work = work;
        }

        @Async
        public CompletableFuture<Long> run() {
            return CompletableFuture.completedFuture(CpuWork.hash(work.rounds()));
        }

        @Async
        public CompletableFuture<String> where() {
            return CompletableFuture.completedFuture(describe(Thread.currentThread()));
        }
    }

    /**
     * The hand-off floor for {@code GET /pool-join}: a fixed pool of virtual threads, as many as the ecosystem's
     * workers, closed with the application context.
     */
    @Component
    static class HandoffPool implements DisposableBean {
        private final ExecutorService pool;

        HandoffPool(@Value("${foundation.beam.ecosystems.springpath.workers}") int threads) {
            this.pool = Executors.newFixedThreadPool(threads, Thread.ofVirtual().name("handoff-", 0).factory());
        }

        long run(int rounds) {
            return CompletableFuture.supplyAsync(() -> CpuWork.hash(rounds), pool).join();
        }

        String where() {
            return CompletableFuture.supplyAsync(() -> describe(Thread.currentThread()), pool).join();
        }

        @Override
        public void destroy() {
            pool.shutdownNow();
        }
    }

    /** The endpoints. */
    @RestController
    static class PathController {
        private final CpuWork work;
        private final AsyncWork async;
        private final Ecosystem ecosystem;
        private final HandoffPool handoff;

        PathController(CpuWork work, AsyncWork async, @Qualifier("springpath") Ecosystem ecosystem,
                HandoffPool handoff) {
            this.work = work;
            this.async = async;
            this.ecosystem = ecosystem;
            this.handoff = handoff;
        }

        @GetMapping("/direct")
        String direct() {
            return Long.toString(CpuWork.hash(work.rounds()));
        }

        @GetMapping("/async")
        CompletableFuture<String> async() {
            return async.run().thenApply(String::valueOf);
        }

        /** The threads each path runs its work on: a check that all four are virtual threads. */
        @GetMapping("/where")
        String where() {
            return "direct: " + describe(Thread.currentThread()) + "\nasync: " + async.where().join()
                    + "\necosystem: " + ecosystem.submit(new Where()).join() + "\npool: " + handoff.where() + "\n";
        }

        @GetMapping("/ecosystem")
        CompletableFuture<String> ecosystem() {
            return ecosystem.submit(new Job(work.rounds())).thenApply(String::valueOf);
        }

        /** The recommended pattern with virtual threads: wait on the request thread, one MVC dispatch. */
        @GetMapping("/ecosystem-join")
        String ecosystemJoin() {
            return String.valueOf(ecosystem.submit(new Job(work.rounds())).join());
        }

        /** The hand-off floor: the same wait, on a plain fixed pool of virtual threads. */
        @GetMapping("/pool-join")
        String poolJoin() {
            return String.valueOf(handoff.run(work.rounds()));
        }
    }
}
