package io.foundation.beam.ecosystem;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** Tasks the forked isolated work tests run in child JVMs (public, with public no-argument constructors). */
public final class ForkedTasks {

    private ForkedTasks() {
    }

    /** An input record of the task's own package: allowed by default. */
    public record Order(String id, long[] quantities) implements Serializable {
    }

    /** Sums an order's quantities. */
    public static final class Sum implements IsolatedTask<Order, Long> {

        /** Creates the task. */
        public Sum() {
        }
        @Override
        public Long run(Order input) {
            long sum = 0;
            for (long q : input.quantities()) {
                sum += q;
            }
            return sum;
        }
    }

    /** Allocates the given number of megabytes and keeps them until it returns. */
    public static final class Allocate implements IsolatedTask<Integer, Integer> {

        /** Creates the task. */
        public Allocate() {
        }
        @Override
        public Integer run(Integer megabytes) {
            byte[] block = new byte[megabytes * 1024 * 1024];
            block[block.length - 1] = 1;
            return block.length;
        }
    }

    /** Returns its child JVM's pid. */
    public static final class Pid implements IsolatedTask<String, Long> {

        /** Creates the task. */
        public Pid() {
        }
        @Override
        public Long run(String ignored) {
            return ProcessHandle.current().pid();
        }
    }

    /** Throws, with a cause. */
    public static final class Fail implements IsolatedTask<String, String> {

        /** Creates the task. */
        public Fail() {
        }
        @Override
        public String run(String input) {
            throw new IllegalStateException("bad input: " + input, new IOException("disk on fire"));
        }
    }

    /** Writes its pid to the file it is given, then blocks until it is killed. */
    public static final class Block implements IsolatedTask<Path, String> {

        /** Creates the task. */
        public Block() {
        }
        @Override
        public String run(Path marker) throws IOException, InterruptedException {
            Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
            Files.move(tmp, marker);
            new CountDownLatch(1).await();
            return "never";
        }
    }

    /** Returns its input. */
    public static final class Echo implements IsolatedTask<Object, Object> {

        /** Creates the task. */
        public Echo() {
        }
        @Override
        public Object run(Object input) {
            return input;
        }
    }

    /** Returns a class the default allow-list refuses. */
    public static final class Counter implements IsolatedTask<Long, AtomicLong> {

        /** Creates the task. */
        public Counter() {
        }
        @Override
        public AtomicLong run(Long start) {
            return new AtomicLong(start);
        }
    }

    /** Reads a file and writes its upper-case copy beside it: large data by file. */
    public static final class UpperCaseFile implements IsolatedTask<Path, Path> {

        /** Creates the task. */
        public UpperCaseFile() {
        }
        @Override
        public Path run(Path in) throws IOException {
            Path out = in.resolveSibling(in.getFileName() + ".upper");
            Files.writeString(out, Files.readString(in).toUpperCase(java.util.Locale.ROOT));
            return out;
        }
    }

    /** Returns its child JVM's input arguments. */
    public static final class JvmArguments implements IsolatedTask<String, java.util.List<String>> {
        /** Creates the task. */
        public JvmArguments() {
        }

        @Override
        public java.util.List<String> run(String ignored) {
            return java.util.List.copyOf(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
    }

    /**
     * A launcher such as Spring Boot's PropertiesLauncher: runs the main class the system property
     * {@value #MAIN_PROPERTY} names, with its arguments, in a class loader of its own over the class path (whose
     * parent is the platform loader, so the system class loader's copies of the classes are not the ones it runs),
     * and makes that loader the thread's context class loader.
     */
    public static final class Launcher {

        /** The property that names the main class. */
        public static final String MAIN_PROPERTY = "beam.test.launcher.main";
        /** The name of the launcher's class loader. */
        public static final String LOADER_NAME = "beam-test-launched";

        private Launcher() {
        }

        /**
         * @param args passed to the main class
         * @throws Exception if the main class cannot be run or fails
         */
        public static void main(String[] args) throws Exception {
            java.util.List<java.net.URL> urls = new java.util.ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            ClassLoader loader = new java.net.URLClassLoader(LOADER_NAME, urls.toArray(java.net.URL[]::new),
                    ClassLoader.getPlatformClassLoader());
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> main = Class.forName(System.getProperty(MAIN_PROPERTY), true, loader);
            main.getMethod("main", String[].class).invoke(null, (Object) args);
        }
    }

    /** Returns the name of its class loader and the sum of the order's quantities. */
    public static final class LoaderAndSum implements IsolatedTask<Order, String> {

        /** Creates the task. */
        public LoaderAndSum() {
        }

        @Override
        public String run(Order input) {
            return getClass().getClassLoader().getName() + " " + new Sum().run(input);
        }
    }
}
