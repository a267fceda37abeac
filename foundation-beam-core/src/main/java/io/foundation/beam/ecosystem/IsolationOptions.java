package io.foundation.beam.ecosystem;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where isolated work runs: {@link #inProcess()} (a short-lived process of the runtime, sharing the JVM's heap) or
 * {@link #forked()} (a child JVM with its own capped heap, from a pool of warm children the runtime supervises).
 * Immutable; each {@code with...} returns a copy.
 *
 * <p>A forked child runs {@code java -Xmx<maxHeap> -XX:+ExitOnOutOfMemoryError -XX:MaxMetaspaceSize=<..>
 * -XX:MaxDirectMemorySize=<..> -XX:+UseSerialGC -Xshare:auto -XX:+DisplayVMOutputToStderr <jvmFlags>
 * -cp <the parent's module path and class path>}
 * with the parent's {@code java} ({@link #withLauncher} starts it through a launcher such as Spring Boot's, for an
 * executable jar). The input and the result cross by Java serialization over a Unix domain socket in
 * a temporary directory only the user can open, and each side deserializes behind an allow-list: the java.base value
 * types (strings, boxed primitives, {@code BigInteger}/{@code BigDecimal}, {@code java.time}, the JDK's lists, sets
 * and maps, {@code UUID}, arrays of these and of primitives), the task's own package, and the patterns given to
 * {@link #withAllowedClasses(String...)}. A {@link Path} crosses as its name: pass one for data too large to copy.
 *
 * <p>Options that shape the child JVM (heap, metaspace, direct memory, flags, AOT cache, pool size, reuse) select a
 * pool: calls with the same shape in one runtime share one pool, created on first use and stopped with the runtime.
 */
public final class IsolationOptions {

    /** The default timeout of both forms: 60 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final long MB = 1024L * 1024L;
    private static final Pattern CLASS_NAME = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
    private static final Pattern PROPERTY_NAME = Pattern.compile("[^=\\s]+");

    private final boolean forked;
    private final Duration timeout;
    private final long maxHeapBytes;
    private final long maxMetaspaceBytes;
    private final long maxDirectMemoryBytes;
    private final List<String> jvmFlags;
    private final List<String> allowedClasses;
    private final int poolSize;
    private final int tasksPerChild;
    private final long recycleAboveHeapBytes;
    private final Path aotCache;
    private final String launcherMainClass;
    private final String launcherMainClassProperty;

    private IsolationOptions(boolean forked, Duration timeout, long maxHeapBytes, long maxMetaspaceBytes,
            long maxDirectMemoryBytes, List<String> jvmFlags, List<String> allowedClasses, int poolSize,
            int tasksPerChild, long recycleAboveHeapBytes, Path aotCache) {
        this(forked, timeout, maxHeapBytes, maxMetaspaceBytes, maxDirectMemoryBytes, jvmFlags, allowedClasses,
                poolSize, tasksPerChild, recycleAboveHeapBytes, aotCache, null, null);
    }

    private IsolationOptions(boolean forked, Duration timeout, long maxHeapBytes, long maxMetaspaceBytes,
            long maxDirectMemoryBytes, List<String> jvmFlags, List<String> allowedClasses, int poolSize,
            int tasksPerChild, long recycleAboveHeapBytes, Path aotCache, String launcherMainClass,
            String launcherMainClassProperty) {
        this.forked = forked;
        this.timeout = timeout;
        this.maxHeapBytes = maxHeapBytes;
        this.maxMetaspaceBytes = maxMetaspaceBytes;
        this.maxDirectMemoryBytes = maxDirectMemoryBytes;
        this.jvmFlags = jvmFlags;
        this.allowedClasses = allowedClasses;
        this.poolSize = poolSize;
        this.tasksPerChild = tasksPerChild;
        this.recycleAboveHeapBytes = recycleAboveHeapBytes;
        this.aotCache = aotCache;
        this.launcherMainClass = launcherMainClass;
        this.launcherMainClassProperty = launcherMainClassProperty;
    }

    /** @return today's behaviour: a short-lived process in this JVM, timeout {@link #DEFAULT_TIMEOUT} */
    public static IsolationOptions inProcess() {
        return new IsolationOptions(false, DEFAULT_TIMEOUT, 0, 0, 0, List.of(), List.of(), 0, 0, 0, null);
    }

    /**
     * @return a child JVM per task: heap 256 MB, metaspace 128 MB, direct memory 64 MB, a pool of one warm child,
     *     recycled after each task, timeout {@link #DEFAULT_TIMEOUT}
     */
    public static IsolationOptions forked() {
        return new IsolationOptions(true, DEFAULT_TIMEOUT, 256 * MB, 128 * MB, 64 * MB, List.of(), List.of(), 1, 1, 0,
                null);
    }

    /** @return whether the work runs in a child JVM */
    public boolean isForked() {
        return forked;
    }

    /** @return the longest the work may take, from the call (waiting for a free child included) */
    public Duration timeout() {
        return timeout;
    }

    /** @return the child's heap cap ({@code -Xmx}), 0 in process */
    public long maxHeapBytes() {
        return maxHeapBytes;
    }

    /** @return the child's metaspace cap ({@code -XX:MaxMetaspaceSize}) */
    public long maxMetaspaceBytes() {
        return maxMetaspaceBytes;
    }

    /** @return the child's direct memory cap ({@code -XX:MaxDirectMemorySize}) */
    public long maxDirectMemoryBytes() {
        return maxDirectMemoryBytes;
    }

    /** @return extra flags for the child's {@code java} command, after ours */
    public List<String> jvmFlags() {
        return jvmFlags;
    }

    /** @return the allow-list patterns added to the defaults */
    public List<String> allowedClasses() {
        return allowedClasses;
    }

    /** @return how many warm children the pool keeps */
    public int poolSize() {
        return poolSize;
    }

    /** @return how many tasks a child runs before it is replaced (1: a fresh heap for every task) */
    public int tasksPerChild() {
        return tasksPerChild;
    }

    /** @return the used heap after a task above which a reused child is replaced, 0 for none */
    public long recycleAboveHeapBytes() {
        return recycleAboveHeapBytes;
    }

    /** @return the AOT cache file the children use, if any */
    public Optional<Path> aotCache() {
        return Optional.ofNullable(aotCache);
    }

    /**
     * @param value the longest the work may take, from the call; then it is killed ({@link IsolatedWorkKilledException},
     *     {@link IsolatedWorkException.Outcome#TIMED_OUT})
     * @return a copy with it
     */
    public IsolationOptions withTimeout(Duration value) {
        Objects.requireNonNull(value, "timeout");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("isolated work's timeout must be positive, got " + value);
        }
        return new IsolationOptions(forked, value, maxHeapBytes, maxMetaspaceBytes, maxDirectMemoryBytes, jvmFlags,
                allowedClasses, poolSize, tasksPerChild, recycleAboveHeapBytes, aotCache,
                launcherMainClass, launcherMainClassProperty);
    }

    /**
     * @param bytes the child's heap cap, rounded up to a whole megabyte; at least 8 MB
     * @return a copy with it
     */
    public IsolationOptions withMaxHeap(long bytes) {
        return new IsolationOptions(requireForked("withMaxHeap"), timeout, megabytes("max heap", bytes, 8),
                maxMetaspaceBytes, maxDirectMemoryBytes, jvmFlags, allowedClasses, poolSize, tasksPerChild,
                recycleAboveHeapBytes, aotCache, launcherMainClass, launcherMainClassProperty);
    }

    /**
     * @param bytes the child's metaspace cap (class metadata), rounded up to a whole megabyte; at least 16 MB
     * @return a copy with it
     */
    public IsolationOptions withMaxMetaspace(long bytes) {
        return new IsolationOptions(requireForked("withMaxMetaspace"), timeout, maxHeapBytes,
                megabytes("max metaspace", bytes, 16), maxDirectMemoryBytes, jvmFlags, allowedClasses, poolSize,
                tasksPerChild, recycleAboveHeapBytes, aotCache, launcherMainClass, launcherMainClassProperty);
    }

    /**
     * @param bytes the child's direct (off-heap) buffer cap, rounded up to a whole megabyte; at least 1 MB
     * @return a copy with it
     */
    public IsolationOptions withMaxDirectMemory(long bytes) {
        return new IsolationOptions(requireForked("withMaxDirectMemory"), timeout, maxHeapBytes, maxMetaspaceBytes,
                megabytes("max direct memory", bytes, 1), jvmFlags, allowedClasses, poolSize, tasksPerChild,
                recycleAboveHeapBytes, aotCache, launcherMainClass, launcherMainClassProperty);
    }

    /**
     * @param flags extra options for the child's {@code java} command, placed after ours (a later flag wins), e.g.
     *     {@code -XX:TieredStopAtLevel=1} for short tasks
     * @return a copy with them (replacing earlier extra flags)
     */
    public IsolationOptions withJvmFlags(String... flags) {
        List<String> list = List.of(flags);
        for (String flag : list) {
            if (flag.isBlank() || !flag.startsWith("-")) {
                throw new IllegalArgumentException("a JVM flag for isolated work starts with '-', got '" + flag + "'");
            }
        }
        return new IsolationOptions(requireForked("withJvmFlags"), timeout, maxHeapBytes, maxMetaspaceBytes,
                maxDirectMemoryBytes, list, allowedClasses, poolSize, tasksPerChild, recycleAboveHeapBytes, aotCache,
                launcherMainClass, launcherMainClassProperty);
    }

    /**
     * @param patterns classes the input and result may hold beyond the defaults: a class name
     *     ({@code com.acme.Order}), a package ({@code com.acme.*}), a package and its sub-packages
     *     ({@code com.acme.**}) or a name prefix ({@code com.acme.Order*})
     * @return a copy with them (replacing earlier patterns)
     */
    public IsolationOptions withAllowedClasses(String... patterns) {
        List<String> list = List.of(patterns);
        for (String pattern : list) {
            if (pattern.isBlank() || pattern.contains("/") || pattern.startsWith("!") || pattern.contains(";")) {
                throw new IllegalArgumentException("an allowed-class pattern is a class name, 'pkg.*', 'pkg.**' or "
                        + "'prefix*', got '" + pattern + "'");
            }
        }
        return new IsolationOptions(requireForked("withAllowedClasses"), timeout, maxHeapBytes, maxMetaspaceBytes,
                maxDirectMemoryBytes, jvmFlags, list, poolSize, tasksPerChild, recycleAboveHeapBytes, aotCache,
                launcherMainClass, launcherMainClassProperty);
    }

    /**
     * @param size how many warm children the pool keeps (1 to 64); each is a JVM of its own
     * @return a copy with it
     */
    public IsolationOptions withPoolSize(int size) {
        if (size < 1 || size > 64) {
            throw new IllegalArgumentException("isolated work's pool size must be 1 to 64, got " + size);
        }
        return new IsolationOptions(requireForked("withPoolSize"), timeout, maxHeapBytes, maxMetaspaceBytes,
                maxDirectMemoryBytes, jvmFlags, allowedClasses, size, tasksPerChild, recycleAboveHeapBytes, aotCache,
                launcherMainClass, launcherMainClassProperty);
    }

    /**
     * Reuses a child for several tasks (as Gradle's worker daemons), sparing the start of a JVM per task; its heap is
     * then shared by those tasks, one after the other.
     *
     * @param tasks how many tasks a child runs before it is replaced (1, the default: a fresh heap per task)
     * @param aboveHeapBytes replace it sooner, after a task that leaves more than this much heap used (0: never)
     * @return a copy with them
     */
    public IsolationOptions withReuse(int tasks, long aboveHeapBytes) {
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks per child must be at least 1, got " + tasks);
        }
        if (aboveHeapBytes < 0) {
            throw new IllegalArgumentException("the heap threshold must not be negative, got " + aboveHeapBytes);
        }
        return new IsolationOptions(requireForked("withReuse"), timeout, maxHeapBytes, maxMetaspaceBytes,
                maxDirectMemoryBytes, jvmFlags, allowedClasses, poolSize, tasks, aboveHeapBytes, aotCache,
                launcherMainClass, launcherMainClassProperty);
    }

    /**
     * Starts the children from an AOT cache (JDK 25, JEPs 483 and 514): classes come loaded and linked from the file,
     * which shortens a child's start. If the file does not exist, the pool's first child writes it when it ends
     * ({@code -XX:AOTCacheOutput}, a training run) and later children use it ({@code -XX:AOTCache}). The cache is
     * only valid for the same JDK and class path, and the JVM builds one only for a class path of JAR files (no
     * directories); it ignores a stale cache (with a warning in the child's output). If the training child leaves
     * no cache, the pool's children run without one.
     *
     * @param file the cache file
     * @return a copy with it
     * @throws IllegalStateException if this JVM is older than 25 (and, on first use, if the class path holds a
     *     directory)
     */
    public IsolationOptions withAotCache(Path file) {
        Objects.requireNonNull(file, "file");
        if (Runtime.version().feature() < 25) {
            throw new IllegalStateException("an AOT cache for isolated work needs JDK 25 or later, this is "
                    + Runtime.version() + ": remove withAotCache");
        }
        return new IsolationOptions(requireForked("withAotCache"), timeout, maxHeapBytes, maxMetaspaceBytes,
                maxDirectMemoryBytes, jvmFlags, allowedClasses, poolSize, tasksPerChild, recycleAboveHeapBytes,
                file.toAbsolutePath(), launcherMainClass, launcherMainClassProperty);
    }

    /**
     * Starts each child through a launcher's main class instead of the core's child main class, for applications
     * whose class path the plain {@code java -cp} cannot read, such as a Spring Boot executable jar (its classes
     * under {@code BOOT-INF/classes}, its libraries nested in {@code BOOT-INF/lib}): the child then runs
     * {@code java <flags> -D<mainClassProperty>=io.foundation.beam.internal.fork.ChildMain -cp <class path>
     * <launcherMainClass> <socket> <parent pid>}. The launcher must read the main class from that system property,
     * run it with the arguments it was given and make the class loader that loaded it the thread's context class
     * loader (as Boot's {@code org.springframework.boot.loader.launch.PropertiesLauncher} does with
     * {@code loader.main}): the child resolves the task's class, its input and its result there. The Spring Boot
     * starter sets this itself when the application runs from an executable jar.
     *
     * @param mainClass the launcher's main class, e.g.
     *     {@code org.springframework.boot.loader.launch.PropertiesLauncher}
     * @param mainClassProperty the system property the launcher reads the main class from, e.g. {@code loader.main}
     * @return a copy with it
     */
    public IsolationOptions withLauncher(String mainClass, String mainClassProperty) {
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(mainClassProperty, "mainClassProperty");
        if (!CLASS_NAME.matcher(mainClass).matches()) {
            throw new IllegalArgumentException("a launcher's main class is a binary class name such as "
                    + "'com.acme.Launcher', got '" + mainClass + "'");
        }
        if (!PROPERTY_NAME.matcher(mainClassProperty).matches()) {
            throw new IllegalArgumentException("a launcher's main-class property is a system property name without "
                    + "'=' or spaces, such as 'loader.main', got '" + mainClassProperty + "'");
        }
        return new IsolationOptions(requireForked("withLauncher"), timeout, maxHeapBytes, maxMetaspaceBytes,
                maxDirectMemoryBytes, jvmFlags, allowedClasses, poolSize, tasksPerChild, recycleAboveHeapBytes,
                aotCache, mainClass, mainClassProperty);
    }

    /** @return the main class each child is started through ({@link #withLauncher}), if any */
    public Optional<String> launcherMainClass() {
        return Optional.ofNullable(launcherMainClass);
    }

    /** @return the system property that tells the launcher ({@link #withLauncher}) which main class to run, if any */
    public Optional<String> launcherMainClassProperty() {
        return Optional.ofNullable(launcherMainClassProperty);
    }

    private boolean requireForked(String option) {
        if (!forked) {
            throw new IllegalStateException(option + " applies to work in a child JVM: start from "
                    + "IsolationOptions.forked(), not inProcess()");
        }
        return true;
    }

    private static long megabytes(String what, long bytes, long minMb) {
        long mb = (bytes + MB - 1) / MB;
        if (bytes <= 0 || mb < minMb) {
            throw new IllegalArgumentException(what + " must be at least " + minMb + " MB, got " + bytes + " bytes");
        }
        return mb * MB;
    }

    @Override
    public String toString() {
        return forked ? "forked(maxHeap=" + maxHeapBytes / MB + "m, timeout=" + timeout + ", pool=" + poolSize
                + ", tasksPerChild=" + tasksPerChild + (aotCache == null ? "" : ", aotCache=" + aotCache)
                + (launcherMainClass == null ? "" : ", launcher=" + launcherMainClass) + ")"
                : "inProcess(timeout=" + timeout + ")";
    }
}
