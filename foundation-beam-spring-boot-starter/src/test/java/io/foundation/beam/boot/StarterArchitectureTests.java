package io.foundation.beam.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * The starter's package structure, checked on its main classes. The layout follows Spring Boot's: feature packages
 * ({@code boot}, {@code boot.annotation}, {@code boot.ecosystem}, {@code boot.health}, {@code boot.actuate.endpoint},
 * {@code boot.metrics}) hold what the application runs, and {@code boot.autoconfigure..} only wires them.
 */
@AnalyzeClasses(packages = "io.foundation.beam.boot", importOptions = ImportOption.DoNotIncludeTests.class)
class StarterArchitectureTests {

    private static final String AUTOCONFIGURE = "io.foundation.beam.boot.autoconfigure..";

    /**
     * The auto-configuration is the top layer: it wires the feature packages, and nothing depends on it. Above all
     * the programming model ({@code boot.ecosystem}) never reaches for the auto-configuration or its properties: what
     * it needs from them comes in through constructor arguments and {@code EcosystemConfigurer}. (If it did, the
     * model could not be used or tested without the auto-configuration, and the two would form a cycle.)
     */
    @ArchTest
    static final ArchRule nothingDependsOnTheAutoConfiguration = noClasses()
            .that().resideOutsideOfPackage(AUTOCONFIGURE)
            .should().dependOnClassesThat().resideInAPackage(AUTOCONFIGURE)
            .because("the auto-configuration wires the feature packages, which must work without it");

    private static final DescribedPredicate<JavaClass> WIRING = DescribedPredicate.describe(
            "an auto-configuration, configuration properties or a failure analyzer",
            type -> type.isAnnotatedWith(AutoConfiguration.class)
                    || type.isAnnotatedWith(ManagementContextConfiguration.class)
                    || type.isAnnotatedWith(ConfigurationProperties.class)
                    || type.isAssignableTo(FailureAnalyzer.class));

    /**
     * The auto-configuration packages hold wiring only: auto-configurations (with the configurations nested in them,
     * and Actuator's management-context configurations),
     * configuration properties (with their nested groups), failure analyzers, and package-private helpers that only
     * those use directly (the mapping of the properties onto each {@code EcosystemConfig}, the adapters to Spring
     * events and Micrometer observations). A class that is public without being one of those, or that another helper
     * uses, is a piece of a model of its own, which belongs in a feature package: the programming model as it was
     * here (a registry using handles, handler methods, adapters and declarations) fails this rule.
     */
    @ArchTest
    static final ArchRule theAutoConfigurationPackagesHoldOnlyWiring = classes()
            .that().resideInAPackage(AUTOCONFIGURE)
            .should(beWiringOrAHelperOnlyWiringUses())
            .because("Spring Boot keeps a feature's code out of its auto-configuration");

    /** Slices: one per package of the starter; classes outside it (core, Spring) are in none. */
    private static final SliceAssignment STARTER_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            String name = type.getPackageName();
            return name.equals("io.foundation.beam.boot") || name.startsWith("io.foundation.beam.boot.")
                    ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of the starter";
        }
    };

    /** No cycle among the starter's packages, each package on its own (a parent package is not its children). */
    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(STARTER_PACKAGES).should().beFreeOfCycles();

    private static JavaClass topLevel(JavaClass type) {
        JavaClass top = type;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    private static ArchCondition<JavaClass> beWiringOrAHelperOnlyWiringUses() {
        return new ArchCondition<>("be " + WIRING.getDescription() + " (or nested in one), or a package-private "
                + "helper used only by those") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                JavaClass top = topLevel(type);
                if (WIRING.test(top)) {
                    return;
                }
                if (type.equals(top) && type.getModifiers().contains(JavaModifier.PUBLIC)) {
                    events.add(SimpleConditionEvent.violated(type, type.getName() + " is public, but is not "
                            + WIRING.getDescription()));
                }
                Set<String> users = new TreeSet<>();
                for (Dependency dependency : type.getDirectDependenciesToSelf()) {
                    JavaClass user = topLevel(dependency.getOriginClass());
                    if (!user.equals(top) && !WIRING.test(user)) {
                        users.add(user.getName());
                    }
                }
                for (String user : users) {
                    events.add(SimpleConditionEvent.violated(type, type.getName() + " is used by " + user
                            + ", which is not " + WIRING.getDescription()));
                }
            }
        };
    }
}
