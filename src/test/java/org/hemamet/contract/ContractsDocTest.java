package org.hemamet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.hemamet.core.Csv;
import org.hemamet.core.Json;
import org.hemamet.study.StudyConfig;
import org.junit.jupiter.api.Test;

/**
 * docs/contracts.md lists the columns and fields of every run and bundle file; this test fails when a
 * record gains or loses one that the document does not (or the other way round).
 *
 * <p>The document's entries read {@code - **FILE** (`Record`): `SPEC`}: for a CSV file the columns in
 * order, for a JSON document its fields with nested objects as {@code name{field,...}} (any order);
 * {@code <Record>} stands for all fields of another record.
 */
class ContractsDocTest {
    /** CSV rows: columns in file order. */
    static final Map<String, Class<?>> CSV = Map.ofEntries(
            Map.entry("ResultRow", ResultRow.class),
            Map.entry("PredictionRow", PredictionRow.class),
            Map.entry("DeLongRow", DeLongRow.class),
            Map.entry("CommonLesionRow", CommonLesionRow.class),
            Map.entry("HistoryRow", HistoryRow.class),
            Map.entry("SearchTrial", SearchTrial.class),
            Map.entry("SplitRow", SplitRow.class),
            Map.entry("ValidationRow", ValidationRow.class),
            Map.entry("FusionRow", FusionRow.class),
            Map.entry("DecisionCurveRow", DecisionCurveRow.class),
            Map.entry("CalibrationFitRow", CalibrationFitRow.class),
            Map.entry("FusedPredictionRow", FusedPredictionRow.class),
            Map.entry("BatchPredictionRow", BatchPredictionRow.class));

    /** JSON documents: fields, nested objects as trees. */
    static final Map<String, Class<?>> JSON = Map.ofEntries(
            Map.entry("CellResult", CellResult.class),
            Map.entry("RunProvenance", RunProvenance.class),
            Map.entry("HeatMapIndex", HeatMapIndex.class),
            Map.entry("BundleMetadata", BundleMetadata.class),
            Map.entry("BaselineModel", BaselineModel.class),
            Map.entry("FusionBundle", FusionBundle.class),
            Map.entry("OodStatistics", OodStatistics.class),
            Map.entry("StudyConfig", StudyConfig.class),
            Map.entry("ValidationProvenance", ValidationProvenance.class),
            Map.entry("IngestProvenance", IngestProvenance.class),
            Map.entry("PredictionProvenance", PredictionProvenance.class),
            Map.entry("HeatMapProvenance", HeatMapProvenance.class),
            Map.entry("DecisionCurveProvenance", DecisionCurveProvenance.class),
            Map.entry("SlurmPlan", org.hemamet.cluster.SlurmPlan.class),
            Map.entry("TaskState", org.hemamet.cluster.TaskState.class));

    static final Pattern ENTRY = Pattern.compile("^- \\*\\*([^*]+)\\*\\* \\(`(\\w+)`\\): `([^`]+)`", Pattern.MULTILINE);

    /** A field and the fields of the object it holds (none for a value or an array). */
    record Node(String name, List<Node> children) {
        @Override
        public String toString() {
            return children.isEmpty()
                    ? name
                    : name + "{" + children.stream().map(Node::toString).collect(Collectors.joining(",")) + "}";
        }
    }

    @Test
    void everyRunAndBundleRecordIsDocumentedWithExactlyItsColumnsAndFields() throws Exception {
        Map<String, String> doc = entries(Files.readString(Path.of("docs/contracts.md")));
        List<String> records = new ArrayList<>(CSV.keySet());
        records.addAll(JSON.keySet());
        assertThat(doc.keySet())
                .as("records documented in docs/contracts.md")
                .containsExactlyInAnyOrderElementsOf(records);
        SoftAssertions.assertSoftly(softly -> {
            for (var e : CSV.entrySet()) {
                softly.assertThat(String.join(",", names(parse(doc.get(e.getKey())))))
                        .as("docs/contracts.md columns of %s", e.getKey())
                        .isEqualTo(String.join(",", Csv.columns(e.getValue())));
            }
            for (var e : JSON.entrySet()) {
                softly.assertThat(sorted(expand(parse(doc.get(e.getKey())))).toString())
                        .as("docs/contracts.md fields of %s", e.getKey())
                        .isEqualTo(sorted(fields(e.getValue())).toString());
            }
        });
    }

    @Test
    void theParserReadsNestedFieldsAndTheRecordsHaveTheKnownShapes() {
        assertThat(parse("a, b{c,d{e}} ,f").toString()).isEqualTo("[a, b{c,d{e}}, f]");
        assertThat(fields(SplitRow.class).toString()).contains("inner");
        assertThat(fields(SearchTrial.class).toString()).contains("note");
        assertThat(fields(CellResult.class).toString()).contains("calibration{", "cell_id", "roc{fpr,thresholds,tpr}");
    }

    static Map<String, String> entries(String markdown) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(markdown);
        while (m.find()) {
            out.put(m.group(2), m.group(3));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ the records

    static List<Node> fields(Class<?> type) {
        if (type == CellResult.class) {
            List<Node> out = new ArrayList<>(fields(ResultRow.class));
            for (var c : CellResult.class.getRecordComponents()) {
                if (c.getType() != ResultRow.class) {
                    out.add(new Node(c.getName(), fields(c.getType())));
                }
            }
            return out;
        }
        ObjectMapper m = Json.mapper();
        BeanDescription d = m.getSerializationConfig().introspect(m.constructType(type));
        AnnotatedMember any = d.findAnyGetter();
        List<Node> out = new ArrayList<>();
        for (BeanPropertyDefinition p : d.findProperties()) {
            if (!p.couldSerialize() || (any != null && p.getName().equals(any.getName()))) {
                continue;
            }
            Class<?> raw = p.getRawPrimaryType();
            out.add(new Node(p.getName(), raw.isRecord() ? fields(raw) : List.of()));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ the document

    /** Parses {@code a, b{c, d}, <Record>}. */
    static List<Node> parse(String spec) {
        int[] pos = {0};
        List<Node> nodes = list(spec.replaceAll("\\s+", ""), pos);
        if (pos[0] != spec.replaceAll("\\s+", "").length()) {
            throw new IllegalArgumentException("cannot parse field list at " + pos[0] + ": " + spec);
        }
        return nodes;
    }

    private static List<Node> list(String s, int[] pos) {
        List<Node> out = new ArrayList<>();
        while (pos[0] < s.length() && s.charAt(pos[0]) != '}') {
            int start = pos[0];
            while (pos[0] < s.length() && "{},".indexOf(s.charAt(pos[0])) < 0) {
                pos[0]++;
            }
            String name = s.substring(start, pos[0]);
            List<Node> children = List.of();
            if (pos[0] < s.length() && s.charAt(pos[0]) == '{') {
                pos[0]++;
                children = list(s, pos);
                pos[0]++; // '}'
            }
            out.add(new Node(name, children));
            if (pos[0] < s.length() && s.charAt(pos[0]) == ',') {
                pos[0]++;
            }
        }
        return out;
    }

    /** Replaces {@code <Record>} by the record's documented fields. */
    private static List<Node> expand(List<Node> nodes) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.name().startsWith("<") && n.name().endsWith(">")) {
                out.addAll(fields(CSV.get(n.name().substring(1, n.name().length() - 1))));
            } else {
                out.add(new Node(n.name(), expand(n.children())));
            }
        }
        return out;
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }

    private static List<Node> sorted(List<Node> nodes) {
        return nodes.stream()
                .map(n -> new Node(n.name(), sorted(n.children())))
                .sorted(Comparator.comparing(Node::name))
                .toList();
    }

    /** The counts the document states per profile are the profiles' own. */
    @Test
    void theDocumentStatesTheProfilesBootstrapAndCalibrationFolds() throws Exception {
        String doc = Files.readString(Path.of("docs/contracts.md")).replaceAll("\\s+", " ");
        StudyConfig quick = StudyConfig.profile("quick");
        StudyConfig paper = StudyConfig.profile("paper");
        assertThat(doc)
                .contains("the profile's bootstrap count, seeded: " + quick.bootstrap() + " in `quick`, "
                        + paper.bootstrap() + " in `paper`")
                .contains("with `calibration_folds` k >= 2 (" + quick.calibrationFolds() + " in `quick`, "
                        + paper.calibrationFolds() + " in `paper`)");
    }
}
