package org.hemamet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonProblemTest {
    enum Seq {
        T1,
        T2
    }

    record Search(List<Integer> epochs, Double learningRate) {}

    record Config(String profile, List<Seq> sequences, Search search, Integer seed) {}

    record Checked(Double fraction) {
        Checked {
            if (fraction != null && !(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("must be in (0, 1), got " + fraction);
            }
        }
    }

    record Holder(Checked split) {}

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static String problem(ObjectMapper m, String text, Class<?> type) {
        JsonProcessingException e = catchThrowableOfType(() -> m.readValue(text, type), JsonProcessingException.class);
        assertThat(e).as("parsing %s", text).isNotNull();
        String d = JsonProblem.describe(e, text);
        assertThat(d)
                .doesNotContain("\n")
                .doesNotContain("[Source")
                .doesNotContain("REDACTED")
                .doesNotContain("java.")
                .doesNotContain("org.hemamet")
                .doesNotContain("JsonToken");
        return d;
    }

    @Test
    void aFileCutShortNamesWhereTheOpenListBegan() {
        assertThat(problem(JSON, "{\"profile\": \"quick\",\n \"sequences\": [\"T1\",\n", Config.class))
                .isEqualTo("line 3, column 1: Unexpected end-of-input inside a list (the file is cut short?)");
    }

    @Test
    void aMissingCommaIsLocated() {
        assertThat(problem(JSON, "{\"profile\": \"quick\"\n \"seed\": 4}", Config.class))
                .startsWith("line 2, column 2: Unexpected character ('\"' (code 34)): was expecting comma");
    }

    @Test
    void anUnknownSettingSuggestsTheNearestKnownOne() {
        assertThat(problem(JSON, "{\"sequencez\": [\"T1\"]}", Config.class))
                .isEqualTo("line 1, column 3: unknown setting \"sequencez\" (did you mean \"sequences\"?);"
                        + " known: profile, search, seed, sequences");
        assertThat(problem(YAML, "profile: quick\nsearch:\n  epochz: [3]\n", Config.class))
                .isEqualTo("line 3, column 3: unknown setting \"epochz\" (did you mean \"epochs\"?);"
                        + " known: epochs, learning_rate in search");
        assertThat(problem(JSON, "{\"colour\": 1}", Config.class)).doesNotContain("did you mean");
    }

    @Test
    void aWrongValueNamesItsPathAndTheExpectedKind() {
        assertThat(problem(YAML, "search:\n  epochs: [3, many]\n", Config.class))
                .isEqualTo("line 2, column 15: search.epochs[1]: \"many\" is not a whole number");
        assertThat(problem(JSON, "{\"sequences\": [\"T3\"]}", Config.class))
                .isEqualTo("line 1, column 16: sequences[0]: \"T3\" is not one of T1, T2");
        assertThat(problem(JSON, "{\"sequences\": \"T1\"}", Config.class))
                .isEqualTo("line 1, column 15: sequences: expected a list, found text");
        assertThat(problem(JSON, "[1, 2]", Config.class))
                .isEqualTo("line 1, column 1: expected a group of settings (an object), found a list");
        assertThat(problem(JSON, "{\"search\": {\"learning_rate\": [1]}}", Config.class))
                .startsWith("line 1, column 30: search.learning_rate: expected a number");
    }

    @Test
    void aRecordsOwnCheckIsReportedWithItsPath() {
        assertThat(problem(JSON, "{\"split\": {\"fraction\": 2}}", Holder.class))
                .isEqualTo("split: must be in (0, 1), got 2.0");
    }

    @Test
    void aYamlSyntaxErrorGivesTheProblemAndItsContext() {
        assertThat(problem(YAML, "profile: quick\nsequences: [T1\n", Config.class))
                .isEqualTo("line 3, column 1: expected ',' or ']', but got <stream end>"
                        + " (while parsing a flow sequence at line 2, column 12)");
        assertThat(problem(YAML, "profile: \"quick\nseed: 4\n", Config.class))
                .startsWith("line 3, column 1: found unexpected end of stream (while scanning a quoted scalar at"
                        + " line 1, column 10)");
    }

    @Test
    void nearestToleratesCaseAndDashes() {
        assertThat(JsonProblem.nearest("Learning-Rate", List.of("epochs", "learning_rate")))
                .isEqualTo("learning_rate");
        assertThat(JsonProblem.nearest("colour", List.of("epochs", "seed"))).isNull();
    }
}
