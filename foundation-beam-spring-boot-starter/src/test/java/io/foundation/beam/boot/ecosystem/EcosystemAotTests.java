package io.foundation.beam.boot.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.foundation.beam.boot.annotation.Coordinator;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.BeamProperties;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.ecosystem.CoordinatorContext;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.WorkerContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

/**
 * Spring AOT processes an application with a {@code @Worker} and a {@code @Coordinator} (as
 * {@code spring-boot:process-aot} does), the generated code, compiled and run, starts the ecosystem, and the runtime
 * hints cover what the starter reaches by reflection. (spring-core-test's {@code TestCompiler} is not in the build,
 * so the generated code is compiled with the JDK's compiler.)
 */
class EcosystemAotTests {

    @Worker(ecosystem = "calc", workers = 2)
    static class CalcWorker {
        @HandleMessage
        Integer square(Integer n, WorkerContext context) {
            return n * n;
        }
    }

    @Coordinator(ecosystem = "calc")
    static class CalcCoordinator {
        @HandleMessage
        String status(Question question, CoordinatorContext context) {
            return "ok";
        }
    }

    record Question(String text) {}

    static class Calculator {
        final Ecosystem calc;

        Calculator(Ecosystem calc) {
            this.calc = calc;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({BeamAutoConfiguration.class, EcosystemAutoConfiguration.class})
    @Import({CalcWorker.class, CalcCoordinator.class})
    static class CalcApplication {
        @Bean
        Calculator calculator(@Qualifier("calc") Ecosystem calc) {
            return new Calculator(calc);
        }
    }

    /** A base class and an interface whose handlers a worker inherits. */
    interface Pinging {
        @HandleMessage
        default String ping(Ping ping) {
            return "pong";
        }
    }

    record Ping() {}

    abstract static class Greeter {
        @HandleMessage
        String greet(CharSequence name) {
            return "hello " + name;
        }
    }

    @Worker(ecosystem = "greetings")
    static class GreetingWorker extends Greeter implements Pinging {
    }

    private static final class Processed {
        final DefaultGenerationContext generation;
        final InMemoryGeneratedFiles files;
        final ClassName initializer;

        Processed(DefaultGenerationContext generation, InMemoryGeneratedFiles files, ClassName initializer) {
            this.generation = generation;
            this.files = files;
            this.initializer = initializer;
        }

        String sources() throws IOException {
            StringBuilder all = new StringBuilder();
            for (Map.Entry<String, InputStreamSource> file : files.getGeneratedFiles(GeneratedFiles.Kind.SOURCE)
                    .entrySet()) {
                all.append(files.getGeneratedFileContent(GeneratedFiles.Kind.SOURCE, file.getKey()));
            }
            return all.toString();
        }

        RuntimeHints hints() {
            return generation.getRuntimeHints();
        }
    }

    private static Processed processAheadOfTime() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.setEnvironment(new StandardEnvironment());
            context.register(CalcApplication.class);
            InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
            DefaultGenerationContext generation = new DefaultGenerationContext(
                    new ClassNameGenerator(ClassName.get(CalcApplication.class)), files);
            ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
            generation.writeGeneratedContent();
            return new Processed(generation, files, initializer);
        }
    }

    @Test
    void processesAnApplicationWithAWorkerAndACoordinator() throws IOException {
        Processed processed = processAheadOfTime();
        String sources = processed.sources();
        assertThat(sources).contains("EcosystemBeanDefinitionRegistrar.ecosystemHandle(")
                .contains("\"calcEcosystem\"")
                .contains("new AutowireCandidateQualifier(\"" + Qualifier.class.getName() + "\", \"calc\")");
        assertThat(sources).contains("new RootBeanDefinition(EcosystemAotTests.CalcWorker.class)")
                .contains("new RootBeanDefinition(EcosystemAotTests.CalcCoordinator.class)");
    }

    @Test
    void theGeneratedCodeRunsTheEcosystem() throws Exception {
        Processed processed = processAheadOfTime();
        Path classes = Files.createTempDirectory(Path.of("target"), "aot-classes-");
        List<Path> sources = new ArrayList<>();
        for (Map.Entry<String, InputStreamSource> file : processed.files.getGeneratedFiles(GeneratedFiles.Kind.SOURCE)
                .entrySet()) {
            sources.add(write(classes.resolve("sources").resolve(file.getKey()), file.getValue()));
        }
        for (Map.Entry<String, InputStreamSource> file : processed.files.getGeneratedFiles(GeneratedFiles.Kind.CLASS)
                .entrySet()) {
            write(classes.resolve(file.getKey()), file.getValue());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Boolean compiled = javac.getTask(errors, files, null, List.of("-proc:none", "-d", classes.toString(),
                    "-classpath", System.getProperty("java.class.path")), null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            assertThat(compiled).as(errors.toString()).isTrue();
        }
        // the generated code calls package-private members (of the starter, of Spring Boot, of this test): each
        // class is defined in the package and class loader of the classes it was generated for, as TestCompiler does
        try (var paths = Files.walk(classes)) {
            for (Path file : paths.filter(f -> f.toString().endsWith(".class"))
                    .sorted(Comparator.comparingInt(f -> f.toString().length())).toList()) {
                String name = classes.relativize(file).toString().replace(".class", "").replace('/', '.');
                MethodHandles.privateLookupIn(anchor(name), MethodHandles.lookup())
                        .defineClass(Files.readAllBytes(file));
            }
        }
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            @SuppressWarnings("unchecked")
            ApplicationContextInitializer<GenericApplicationContext> initializer =
                    (ApplicationContextInitializer<GenericApplicationContext>) Class.forName(
                            processed.initializer.reflectionName()).getDeclaredConstructor().newInstance();
            initializer.initialize(context);
            context.refresh();
            Ecosystem calc = context.getBean("calcEcosystem", Ecosystem.class);
            assertThat(calc.submit(7).get(10, TimeUnit.SECONDS)).isEqualTo(49);
            assertThat(calc.call(new Question("status?"))).isEqualTo("ok");
            assertThat(calc.info().workers()).hasSize(2);
            assertThat(context.getBean(Calculator.class).calc).isSameAs(calc);
        }
    }

    /** @return an existing class of the package of a generated class ({@code Name__BeanDefinitions}, ...) */
    private static Class<?> anchor(String generated) throws ClassNotFoundException {
        String candidate = generated.substring(0, generated.indexOf("__") > 0 ? generated.indexOf("__")
                : generated.indexOf("$$"));
        while (true) {
            try {
                return Class.forName(candidate);
            } catch (ClassNotFoundException e) {
                int underscore = candidate.lastIndexOf('_');
                if (underscore < candidate.lastIndexOf('.')) {
                    throw e;
                }
                candidate = candidate.substring(0, underscore);
            }
        }
    }

    private static Path write(Path path, InputStreamSource content) throws IOException {
        Files.createDirectories(path.getParent());
        try (InputStream in = content.getInputStream()) {
            Files.copy(in, path);
        }
        return path;
    }

    @Test
    void hintsCoverTheHandlersTheirParameterTypesAndTheProperties() throws NoSuchMethodException {
        RuntimeHints hints = processAheadOfTime().hints();
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
                CalcWorker.class.getDeclaredMethod("square", Integer.class, WorkerContext.class))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
                CalcCoordinator.class.getDeclaredMethod("status", Question.class, CoordinatorContext.class)))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(CalcWorker.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(CalcCoordinator.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Integer.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Question.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(WorkerContext.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(CoordinatorContext.class)).accepts(hints);
        // bound by the starter itself, before BeamProperties exists
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(
                EcosystemDeclarations.EnabledFlag.class.getDeclaredConstructor())).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EcosystemDeclarations.EnabledFlag.class,
                "setEnabled")).accepts(hints);
        // @ConfigurationProperties: Spring Boot's own AOT processing registers the binding hints
        assertThat(RuntimeHintsPredicates.reflection().onType(BeamProperties.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(BeamProperties.class, "setEnabled"))
                .accepts(hints);
    }

    @Test
    void hintsCoverInheritedHandlers() throws NoSuchMethodException {
        RuntimeHints hints = new RuntimeHints();
        EcosystemAotProcessor.registerMemberHints(hints, GreetingWorker.class);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
                Greeter.class.getDeclaredMethod("greet", CharSequence.class))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
                Pinging.class.getDeclaredMethod("ping", Ping.class))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Greeter.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Pinging.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(CharSequence.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Ping.class)).accepts(hints);
    }

    @Test
    void theRegistrarKeepsTheHandlesThatGeneratedCodeDefined() {
        // what the generated code registers before the registrar runs again in the AOT-processed application:
        // a handle definition without attributes
        DefaultListableBeanFactory generated = new DefaultListableBeanFactory();
        generated.registerBeanDefinition("calcWorker", new RootBeanDefinition(CalcWorker.class));
        RootBeanDefinition handle = new RootBeanDefinition(EcosystemBeanDefinitionRegistrar.class);
        handle.setTargetType(Ecosystem.class);
        handle.getConstructorArgumentValues().addIndexedArgumentValue(1, "calc");
        handle.addQualifier(new AutowireCandidateQualifier(Qualifier.class.getName(), "calc"));
        generated.registerBeanDefinition("calcEcosystem", handle);

        EcosystemBeanDefinitionRegistrar registrar = new EcosystemBeanDefinitionRegistrar();
        registrar.setEnvironment(new StandardEnvironment());
        assertThatNoException().isThrownBy(() -> registrar.postProcessBeanDefinitionRegistry(generated));
        assertThat(registrar.declaredEcosystems()).containsExactly("calc");
        assertThat(generated.getBeanDefinition("calcEcosystem")).isSameAs(handle);
        assertThat(EcosystemBeanDefinitionRegistrar.enabledEcosystems(generated)).containsExactly("calc");
    }
}
