package io.foundation.beam.boot.actuate.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.NoSuchEcosystemException;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.supervision.ChildSpec;
import io.foundation.beam.supervision.DynamicSupervisor;
import io.foundation.beam.supervision.DynamicSupervisorSpec;
import io.foundation.beam.supervision.RestartStrategy;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sampler's tree on a plain runtime, without Spring: plain supervisors are the roots, nested and dynamic
 * supervisors under them, and the limits hold (children per supervisor, supervisors shown, children in all), what is
 * left out being counted.
 */
class ObserverSamplerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ProcessHandler IDLE = (message, context) -> null;

    private final BeamRuntime runtime = BeamRuntime.builder().name("obs").build();
    private ObserverSampler sampler;

    @AfterEach
    void close() {
        if (sampler != null) {
            sampler.close();
        }
        runtime.close();
    }

    @Test
    void showsNestedAndDynamicSupervisorsUnderTheirRoot() {
        DynamicSupervisor sessions = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.defaults());
        sessions.startChild(ChildSpec.worker("session", () -> IDLE));
        Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withName("root")
                .withChild(ChildSpec.worker("cache", () -> IDLE))
                .withChild(ChildSpec.supervisor("inner", SupervisorSpec.of(RestartStrategy.ONE_FOR_ALL)
                        .withChild(ChildSpec.worker("a", () -> IDLE)).withChild(ChildSpec.worker("b", () -> IDLE)))));

        JsonNode tree = sample().get("tree");
        assertThat(tree.get("supervisors")).hasSize(2); // root and the dynamic supervisor: inner is under root
        JsonNode rootNode = find(tree.get("supervisors"), root.process().toString());
        assertThat(rootNode.get("name").asString()).isEqualTo("root");
        assertThat(rootNode.get("kind").asString()).isEqualTo("supervisor");
        JsonNode inner = rootNode.get("children").get(1);
        assertThat(inner.get("childId").asString()).isEqualTo("inner");
        assertThat(inner.get("supervisor").asBoolean()).isTrue();
        assertThat(inner.get("children")).hasSize(2);
        assertThat(inner.get("children").get(1).get("childId").asString()).isEqualTo("b");
        JsonNode dynamic = find(tree.get("supervisors"), sessions.process().toString());
        assertThat(dynamic.get("kind").asString()).isEqualTo("dynamic");
        assertThat(dynamic.get("children")).hasSize(1);
    }

    @Test
    void keepsTheTreeWithinItsLimitsAndCountsWhatIsLeftOut() {
        List<ChildSpec> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(ChildSpec.worker("w" + i, () -> IDLE));
        }
        List<Supervisor> roots = new ArrayList<>();
        for (int s = 0; s < ObserverSampler.MAX_SUPERVISORS + 4; s++) {
            roots.add(Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withChildren(many)));
        }

        JsonNode tree = sample().get("tree");
        assertThat(tree.get("supervisors")).hasSize(ObserverSampler.MAX_SUPERVISORS);
        assertThat(tree.get("moreSupervisors").asInt()).isEqualTo(4);
        int shownChildren = 0;
        int leftOut = 0;
        for (JsonNode s : tree.get("supervisors")) {
            assertThat(s.get("children").size()).isLessThanOrEqualTo(ObserverSampler.MAX_CHILDREN);
            assertThat(s.get("children").size() + s.get("moreChildren").asInt()).isEqualTo(100);
            shownChildren += s.get("children").size();
            leftOut += s.get("moreChildren").asInt();
        }
        assertThat(shownChildren).isEqualTo(ObserverSampler.MAX_TREE_CHILDREN);
        assertThat(leftOut).isEqualTo(ObserverSampler.MAX_SUPERVISORS * 100 - ObserverSampler.MAX_TREE_CHILDREN);
        assertThat(tree.get("supervisors").get(0).get("pid").asString()).isEqualTo(roots.get(0).process().toString());
    }

    private JsonNode sample() {
        sampler = new ObserverSampler(runtime, new NoEcosystems(), new ObserverSampler.Settings(Duration.ofSeconds(1),
                20, Duration.ofSeconds(15)), () -> null, () -> false, JSON::writeValueAsString, Clock.systemUTC());
        return JSON.readTree(sampler.sampleJson());
    }

    private static JsonNode find(JsonNode supervisors, String pid) {
        for (JsonNode s : supervisors) {
            if (s.get("pid").asString().equals(pid)) {
                return s;
            }
        }
        throw new AssertionError("no supervisor " + pid + " in " + supervisors);
    }

    /** A registry of no ecosystem: the tree's plain supervisors alone. */
    private static final class NoEcosystems implements EcosystemRegistry {

        @Override
        public Ecosystem get(String name) {
            throw new NoSuchEcosystemException(name, List.of(), false);
        }

        @Override
        public Optional<Ecosystem> find(String name) {
            return Optional.empty();
        }

        @Override
        public Set<String> names() {
            return Set.of();
        }

        @Override
        public List<Ecosystem> ecosystems() {
            return List.of();
        }
    }
}
