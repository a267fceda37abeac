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
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

/**
 * Spring AOT processes an application with a {@code @Worker} and a {@code @Coordinator} (as
 * {@code spring-boot:process-aot} does), and the runtime hints cover what the starter reaches by reflection.
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

        Processed(DefaultGenerationContext generation, InMemoryGeneratedFiles files) {
            this.generation = generation;
            this.files = files;
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
            new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
            generation.writeGeneratedContent();
            return new Processed(generation, files);
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
