package io.foundation.beam;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.lang.SimpleConditionEvent.violated;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.base.HasDescription;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.properties.HasModifiers;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.foundation.beam.internal.Internals;
import io.foundation.beam.mailbox.MailboxFullException;
import io.foundation.beam.port.PortSpec;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.ProcessTop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The core's architecture, checked on its main classes (tests are not imported: they may reach anywhere).
 *
 * <p>The packages: the public API ({@code io.foundation.beam} and its {@code process}, {@code mailbox},
 * {@code supervision}, {@code ecosystem}, {@code messages}, {@code telemetry}, {@code port} sub-packages) and the
 * implementation
 * under {@code io.foundation.beam.internal}, split by feature and layered as
 * <pre>
 *   internal (root: Internals, DefaultBeamRuntime)
 *     -> ecosystem -> {supervision, messages} -> process -> {mailbox, isolation}
 *     -> ecosystem -> fork -> process
 *     -> observe -> {supervision, process}
 *     -> port (no other internal package: a port is a process built on the public API)
 * </pre>
 * A higher layer may use any lower one; nothing points up. {@code observe} (the observers of a running runtime,
 * such as {@code ProcessTop}'s sampler) is a side branch: it reads the kernel and recognises supervisors, and no
 * other feature uses it. {@code port} (external programs as processes) is a leaf beside the others: it needs only
 * the public process API, so it uses no other internal package, and only the internal root uses it. {@code fork} (isolated work in child JVMs: the pool, the child's main, the channel) sits
 * below {@code ecosystem}, which dispatches forked work to it; it builds its pool with the public supervisor API and
 * reads the kernel's telemetry, nothing else internal.
 */
@AnalyzeClasses(packages = "io.foundation.beam", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String INTERNAL = "io.foundation.beam.internal";
    private static final String INTERNAL_ANY = "io.foundation.beam.internal..";
    private static final String PROCESS = "io.foundation.beam.internal.process..";
    private static final String MAILBOX = "io.foundation.beam.internal.mailbox..";
    private static final String ISOLATION = "io.foundation.beam.internal.isolation..";
    private static final String MESSAGES = "io.foundation.beam.internal.messages..";
    private static final String SUPERVISION = "io.foundation.beam.internal.supervision..";
    private static final String ECOSYSTEM = "io.foundation.beam.internal.ecosystem..";
    private static final String OBSERVE = "io.foundation.beam.internal.observe..";
    private static final String PORT = "io.foundation.beam.internal.port..";
    private static final String FORK = "io.foundation.beam.internal.fork..";
    private static final DescribedPredicate<HasModifiers> PUBLIC_OR_PROTECTED =
            modifier(JavaModifier.PUBLIC).or(modifier(JavaModifier.PROTECTED)).as("are public or protected");

    // ------------------------------------------------------------------ 1. no cycles

    /**
     * Why: a cycle between features makes them one feature in two places: neither can be read, tested or changed
     * alone, and the layering below stops meaning anything.
     */
    @ArchTest
    static final ArchRule internalFeaturesAreFreeOfCycles = slices()
            .matching("io.foundation.beam.internal.(*)..")
            .namingSlices("internal.$1")
            .should().beFreeOfCycles();

    /**
     * Why: the API packages are what users learn one at a time; a cycle among them (the root package included) means
     * no package can be understood, or ever split into its own module, without the others.
     *
     * <p>Four class-to-class edges close cycles today; they are known and ignored (each is one member now, but the
     * rule ignores every dependency between the two classes). Every other edge must keep the packages acyclic:
     * <ul>
     *   <li>{@code ProcessContext.runtime()} returns {@code BeamRuntime} (process -> root), while
     *       {@code BeamRuntime} spawns and talks to processes (root -> process): a process reaches its runtime.</li>
     *   <li>{@code MailboxFullException.process()} names the {@code ProcessRef} whose mailbox was full
     *       (mailbox -> process), while {@code ProcessRef.trySend} returns a {@code SendResult}
     *       (process -> mailbox).</li>
     *   <li>{@code ProcessTop.of(BeamRuntime)} takes the runtime to observe (telemetry -> root), while
     *       {@code BeamRuntime} takes listeners and returns snapshots (root -> telemetry): an observer's factory
     *       names what it observes.</li>
     *   <li>{@code ProcessContext.openPort(PortSpec)} opens a port linked to the calling process (process -> port),
     *       while a port's spec names its receiver and its messages name the port, both {@code ProcessRef}s
     *       (port -> process): Erlang's {@code open_port} is a call of the owning process.</li>
     * </ul>
     * Removing them changes the public API (for example an interface for "what a process may ask of its runtime"
     * in {@code process}); that is for a later step, not for this test to hide.
     */
    @ArchTest
    static final ArchRule apiPackagesAreFreeOfCycles = slices()
            .assignedFrom(new ApiPackages())
            .should().beFreeOfCycles()
            .ignoreDependency(ProcessContext.class, BeamRuntime.class)
            .ignoreDependency(MailboxFullException.class, ProcessRef.class)
            .ignoreDependency(ProcessTop.class, BeamRuntime.class)
            .ignoreDependency(ProcessContext.class, PortSpec.class);

    // ------------------------------------------------------------------ 2. layering of the internal features

    /**
     * Why: the kernel runs every process; it must work without knowing what runs on it (supervisors, flow control,
     * ecosystems) or how the API is wired (the internal root). Anything it needs from above goes through a type it
     * owns, such as {@code Kernel} or {@code Envelope}.
     */
    @ArchTest
    static final ArchRule processKernelDependsOnNoUpperLayer = noClasses()
            .that().resideInAPackage(PROCESS)
            .should().dependOnClassesThat().resideInAnyPackage(SUPERVISION, MESSAGES, ECOSYSTEM, FORK, INTERNAL);

    /**
     * Why: the mailbox is a leaf, measured and tested alone (footprint, padding, ordering); a dependency on another
     * internal package would drag the kernel or the copy decision into those measurements.
     */
    @ArchTest
    static final ArchRule mailboxDependsOnNoOtherInternalPackage = noClasses()
            .that().resideInAPackage(MAILBOX)
            .should().dependOnClassesThat(resideInAPackage(INTERNAL_ANY).and(not(resideInAPackage(MAILBOX)))
                    .as("are in another internal package"));

    /**
     * Why: the heap isolation (the one decision whether a message is copied) is a leaf too, so that it can be
     * reasoned about, and tested, as a pure function of the message.
     */
    @ArchTest
    static final ArchRule isolationDependsOnNoOtherInternalPackage = noClasses()
            .that().resideInAPackage(ISOLATION)
            .should().dependOnClassesThat(resideInAPackage(INTERNAL_ANY).and(not(resideInAPackage(ISOLATION)))
                    .as("are in another internal package"));

    /**
     * Why: a port is an ordinary process built on the public process API; keeping it off the kernel's internals (and
     * off every other feature) lets it be read and tested as a client of the runtime, and keeps the kernel free of
     * operating-system programs.
     */
    @ArchTest
    static final ArchRule portDependsOnNoOtherInternalPackage = noClasses()
            .that().resideInAPackage(PORT)
            .should().dependOnClassesThat(resideInAPackage(INTERNAL_ANY).and(not(resideInAPackage(PORT)))
                    .as("are in another internal package"));

    /**
     * Why: supervision and messages are siblings on the kernel, and ecosystems are built from both; supervision
     * reaching up into ecosystems, or across into messages, would make the layers a cycle in disguise.
     */
    @ArchTest
    static final ArchRule supervisionDependsNeitherOnEcosystemNorMessages = noClasses()
            .that().resideInAPackage(SUPERVISION)
            .should().dependOnClassesThat().resideInAnyPackage(ECOSYSTEM, MESSAGES);

    /** Why: as for supervision, the other way round. */
    @ArchTest
    static final ArchRule messagesDependsNeitherOnEcosystemNorSupervision = noClasses()
            .that().resideInAPackage(MESSAGES)
            .should().dependOnClassesThat().resideInAnyPackage(ECOSYSTEM, SUPERVISION);

    /**
     * Why: an observer reads the running runtime (the kernel's processes, which of them are supervisors); it has no
     * business with flow channels or ecosystems, and depending on them would put it above everything it watches.
     */
    @ArchTest
    static final ArchRule observeDependsNeitherOnEcosystemNorMessages = noClasses()
            .that().resideInAPackage(OBSERVE)
            .should().dependOnClassesThat().resideInAnyPackage(ECOSYSTEM, MESSAGES);

    /**
     * Why: the child-JVM machinery is a leaf service of ecosystems' isolated work: it runs in the child JVM too
     * (its main class and protocol), so it must not drag supervision internals, flow channels, ecosystems or
     * observers into a process that only runs one task; the kernel's telemetry is all it reads.
     */
    @ArchTest
    static final ArchRule forkDependsOnlyOnTheKernel = noClasses()
            .that().resideInAPackage(FORK)
            .should().dependOnClassesThat().resideInAnyPackage(ECOSYSTEM, SUPERVISION, MESSAGES, OBSERVE, MAILBOX,
                    ISOLATION);

    /**
     * Why: observers are optional tools on top of the runtime; a feature that used one would make the runtime's
     * behaviour depend on being watched, and the observer a layer everything else sits on.
     */
    @ArchTest
    static final ArchRule noOtherFeatureDependsOnObserve = noClasses()
            .that().resideInAPackage(INTERNAL + ".(*)..")
            .and().resideOutsideOfPackage(OBSERVE)
            .should().dependOnClassesThat().resideInAPackage(OBSERVE);

    /**
     * Why: the internal root ({@code Internals}, {@code DefaultBeamRuntime}) wires the features together for the
     * API; a feature that used it would depend on every other feature through it.
     */
    @ArchTest
    static final ArchRule noFeatureDependsOnTheInternalRoot = noClasses()
            .that().resideInAPackage(INTERNAL + ".(*)..")
            .should().dependOnClassesThat().resideInAPackage(INTERNAL);

    // ------------------------------------------------------------------ 3. the API's one door

    /**
     * Why: {@link Internals} is the one door from the API into the implementation, so the implementation can be
     * reorganised freely behind it: the API calls its factories and nothing else in {@code internal}.
     */
    @ArchTest
    static final ArchRule apiReachesTheImplementationOnlyThroughInternals = noClasses()
            .that().resideOutsideOfPackage(INTERNAL_ANY)
            .should().dependOnClassesThat(resideInAPackage(INTERNAL_ANY).and(not(equivalentTo(Internals.class)))
                    .as("are in " + INTERNAL_ANY + " but are not " + Internals.class.getName()));

    // ------------------------------------------------------------------ 4. no internal type in a public signature

    /**
     * Why: a type in a public signature is public API whatever its package says; an internal type there would let
     * applications hold the implementation, and would not compile for applications on the module path, where the
     * core's {@code module-info} leaves {@code internal} unexported.
     */
    @ArchTest
    static final ArchRule publicApiCodeUnitsExposeNoInternalType = codeUnits()
            .that().areDeclaredInClassesThat().arePublic()
            .and().areDeclaredInClassesThat().resideOutsideOfPackage(INTERNAL_ANY)
            .and(PUBLIC_OR_PROTECTED)
            .should(new ExposeNoInternalType<>("have no type in " + INTERNAL_ANY + " in their signature",
                    "has internal type(s) %s in its signature", ArchitectureTest::signatureTypes));

    /** Why: as for methods; a public field's type is as much API as a return type. */
    @ArchTest
    static final ArchRule publicApiFieldsExposeNoInternalType = fields()
            .that().areDeclaredInClassesThat().arePublic()
            .and().areDeclaredInClassesThat().resideOutsideOfPackage(INTERNAL_ANY)
            .and(PUBLIC_OR_PROTECTED)
            .should(new ExposeNoInternalType<>("have no type in " + INTERNAL_ANY, "has internal type %s",
                    (JavaField f) -> List.of(f.getType())));

    /** Why: a public API type that extends or implements an internal type hands users its members too. */
    @ArchTest
    static final ArchRule publicApiTypesExtendNoInternalType = classes()
            .that().arePublic()
            .and().resideOutsideOfPackage(INTERNAL_ANY)
            .should(new ExposeNoInternalType<>("extend or implement no type in " + INTERNAL_ANY,
                    "extends or implements internal type(s) %s", ArchitectureTest::supertypes));

    // ------------------------------------------------------------------ 5. framework-free, JDK-only

    /**
     * Why: the core is the framework-free runtime; Spring lives in the starter, which depends on the core and never
     * the other way round.
     */
    @ArchTest
    static final ArchRule coreUsesNoSpring = noClasses()
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");

    /**
     * Why: the core's main code needs nothing but the JDK (the pom says so), so that it adds no dependency to an
     * application. {@code java..} and {@code jdk..} are the JDK's supported APIs; {@code sun..} (unsupported) and
     * {@code javax..} (shared with third-party jars such as jsr305 or javax.inject) are left out on purpose.
     * {@code jdk.management}'s scheduler bean is looked up by name (it exists from JDK 24 on), so it leaves no
     * dependency in the bytecode; the module descriptor requires the module.
     */
    @ArchTest
    static final ArchRule coreDependsOnTheJdkOnly = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "jdk..", "io.foundation.beam..");

    // ------------------------------------------------------------------ helpers

    /** The API packages: the root package is one slice, each sub-package another; {@code internal} is none. */
    private static final class ApiPackages implements SliceAssignment {
        private static final String ROOT = "io.foundation.beam";

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            if (pkg.equals(ROOT)) {
                return SliceIdentifier.of("io.foundation.beam");
            }
            if (!pkg.startsWith(ROOT + ".") || pkg.equals(INTERNAL) || pkg.startsWith(INTERNAL + ".")) {
                return SliceIdentifier.ignore();
            }
            String rest = pkg.substring(ROOT.length() + 1);
            int dot = rest.indexOf('.');
            return SliceIdentifier.of("io.foundation.beam." + (dot < 0 ? rest : rest.substring(0, dot)));
        }

        @Override
        public String getDescription() {
            return "API packages (io.foundation.beam and each io.foundation.beam.* but internal)";
        }
    }

    private static List<JavaType> signatureTypes(JavaCodeUnit unit) {
        List<JavaType> types = new ArrayList<>();
        types.add(unit.getReturnType());
        types.addAll(unit.getParameterTypes());
        types.addAll(unit.getThrowsClause().getTypes());
        return types;
    }

    private static List<JavaType> supertypes(JavaClass type) {
        List<JavaType> types = new ArrayList<>();
        type.getSuperclass().ifPresent(types::add);
        types.addAll(type.getInterfaces());
        return types;
    }

    /** Fails an element whose types (generic arguments, bounds and array components included) are internal. */
    private static final class ExposeNoInternalType<T extends HasDescription> extends ArchCondition<T> {
        /** The violation, after the element's description; {@code %s} stands for the internal types. */
        private final String verb;
        private final Function<T, Collection<? extends JavaType>> types;

        ExposeNoInternalType(String description, String verb, Function<T, Collection<? extends JavaType>> types) {
            super(description);
            this.verb = verb;
            this.types = types;
        }

        @Override
        public void check(T item, ConditionEvents events) {
            Set<String> internal = new TreeSet<>();
            for (JavaType type : types.apply(item)) {
                for (JavaClass raw : type.getAllInvolvedRawTypes()) {
                    if (raw.getPackageName().equals(INTERNAL) || raw.getPackageName().startsWith(INTERNAL + ".")) {
                        internal.add(raw.getName());
                    }
                }
            }
            if (!internal.isEmpty()) {
                events.add(violated(item, item.getDescription() + " " + String.format(verb, internal)));
            }
        }
    }
}
