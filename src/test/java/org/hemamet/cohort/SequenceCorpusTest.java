package org.hemamet.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hemamet.dicom.DicomReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default sequence rules over a corpus of header combinations: real headers (public DICOM test files
 * read with the project's reader, and header values of public samples) and fixtures in the naming
 * conventions of Siemens, GE, Philips and Canon/Toshiba, each row with its expected kind and rule
 * ({@code sequence-corpus.csv}, {@code sequence-corpus-files.csv}).
 */
class SequenceCorpusTest {
    /** Columns of sequence-corpus.csv that are not header fields. */
    static final Set<String> META = Set.of("id", "vendor", "source", "expected", "rule");

    static List<Map<String, String>> rows(String resource) throws Exception {
        try (InputStream in = SequenceCorpusTest.class.getResourceAsStream(resource)) {
            MappingIterator<Map<String, String>> it = new CsvMapper()
                    .readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader())
                    .readValues(in);
            List<Map<String, String>> out = new ArrayList<>();
            it.forEachRemaining(r -> out.add(new LinkedHashMap<>(r)));
            return out;
        }
    }

    static Stream<Map<String, String>> corpus() throws Exception {
        return rows("sequence-corpus.csv").stream();
    }

    static Stream<Map<String, String>> files() throws Exception {
        return rows("sequence-corpus-files.csv").stream();
    }

    static Map<String, String> fields(Map<String, String> row) {
        Map<String, String> f = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            if (!META.contains(k) && !v.isEmpty()) {
                f.put(k, v);
            }
        });
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void headerCombination(Map<String, String> row) {
        SequenceDecision d = SequenceRules.defaults().decide(fields(row));
        assertThat(d.kind().name() + " by " + d.rule())
                .as(row.get("id") + " (" + row.get("source") + "): " + d.describe())
                .isEqualTo(row.get("expected") + " by " + row.get("rule"));
        // the wrapper gives a study sequence exactly when the decision accepts one
        assertThat(SequenceRules.defaults().classify(fields(row)))
                .isEqualTo(d.kind().sequence());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void realDicomFile(Map<String, String> row) throws Exception {
        Path file = Path.of(getClass().getResource("/" + row.get("file")).toURI());
        SequenceDecision d =
                SequenceRules.defaults().decide(DicomReader.readHeader(file).ruleFields());
        assertThat(d.kind().name() + " by " + d.rule() + ": " + d.describe())
                .isEqualTo(row.get("expected") + " by " + row.get("rule") + ": " + row.get("describe"));
    }

    @Test
    void corpusCoversEveryVendorKindAndRule() throws Exception {
        List<Map<String, String>> rows = corpus().toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(40);
        assertThat(rows.stream().map(r -> r.get("id")).distinct()).hasSize(rows.size());
        Map<String, Long> vendors = new TreeMap<>(
                rows.stream().collect(Collectors.groupingBy(r -> r.get("vendor"), Collectors.counting())));
        assertThat(vendors.keySet()).contains("Siemens", "GE", "Philips", "Canon", "Toshiba");
        assertThat(rows.stream().filter(r -> r.get("source").startsWith("real:")))
                .hasSizeGreaterThanOrEqualTo(8);
        // every kind is expected somewhere, and every default rule decides at least one row
        Set<SeriesKind> kinds = EnumSet.noneOf(SeriesKind.class);
        rows.forEach(r -> kinds.add(SeriesKind.valueOf(r.get("expected"))));
        assertThat(kinds).containsExactlyInAnyOrder(SeriesKind.values());
        Set<String> used = rows.stream().map(r -> r.get("rule")).collect(Collectors.toSet());
        assertThat(SequenceRules.defaults().rules().stream().map(SequenceRules.Rule::name))
                .allSatisfy(name ->
                        assertThat(used).as("a corpus row for rule " + name).contains(name));
        // the ContrastBolusAgent values of the issue
        assertThat(rows.stream().map(r -> r.get("ContrastBolusAgent").trim()).collect(Collectors.toSet()))
                .contains("NONE", "", "Gadovist", "GADOLINIUM", "NO", "0", "N/A");
    }
}
