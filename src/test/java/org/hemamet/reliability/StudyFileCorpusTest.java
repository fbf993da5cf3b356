package org.hemamet.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.hemamet.core.HemametException;
import org.hemamet.study.StudyConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Null or out-of-range grid values in a study file are one-line invalid input (exit 2), never an NPE. */
class StudyFileCorpusTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "learning_rates|[null]|learning_rates: each must be a number > 0, got null",
                "learning_rates|[-0.001]|learning_rates: each must be a number > 0, got -0.001",
                "learning_rates|[0]|learning_rates: each must be a number > 0, got 0.0",
                "batch_sizes|[null]|batch_sizes: each must be an integer >= 1, got null",
                "batch_sizes|[0]|batch_sizes: each must be an integer >= 1, got 0",
                "batch_sizes|[-16]|batch_sizes: each must be an integer >= 1, got -16",
                "epochs|[null]|epochs: each must be an integer >= 1, got null",
                "epochs|[-3]|epochs: each must be an integer >= 1, got -3",
                "dropouts|[null]|dropouts: each must be in [0, 1), got null",
                "dropouts|[1.5]|dropouts: each must be in [0, 1), got 1.5",
                "dropouts|[-0.1]|dropouts: each must be in [0, 1), got -0.1",
                "learning_rates|[]|search needs non-empty learning_rates"
            })
    void aBadGridValueIsNamed(String key, String value, String problem) throws Exception {
        String quick = StudyConfig.profile("quick").toJson();
        String json = Pattern.compile("\"" + key + "\" : \\[[^\\]]*\\]")
                .matcher(quick)
                .replaceFirst("\"" + key + "\" : " + java.util.regex.Matcher.quoteReplacement(value));
        assertThat(json).isNotEqualTo(quick);
        Path f = Files.writeString(tmp.resolve("study.json"), json);
        assertThatThrownBy(() -> StudyConfig.read(f))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(HemametException.INVALID_INPUT))
                .hasMessageStartingWith(f.toString())
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
