package io.foundation.beam.cluster;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.foundation.beam.cluster.internal.DefaultBeamCluster;
import io.foundation.beam.cluster.internal.codec.TransferableTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster module's architecture (docs/architecture.md, "The cluster module"), checked on its main classes:
 * <pre>
 *   internal (root: DefaultBeamCluster, the wiring)
 *     -> {groups, registry, journal, spawn} -> routing -> {codec, transport}
 *                 registry, journal -> raft -> transport
 * </pre>
 * A higher layer may use a lower one; nothing points up; {@code codec} and {@code transport} do not know each other.
 * {@code raft} (several state machines on one Raft log) knows only the transport (which hands out the Raft handle
 * and the view); the registry and the journal reach Raft through it.
 * Of the core's internals only the kernel's seam ({@code io.foundation.beam.internal.process}) is used; no Spring.
 */
class ClusterArchitectureTest {

    private static final String API = "io.foundation.beam.cluster";
    private static final String INTERNAL = "io.foundation.beam.cluster.internal";
    private static final String TRANSPORT = INTERNAL + ".transport..";
    private static final String CODEC = INTERNAL + ".codec..";
    private static final String ROUTING = INTERNAL + ".routing..";
    private static final String REGISTRY = INTERNAL + ".registry..";
    private static final String GROUPS = INTERNAL + ".groups..";
    private static final String SPAWN = INTERNAL + ".spawn..";
    private static final String RAFT = INTERNAL + ".raft..";
    private static final String JOURNAL = INTERNAL + ".journal..";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(API);
    }

    @Test
    void theInternalPackagesHaveNoCycles() {
        slices().matching(INTERNAL + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theTransportAndTheCodecKnowNoOtherInternalPackage() {
        noClasses().that().resideInAPackage(TRANSPORT).should().dependOnClassesThat()
                .resideInAnyPackage(INTERNAL, CODEC, ROUTING, REGISTRY, GROUPS, SPAWN, RAFT, JOURNAL).check(classes);
        noClasses().that().resideInAPackage(CODEC).should().dependOnClassesThat()
                .resideInAnyPackage(INTERNAL, TRANSPORT, ROUTING, REGISTRY, GROUPS, SPAWN, RAFT, JOURNAL)
                .check(classes);
    }

    @Test
    void raftKnowsOnlyTheTransport() {
        noClasses().that().resideInAPackage(RAFT).should().dependOnClassesThat()
                .resideInAnyPackage(INTERNAL, CODEC, ROUTING, REGISTRY, GROUPS, SPAWN, JOURNAL).check(classes);
    }

    @Test
    void onlyRaftUsesJGroupsRaftsHandleAmongTheFeatures() {
        noClasses().that().resideInAnyPackage(REGISTRY, JOURNAL).should().dependOnClassesThat()
                .haveFullyQualifiedName("org.jgroups.raft.RaftHandle")
                .because("the registry and the journal share the log: they propose through internal.raft's "
                        + "RaftMachine, which prefixes their machine id")
                .check(classes);
    }

    @Test
    void theRouterKnowsOnlyTheLayersBelowIt() {
        noClasses().that().resideInAPackage(ROUTING).should().dependOnClassesThat()
                .resideInAnyPackage(INTERNAL, REGISTRY, GROUPS, SPAWN, RAFT, JOURNAL).check(classes);
    }

    @Test
    void theFeaturesAboveTheRouterDoNotKnowEachOtherNorTheWiring() {
        noClasses().that().resideInAPackage(REGISTRY).should().dependOnClassesThat()
                .resideInAnyPackage(INTERNAL, GROUPS, SPAWN, JOURNAL).check(classes);
        noClasses().that().resideInAPackage(JOURNAL).should().dependOnClassesThat()
                .resideInAnyPackage(INTERNAL, GROUPS, SPAWN, REGISTRY, ROUTING, CODEC).check(classes);
        noClasses().that().resideInAPackage(GROUPS).should().dependOnClassesThat()
                .resideInAnyPackage(INTERNAL, REGISTRY, SPAWN, RAFT, JOURNAL).check(classes);
        noClasses().that().resideInAPackage(SPAWN).should().dependOnClassesThat()
                .resideInAnyPackage(INTERNAL, REGISTRY, GROUPS, RAFT, JOURNAL).check(classes);
    }

    @Test
    void theApiReachesTheInternalsOnlyToJoinAndToCheckTheAllowList() {
        noClasses().that().resideInAPackage(API).should().dependOnClassesThat(resideInAPackage(INTERNAL + "..")
                        .and(not(equivalentTo(DefaultBeamCluster.class)))
                        .and(not(equivalentTo(TransferableTypes.class))))
                .because("the API uses the internals only in BeamCluster.join (DefaultBeamCluster) and in "
                        + "ClusterConfig's allow-list check (TransferableTypes)")
                .check(classes);
    }

    @Test
    void ofTheCoresInternalsOnlyTheKernelsSeamIsUsedAndNoSpring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.foundation.beam.internal",
                "io.foundation.beam.internal.ecosystem..", "io.foundation.beam.internal.supervision..",
                "io.foundation.beam.internal.messages..", "io.foundation.beam.internal.mailbox..",
                "io.foundation.beam.internal.isolation..").check(classes);
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(classes);
    }
}
