package org.hemamet.study;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import org.hemamet.core.Mutations;

/**
 * The study-file reader under mutation fuzzing (issue 16; slow tier): mutated copies of the built-in quick
 * profile, as JSON and as YAML, are read or refused with one line naming the file.
 */
@Tag("slow")
class StudyConfigFuzzTest {
    @Property(tries = 1200, seed = "16")
    void aMutatedJsonStudyFileIsReadOrRefusedWithOneLine(@ForAll("mutatedJson") byte[] bytes) throws Exception {
        fuzz(bytes, ".json");
    }

    @Property(tries = 800, seed = "16")
    void aMutatedYamlStudyFileIsReadOrRefusedWithOneLine(@ForAll("mutatedYaml") byte[] bytes) throws Exception {
        fuzz(bytes, ".yaml");
    }

    private static void fuzz(byte[] bytes, String ext) throws Exception {
        Path f = Files.createTempFile("fuzz", ext);
        try {
            Mutations.assertParsesOrRefuses(f, bytes, StudyConfig::read);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static byte[] quickProfile() throws Exception {
        try (var in = StudyConfig.class.getResourceAsStream("profiles/quick.json")) {
            return in.readAllBytes();
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedJson() throws Exception {
        return Mutations.of(List.of(quickProfile()));
    }

    @Provide
    Arbitrary<byte[]> mutatedYaml() throws Exception {
        var tree = org.hemamet.core.Json.mapper().readTree(quickProfile());
        String yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(tree);
        return Mutations.of(List.of(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
