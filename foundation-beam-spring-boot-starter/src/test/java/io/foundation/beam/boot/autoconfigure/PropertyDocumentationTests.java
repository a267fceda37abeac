package io.foundation.beam.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;

/**
 * Every key of {@link BeamProperties} is documented: in the generated configuration metadata (with a description)
 * and in the README's property table.
 */
class PropertyDocumentationTests {

    /** @return every key, with {@code <name>} for the ecosystem's name, found from the property classes */
    static List<String> keys() {
        List<String> keys = new ArrayList<>();
        collect("foundation.beam", BeamProperties.class, keys);
        return keys;
    }

    private static void collect(String prefix, Class<?> type, List<String> keys) {
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (descriptor.getName().equals("class")) {
                continue;
            }
            String key = prefix + "." + descriptor.getName().replaceAll("([a-z])([A-Z])", "$1-$2")
                    .toLowerCase(Locale.ROOT);
            Class<?> propertyType = descriptor.getPropertyType();
            if (propertyType == Map.class) {
                collect(key + ".<name>", BeamProperties.EcosystemProperties.class, keys);
            } else if (UnknownPropertyFailureAnalyzer.isGroup(propertyType)) {
                collect(key, propertyType, keys);
            } else {
                keys.add(key);
            }
        }
    }

    @Test
    void findsTheKeysOfEveryLevel() {
        assertThat(keys()).contains("foundation.beam.enabled", "foundation.beam.runtime.name",
                "foundation.beam.ecosystems.<name>.workers", "foundation.beam.ecosystems.<name>.mailbox.capacity",
                "foundation.beam.ecosystems.<name>.backoff.jitter", "foundation.beam.management.write-enabled",
                "foundation.beam.events.enabled", "foundation.beam.observations.enabled",
                "foundation.beam.ecosystems.<name>.max-pending-work",
                "foundation.beam.ecosystems.<name>.message-analytics",
                "foundation.beam.ecosystems.<name>.dedicated-threads", "foundation.beam.cluster.enabled",
                "foundation.beam.cluster.serialization.allowed-types", "foundation.beam.cluster.auth-secret",
                "foundation.beam.cluster.tls.key-store", "foundation.beam.cluster.tls.bundle",
                "foundation.beam.cluster.raft.members",
                "foundation.beam.cluster.discovery.dns-query", "foundation.beam.cluster.discovery.dns-record-type",
                "foundation.beam.cluster.discovery.dns-server",
                "foundation.beam.ecosystems.<name>.distribution.policy", "foundation.beam.observer.top",
                "foundation.beam.isolation.recycle.tasks-per-child").hasSize(81);
    }

    @Test
    void everyKeyIsInTheReadmePropertyTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(keys()).allSatisfy(key -> assertThat(readme).contains("| `" + key + "` |"));
    }

    @Test
    void everyGeneratedMetadataEntryHasADescription() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
        assertThat(properties).extracting(p -> p.get("name")).contains("foundation.beam.enabled",
                "foundation.beam.runtime.shutdown-timeout", "foundation.beam.ecosystems");
        assertThat(properties).allSatisfy(p -> assertThat((String) p.get("description")).as("%s", p.get("name"))
                .isNotBlank().doesNotStartWith("The ").doesNotStartWith("A "));
        List<String> generated = properties.stream().map(p -> (String) p.get("name")).toList();
        assertThat(keys()).filteredOn(key -> !key.contains("<name>")).allSatisfy(key -> assertThat(generated)
                .contains(key));
    }
}
