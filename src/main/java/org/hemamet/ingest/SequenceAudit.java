package org.hemamet.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.hemamet.cohort.Sequence;
import org.hemamet.cohort.SequenceDecision;
import org.hemamet.cohort.SequenceRules;
import org.hemamet.core.Json;

/**
 * The {@code sequence_decisions} section of {@code ingest-report.json}: what the header rules decided for
 * every DICOM series of the cohort, and where each sample's sequence came from, so a user can audit the
 * mapping of a real export before a study.
 *
 * <p>Series are grouped by kind and deciding rule; each group lists the distinct decisions in words
 * ({@link SequenceDecision#describe()}, with how many series each), the series by a keyed pseudonym of
 * their SeriesInstanceUID ({@code series_keys}) and the dataset samples cropped from them
 * ({@code sample_ids}). A series is decided on the header of its first file (in path order); a frame of a
 * multi-frame file whose own functional groups give other rule fields (an echo of a multi-echo series) is a
 * series of its own here, keyed by its series and frame number. Samples
 * whose {@code sequence} attribute contradicts the header rules are listed. Text (series descriptions)
 * is scrubbed of patient identifiers; no path, UID, date or patient field is written.
 */
final class SequenceAudit {
    /** Where a sample's sequence came from. */
    static final String ATTRIBUTE = "sequence attribute";

    static final String HEADER = "header rule";
    static final String PATH = "path";

    /**
     * One dataset sample: its series (null when no DICOM is linked), the sequence used and where it came
     * from ({@link #ATTRIBUTE}, {@link #HEADER} or {@link #PATH}), and the header rules' decision for its
     * DICOM file (null when none).
     */
    record SampleSource(String sampleId, String seriesId, Sequence sequence, String source, SequenceDecision header) {}

    private SequenceAudit() {}

    /** A series' identity for grouping: its SeriesInstanceUID, else its SOPInstanceUID. */
    static String seriesId(String seriesUid, String sopUid) {
        return seriesUid.isEmpty() ? "sop " + sopUid : seriesUid;
    }

    /**
     * The report section. {@code seriesFields}: each series' header fields (first file), by series id;
     * {@code seriesKey}: the pseudonym of a series id; {@code scrub}: removes patient identifiers from text.
     */
    static ObjectNode report(
            String rulesName,
            SequenceRules rules,
            Map<String, Map<String, String>> seriesFields,
            List<SampleSource> samples,
            UnaryOperator<String> seriesKey,
            UnaryOperator<String> scrub) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("rules", rulesName);
        out.put(
                "note",
                "series grouped by the kind and rule the header rules decide; series_keys are keyed"
                        + " pseudonyms of SeriesInstanceUIDs; sample_ids are the dataset samples cropped from them");
        Map<String, Group> groups = new TreeMap<>();
        Map<String, Group> groupOfSeries = new TreeMap<>();
        seriesFields.forEach((id, fields) -> {
            SequenceDecision d = rules.decide(fields);
            Group g = groups.computeIfAbsent(String.format("%02d %s", d.kind().ordinal(), d.rule()), k -> new Group(d));
            String key = seriesKey.apply(id);
            g.add(key, scrub.apply(d.describe()));
            groupOfSeries.put(key, g);
        });
        for (SampleSource s : samples) {
            Group g = s.seriesId() == null ? null : groupOfSeries.get(seriesKey.apply(s.seriesId()));
            if (g != null) {
                g.sampleIds.add(s.sampleId());
            }
        }
        ArrayNode series = out.putArray("series");
        groups.values().forEach(g -> series.add(g.toJson()));
        ObjectNode sources = out.putObject("sample_sources");
        for (String src : List.of(ATTRIBUTE, HEADER, PATH)) {
            sources.put(
                    src, samples.stream().filter(s -> s.source().equals(src)).count());
        }
        ArrayNode disagree = out.putArray("attribute_header_disagreements");
        samples.stream()
                .filter(s -> s.source().equals(ATTRIBUTE) && s.header() != null)
                .filter(s -> !s.header().sequence().equals(Optional.of(s.sequence())))
                .sorted(Comparator.comparing(SampleSource::sampleId))
                .forEach(s -> disagree.addObject()
                        .put("sample_id", s.sampleId())
                        .put("attribute", s.sequence().name())
                        .put("header", scrub.apply(s.header().describe())));
        return out;
    }

    /** Series with the same kind and deciding rule. */
    private static final class Group {
        final SequenceDecision first;
        final Map<String, Integer> decidedBy = new TreeMap<>();
        final TreeSet<String> seriesKeys = new TreeSet<>();
        final TreeSet<String> sampleIds = new TreeSet<>();

        Group(SequenceDecision first) {
            this.first = first;
        }

        void add(String seriesKey, String describe) {
            seriesKeys.add(seriesKey);
            decidedBy.merge(describe, 1, Integer::sum);
        }

        ObjectNode toJson() {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("kind", first.kind().name());
            o.put("outcome", first.accepted() ? "accepted" : first.excluded() ? "excluded" : "unknown");
            o.put("rule", first.rule());
            o.put("rule_reason", first.reason());
            o.put("n_series", seriesKeys.size());
            ObjectNode by = o.putObject("decided_by");
            decidedBy.forEach(by::put);
            ArrayNode keys = o.putArray("series_keys");
            seriesKeys.forEach(keys::add);
            o.put("n_samples", sampleIds.size());
            ArrayNode ids = o.putArray("sample_ids");
            sampleIds.forEach(ids::add);
            return o;
        }
    }
}
