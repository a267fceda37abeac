package io.foundation.beam.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.ClassUtils;

/**
 * The configuration metadata an IDE reads ({@code META-INF/spring-configuration-metadata.json}, generated from
 * {@link BeamProperties} and the endpoint, merged with the hand-written
 * {@code additional-spring-configuration-metadata.json}): every key is described, every enum-valued key offers its
 * values, and the ecosystems' map is typed by its value class, from which IDEs complete
 * {@code foundation.beam.ecosystems.<name>.*} as they do for Spring Boot's own maps of objects.
 */
class ConfigurationMetadataTests {

    private static String json;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = ConfigurationMetadataTests.class
                .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Map<String, Object>> properties() {
        return JsonPath.read(json, "$.properties[*]");
    }

    private static List<Map<String, Object>> hints() {
        return JsonPath.read(json, "$.hints[*]");
    }

    @Test
    void everyKeyHasADescription() {
        assertThat(properties()).isNotEmpty().allSatisfy(p -> assertThat((String) p.get("description"))
                .as("description of %s", p.get("name")).isNotBlank());
    }

    @Test
    void everyEnumValuedKeyHasAHintWithEachValue() {
        List<Map<String, Object>> enums = properties().stream().filter(p -> enumType(p) != null).toList();
        assertThat(enums).extracting(p -> p.get("name")).contains("management.endpoint.ecosystems.access");
        for (Map<String, Object> property : enums) {
            String name = (String) property.get("name");
            List<String> hinted = JsonPath.read(json, "$.hints[?(@.name == '" + name + "')].values[*].value");
            List<String> constants = Arrays.stream(enumType(property).getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
            assertThat(hinted).as("hinted values of %s", name).containsExactlyInAnyOrderElementsOf(constants);
            List<String> descriptions = JsonPath.read(json,
                    "$.hints[?(@.name == '" + name + "')].values[*].description");
            assertThat(descriptions).as("descriptions of the values of %s", name).hasSameSizeAs(constants)
                    .allSatisfy(d -> assertThat(d).isNotBlank());
        }
    }

    @Test
    void theEcosystemsMapIsTypedByItsValueClassAndTakesAnyName() {
        assertThat(properties()).filteredOn(p -> p.get("name").equals("foundation.beam.ecosystems"))
                .singleElement().satisfies(p -> assertThat((String) p.get("type"))
                        .isEqualTo("java.util.Map<java.lang.String," + BeamProperties.EcosystemProperties.class
                                .getName() + ">"));
        assertThat(hints()).extracting(h -> h.get("name")).contains("foundation.beam.ecosystems.keys");
    }

    private static Class<?> enumType(Map<String, Object> property) {
        String type = (String) property.get("type");
        if (type == null || type.contains("<")) {
            return null;
        }
        try {
            Class<?> c = ClassUtils.forName(type, ConfigurationMetadataTests.class.getClassLoader());
            return c.isEnum() ? c : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
