package io.foundation.beam.boot.autoconfigure.isolation;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.BeamProperties;
import io.foundation.beam.boot.isolation.IsolationMode;
import io.foundation.beam.boot.isolation.MemoryIsolation;
import io.foundation.beam.ecosystem.IsolationOptions;
import java.io.File;
import java.util.function.UnaryOperator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of memory-intensive work in its own heap: a {@link MemoryIsolation} bean running tasks with the
 * options of {@code foundation.beam.isolation.*} (by default in a pool of child JVMs of capped heap, created on the
 * first task). A value the options refuse fails the startup naming the property and what it accepts. Backs off to a
 * user-defined {@link MemoryIsolation} or {@link IsolationOptions} bean (the latter is then used as the options, as
 * given).
 *
 * <p>From a Spring Boot executable jar ({@code java -jar app.jar}: Boot's loader at the jar's root, the application in
 * {@code BOOT-INF/classes}, its libraries nested in {@code BOOT-INF/lib}) the class path is that one jar, in which a
 * plain {@code java -cp app.jar} finds neither the core's child main class nor the application's tasks. There the
 * options start each child through Boot's {@value #PROPERTIES_LAUNCHER} with {@code loader.main} naming the child's
 * main class ({@link IsolationOptions#withLauncher}), which opens the jar as {@code java -jar} does.
 */
@AutoConfiguration(after = BeamAutoConfiguration.class)
@ConditionalOnBean(BeamRuntime.class)
public final class BeamIsolationAutoConfiguration {

    private static final String PREFIX = "foundation.beam.isolation.";
    /** Boot's launcher that runs the main class named by the system property {@code loader.main}. */
    static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    private static final String JAR_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    @Bean
    @ConditionalOnMissingBean
    IsolationOptions foundationBeamIsolationOptions(BeamProperties properties, Environment environment) {
        IsolationOptions options = options(properties.getIsolation(), environment);
        return runsFromExecutableJar(System.getProperty("java.class.path"),
                ClassUtils.isPresent(JAR_LAUNCHER, ClassLoader.getSystemClassLoader()))
                ? forExecutableJar(options) : options;
    }

    /**
     * @param classPath this JVM's class path
     * @param bootLoaderOnSystemClassPath whether Boot's {@code JarLauncher} is on the system class path
     * @return whether the application runs from a Spring Boot executable jar: Boot's loader on the system class path,
     *     which is a single jar
     */
    static boolean runsFromExecutableJar(String classPath, boolean bootLoaderOnSystemClassPath) {
        return bootLoaderOnSystemClassPath && classPath != null && !classPath.contains(File.pathSeparator)
                && classPath.endsWith(".jar");
    }

    /** @return the options, forked ones starting each child through Boot's {@value #PROPERTIES_LAUNCHER} */
    static IsolationOptions forExecutableJar(IsolationOptions options) {
        return options.isForked() ? options.withLauncher(PROPERTIES_LAUNCHER, "loader.main") : options;
    }

    @Bean
    @ConditionalOnMissingBean
    MemoryIsolation memoryIsolation(BeamRuntime runtime, IsolationOptions options) {
        return new MemoryIsolation(runtime, options);
    }

    /**
     * @return the options the properties describe
     * @throws BeamConfigurationException naming the first property the options refuse
     */
    static IsolationOptions options(BeamProperties.Isolation isolation, Environment environment) {
        IsolationOptions options = isolation.getMode() == IsolationMode.IN_PROCESS
                ? IsolationOptions.inProcess() : IsolationOptions.forked();
        options = apply(environment, options, "timeout", isolation.getTimeout(),
                o -> o.withTimeout(isolation.getTimeout()));
        if (!options.isForked()) {
            return options;
        }
        options = apply(environment, options, "pool-size", isolation.getPoolSize(),
                o -> o.withPoolSize(isolation.getPoolSize()));
        options = apply(environment, options, "max-heap", isolation.getMaxHeap(),
                o -> o.withMaxHeap(isolation.getMaxHeap().toBytes()));
        options = apply(environment, options, "max-metaspace", isolation.getMaxMetaspace(),
                o -> o.withMaxMetaspace(isolation.getMaxMetaspace().toBytes()));
        options = apply(environment, options, "max-direct-memory", isolation.getMaxDirectMemory(),
                o -> o.withMaxDirectMemory(isolation.getMaxDirectMemory().toBytes()));
        options = apply(environment, options, "jvm-flags", isolation.getJvmFlags(),
                o -> o.withJvmFlags(isolation.getJvmFlags().toArray(String[]::new)));
        options = apply(environment, options, "allowed-classes", isolation.getAllowedClasses(),
                o -> o.withAllowedClasses(isolation.getAllowedClasses().toArray(String[]::new)));
        BeamProperties.Isolation.Recycle recycle = isolation.getRecycle();
        long aboveHeap = recycle.getAboveHeap() == null ? 0 : recycle.getAboveHeap().toBytes();
        options = apply(environment, options, "recycle.tasks-per-child", recycle.getTasksPerChild(),
                o -> o.withReuse(recycle.getTasksPerChild(), 0));
        if (recycle.getAboveHeap() != null) {
            options = apply(environment, options, "recycle.above-heap", recycle.getAboveHeap(),
                    o -> o.withReuse(recycle.getTasksPerChild(), aboveHeap));
        }
        if (isolation.getAotCache() != null) {
            options = apply(environment, options, "aot-cache", isolation.getAotCache(),
                    o -> o.withAotCache(isolation.getAotCache()));
        }
        return options;
    }

    private static IsolationOptions apply(Environment environment, IsolationOptions options, String key, Object value,
            UnaryOperator<IsolationOptions> change) {
        if (value == null) {
            throw invalid(key, null, "is required");
        }
        try {
            return change.apply(options);
        } catch (IllegalArgumentException | IllegalStateException refused) {
            // the value as written (4MB, not DataSize's 4194304B), when it is a single property
            throw invalid(key, environment.getProperty(PREFIX + key, String.valueOf(value)), refused.getMessage());
        }
    }

    private static BeamConfigurationException invalid(String key, Object value, String why) {
        String property = PREFIX + key;
        return new BeamConfigurationException("Memory isolation has " + key + " = " + value + ", which it cannot use: "
                + why + ".\n    Source: property " + property + " = " + value,
                "Change " + property + " (see the README's \"Memory-intensive work in its own heap\").");
    }
}
