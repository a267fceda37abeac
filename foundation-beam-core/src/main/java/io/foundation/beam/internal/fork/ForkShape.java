package io.foundation.beam.internal.fork;

import io.foundation.beam.ecosystem.IsolationOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a pool's children look like: the {@code java} command and the pool's size and reuse. Calls whose options give
 * the same shape share a pool.
 *
 * @param java the {@code java} binary (the parent's)
 * @param classPath the parent's module path and class path, joined
 * @param flags our JVM flags ({@code -Xshare:auto} or the AOT cache flag is added after them per start)
 * @param extraFlags the caller's flags, last (a later flag wins)
 * @param maxHeapBytes the heap cap
 * @param poolSize warm children
 * @param tasksPerChild tasks before a child is replaced
 * @param recycleAboveHeapBytes the used heap after a task above which it is replaced, 0 for never
 * @param aotCache the AOT cache, or null
 * @param launcher the main class the child is started through (which runs {@link ChildMain}), or null to start
 *     {@link ChildMain} itself
 * @param launcherMainClassProperty the system property that names {@link ChildMain} to the launcher, or null
 */
record ForkShape(String java, String classPath, List<String> flags, List<String> extraFlags, long maxHeapBytes,
        int poolSize, int tasksPerChild, long recycleAboveHeapBytes, Path aotCache, String launcher,
        String launcherMainClassProperty) {

    static ForkShape of(IsolationOptions options) {
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> flags = new ArrayList<>(List.of(
                "-Xmx" + options.maxHeapBytes() / (1024 * 1024) + "m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:MaxMetaspaceSize=" + options.maxMetaspaceBytes() / (1024 * 1024) + "m",
                "-XX:MaxDirectMemorySize=" + options.maxDirectMemoryBytes() / (1024 * 1024) + "m",
                "-XX:+UseSerialGC",
                "-XX:+DisplayVMOutputToStderr"));
        String classPath = parentClassPath();
        if (options.aotCache().isPresent()) {
            requireJarsOnly(classPath);
        }
        return new ForkShape(java, classPath, List.copyOf(flags), options.jvmFlags(), options.maxHeapBytes(),
                options.poolSize(), options.tasksPerChild(), options.recycleAboveHeapBytes(),
                options.aotCache().orElse(null), options.launcherMainClass().orElse(null),
                options.launcherMainClassProperty().orElse(null));
    }

    /**
     * The parent's module path (if it runs on one) then its class path: the child runs everything on the class path,
     * where the core behaves the same.
     */
    static String parentClassPath() {
        List<String> parts = new ArrayList<>();
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isBlank()) {
            parts.add(modulePath);
        }
        String classPath = System.getProperty("java.class.path");
        if (classPath != null && !classPath.isBlank()) {
            parts.add(classPath);
        }
        return String.join(File.pathSeparator, parts);
    }

    /** The JVM builds and uses an AOT cache only for a class path of JAR files (it refuses non-empty directories). */
    private static void requireJarsOnly(String classPath) {
        for (String entry : classPath.split(Pattern.quote(File.pathSeparator))) {
            if (!entry.isEmpty() && Files.isDirectory(Path.of(entry))) {
                throw new IllegalStateException("an AOT cache for isolated work needs a class path of JAR files only, "
                        + "but " + entry + " is a directory (the JVM refuses to build or use the cache then): run "
                        + "from JAR files, or remove IsolationOptions.withAotCache");
            }
        }
    }

    /**
     * @param socket the socket the child connects to
     * @param aotFlag {@code -XX:AOTCache=...}, {@code -XX:AOTCacheOutput=...} or null
     * @return the child's command line
     */
    List<String> command(Path socket, String aotFlag) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        // The JDK's class data sharing archive, unless an AOT cache (its successor) is used: the JVM refuses both.
        command.add(aotFlag != null ? aotFlag : "-Xshare:auto");
        command.addAll(extraFlags);
        if (launcher != null) {
            // e.g. Spring Boot's PropertiesLauncher with loader.main: it opens the executable jar's nested classes and
            // libraries, then runs ChildMain with the arguments below in its class loader.
            command.add("-D" + launcherMainClassProperty + "=" + ChildMain.class.getName());
        }
        command.add("-cp");
        command.add(classPath);
        command.add(launcher != null ? launcher : ChildMain.class.getName());
        command.add(socket.toString());
        command.add(Long.toString(ProcessHandle.current().pid()));
        return command;
    }
}
