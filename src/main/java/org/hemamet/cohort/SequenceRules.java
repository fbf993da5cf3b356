package org.hemamet.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.hemamet.core.HemametException;

/**
 * Decides what a series is (one of the study's sequences, an excluded kind such as FLAIR or a localiser,
 * or unknown) from its DICOM header fields, with an ordered table of named rules: the first rule whose
 * conditions all hold (and none of whose {@code unless} conditions hold) decides, and the
 * {@link SequenceDecision} names the rule and the fields that decided. No rule matching gives
 * {@link SeriesKind#UNKNOWN}: an unknown series is never taken for one of the study's sequences.
 *
 * <p>Fields are DICOM keywords ({@code SeriesDescription}, {@code ProtocolName}, {@code SequenceName},
 * {@code ImageType}, {@code ScanningSequence}, {@code SequenceVariant}, {@code ScanOptions},
 * {@code ContrastBolusAgent}, {@code RepetitionTime}, {@code EchoTime}, {@code InversionTime},
 * {@code MagneticFieldStrength}, ...; see {@code DicomDescriptor.ruleFields()}). A condition tests one field
 * ({@code field}), any of several ({@code field: [A, B]}) or the first non-blank of several
 * ({@code first: [SeriesDescription, ProtocolName]}: "the series name", so that GE's exam-level
 * ProtocolName is read only when the description is empty) with a case-insensitive regex found anywhere
 * ({@code regex}, or {@code pattern} naming one of the table's patterns) and/or a numeric
 * {@code min}/{@code max} (inclusive; a number or the name of one of the table's thresholds);
 * {@code any: [...]} holds when one of its conditions does. A missing or blank field fails a condition.
 *
 * <p>The default table is the resource {@value #DEFAULTS_RESOURCE}, which states every threshold and
 * word list with its rationale. In order: localisers, diffusion/EPI, Dixon, angiography, projections and
 * subtractions, gradient echo, FLAIR (by name, or inversion recovery with TI ≥ 1500 ms) and PD (by name)
 * are excluded; STIR by an inversion recovery with a short TI (80–280 ms, the fat null point
 * TI = T1(fat)·ln 2 from low field to 3 T) or by name; T1C needs T1 evidence (name or timing) and contrast
 * evidence: a ContrastBolusAgent other than empty/NONE/NO/0/N/A, or contrast words in the series name
 * ("+C", "KM", "GD", "POST", "CE", ...; as tokens, so "SPACE" or "TRACE" are not "CE") not contradicted by
 * pre-contrast words ("PRE", "vor KM", "nativ", ...); fat-suppressed T1 without contrast evidence and
 * fat-suppressed T2 are excluded; a T1/T2 name contradicted by the timing is unknown; then T1, T2 by
 * name; last, spin-echo timing: T1 TR ≤ 1000 and TE ≤ 30 ms, PD (excluded) TR ≥ 1500 and TE ≤ 40 ms,
 * T2 TR ≥ 2000 and TE ≥ 70 ms (FSE effective TE); anything between is unknown. The timing thresholds are
 * the conventional spin-echo weighting ranges of the standard MR physics texts (Westbrook &amp; Talbot,
 * <i>MRI in Practice</i>, chapter "Image weighting and contrast"; McRobbie et al., <i>MRI from Picture to
 * Proton</i>); STIR after Bydder &amp; Young, J Comput Assist Tomogr 1985;9:659–675; FLAIR after Hajnal
 * et al., J Comput Assist Tomogr 1992;16:841–844.
 *
 * <p>A user file (JSON, or YAML when the name ends in .yaml/.yml) replaces the defaults: a list of rules
 * (or {@code {"rules": [...]}}), each {@code {field, regex, min, max, sequence}} (one condition) or
 * {@code {name, when: [...], unless: [...], sequence | result, reason}}; {@code result} may also be an
 * excluded kind or UNKNOWN. With {@code extends: defaults} its rules come before the default ones and its
 * {@code patterns} and {@code thresholds} override theirs, e.g. to map Dixon water images to STIR or to
 * change a threshold.
 */
public final class SequenceRules {
    /** The class-path resource holding the default rule table. */
    public static final String DEFAULTS_RESOURCE = "/org/hemamet/cohort/sequence-rules.yaml";

    /** A test of header fields. */
    public sealed interface Condition permits FieldCondition, AnyCondition {
        /** The fields and values that satisfy it (keyword → value), or null when it does not hold. */
        Map<String, String> match(Map<String, String> fields);
    }

    /**
     * A regex and/or numeric test of one of {@code fields}: any of them, or (with {@code firstNonBlank}) the
     * first non-blank one only.
     */
    public record FieldCondition(List<String> fields, boolean firstNonBlank, Pattern regex, Double min, Double max)
            implements Condition {
        public FieldCondition {
            fields = List.copyOf(fields);
        }

        @Override
        public Map<String, String> match(Map<String, String> values) {
            for (String f : fields) {
                String v = values.get(f);
                if (v == null || v.isBlank()) {
                    continue;
                }
                if (test(v)) {
                    return Map.of(f, v.trim());
                }
                if (firstNonBlank) {
                    return null;
                }
            }
            return null;
        }

        private boolean test(String v) {
            if (regex != null && !regex.matcher(v).find()) {
                return false;
            }
            if (min == null && max == null) {
                return true;
            }
            double d;
            try {
                d = Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                return false;
            }
            return (min == null || d >= min) && (max == null || d <= max);
        }
    }

    /** Holds when one of its conditions holds (the first that does gives the deciding fields). */
    public record AnyCondition(List<Condition> any) implements Condition {
        public AnyCondition {
            any = List.copyOf(any);
        }

        @Override
        public Map<String, String> match(Map<String, String> fields) {
            for (Condition c : any) {
                Map<String, String> m = c.match(fields);
                if (m != null) {
                    return m;
                }
            }
            return null;
        }
    }

    /** A named rule: all {@code when} conditions hold and no {@code unless} condition holds → {@code result}. */
    public record Rule(String name, SeriesKind result, List<Condition> when, List<Condition> unless, String reason) {
        public Rule {
            when = List.copyOf(when);
            unless = List.copyOf(unless);
        }

        /** The deciding fields (in condition order) when the rule holds; empty when it does not. */
        public Optional<Map<String, String>> match(Map<String, String> fields) {
            Map<String, String> deciding = new LinkedHashMap<>();
            for (Condition c : when) {
                Map<String, String> m = c.match(fields);
                if (m == null) {
                    return Optional.empty();
                }
                m.forEach(deciding::putIfAbsent);
            }
            for (Condition c : unless) {
                if (c.match(fields) != null) {
                    return Optional.empty();
                }
            }
            return Optional.of(deciding);
        }
    }

    /** The order in which an undecided series' fields are listed. */
    private static final List<String> CANONICAL_ORDER = List.of(
            "SeriesDescription",
            "ProtocolName",
            "SequenceName",
            "ImageType",
            "ScanningSequence",
            "SequenceVariant",
            "ScanOptions",
            "ContrastBolusAgent",
            "RepetitionTime",
            "EchoTime",
            "InversionTime",
            "MagneticFieldStrength");

    private final List<Rule> rules;
    private final List<String> lookedAt;

    public SequenceRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.lookedAt = lookedAt(this.rules);
    }

    /** The default rule table ({@value #DEFAULTS_RESOURCE}). */
    public static SequenceRules defaults() {
        return Defaults.RULES;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** What the series is, which rule decided and the fields that decided. */
    public SequenceDecision decide(Map<String, String> fields) {
        for (Rule r : rules) {
            Optional<Map<String, String>> m = r.match(fields);
            if (m.isPresent()) {
                return new SequenceDecision(r.result(), r.name(), m.get(), r.reason());
            }
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (String k : lookedAt) {
            String v = fields.get(k);
            if (v != null && !v.isBlank()) {
                seen.put(k, v.trim());
            }
        }
        return new SequenceDecision(SeriesKind.UNKNOWN, SequenceDecision.NO_RULE, seen, "no rule matched");
    }

    /** The fields the rules test, in a fixed order: the canonical header fields, then the others by name. */
    private static List<String> lookedAt(List<Rule> rules) {
        Set<String> used = new TreeSet<>();
        for (Rule r : rules) {
            r.when().forEach(c -> collectFields(c, used));
            r.unless().forEach(c -> collectFields(c, used));
        }
        List<String> out = new ArrayList<>();
        for (String k : CANONICAL_ORDER) {
            if (used.remove(k)) {
                out.add(k);
            }
        }
        out.addAll(used);
        return List.copyOf(out);
    }

    private static void collectFields(Condition c, Set<String> out) {
        if (c instanceof FieldCondition f) {
            out.addAll(f.fields());
        } else if (c instanceof AnyCondition a) {
            a.any().forEach(x -> collectFields(x, out));
        }
    }

    /** The study sequence the header gives; empty when the series is excluded or unknown. */
    public Optional<Sequence> classify(Map<String, String> fields) {
        return decide(fields).sequence();
    }

    /**
     * The path pattern {@code {patient}/{sequence}/{file}}: the name of the file's parent directory, when it
     * is a sequence name (T1, T2, STIR, T1C or an alias accepted by {@link Sequence#parse}).
     */
    public static Optional<Sequence> fromPath(Path file) {
        Path parent = file.getParent();
        if (parent == null || parent.getFileName() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Sequence.parse(parent.getFileName().toString()));
        } catch (HemametException e) {
            return Optional.empty();
        }
    }

    /** Loads a user rules file (JSON, or YAML when the name ends in .yaml/.yml). */
    public static SequenceRules load(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml")
                ? new ObjectMapper(new YAMLFactory())
                : new ObjectMapper();
        JsonNode root;
        try {
            root = m.readTree(file.toFile());
        } catch (IOException e) {
            throw HemametException.invalidInput(
                    file + ": cannot read sequence rules (" + org.hemamet.core.IoErrors.what(e) + ")", e);
        }
        return fromTree(root, file.toString(), file.getFileName() + " rule ");
    }

    private static SequenceRules fromTree(JsonNode root, String where, String defaultNamePrefix) {
        boolean extend = root != null
                && root.isObject()
                && root.hasNonNull("extends")
                && isDefaults(where, root.get("extends").asText());
        JsonNode list = root != null && root.isObject() ? root.get("rules") : root;
        boolean listOk = list != null && list.isArray() && !list.isEmpty();
        if (!listOk && !(extend && (list == null || list.isArray()))) {
            throw HemametException.invalidInput(
                    where + ": sequence rules must be a non-empty list of" + " {field, regex, sequence} objects");
        }
        Table table = new Table(where, defaultNamePrefix);
        if (extend) {
            table.addPatternsAndThresholds(Defaults.TREE);
        }
        if (root.isObject()) {
            table.addPatternsAndThresholds(root);
        }
        List<Rule> out = new ArrayList<>();
        if (listOk) {
            out.addAll(table.rules(list));
        }
        if (extend) {
            out.addAll(new Table(table, "default rules").rules(Defaults.TREE.get("rules")));
        }
        return new SequenceRules(out);
    }

    private static boolean isDefaults(String where, String ext) {
        if (ext.equalsIgnoreCase("defaults") || ext.equalsIgnoreCase("default")) {
            return true;
        }
        throw HemametException.invalidInput(where + ": 'extends' must be 'defaults', not '" + ext + "'");
    }

    /** Named patterns and thresholds, and the rules compiled against them. */
    private static final class Table {
        private final String where;
        private final String namePrefix;
        private final Map<String, Pattern> patterns;
        private final Map<String, Double> thresholds;

        Table(String where, String namePrefix) {
            this.where = where;
            this.namePrefix = namePrefix;
            this.patterns = new LinkedHashMap<>();
            this.thresholds = new LinkedHashMap<>();
        }

        /** The same patterns and thresholds, for another list of rules. */
        Table(Table other, String where) {
            this.where = where;
            this.namePrefix = "default rule ";
            this.patterns = other.patterns;
            this.thresholds = other.thresholds;
        }

        void addPatternsAndThresholds(JsonNode root) {
            JsonNode t = root.path("thresholds");
            t.fields().forEachRemaining(e -> {
                if (!e.getValue().isNumber()) {
                    throw HemametException.invalidInput(where + ": threshold '" + e.getKey() + "' must be a number");
                }
                thresholds.put(e.getKey(), e.getValue().asDouble());
            });
            root.path("patterns")
                    .fields()
                    .forEachRemaining(e -> patterns.put(e.getKey(), pattern(e.getKey(), e.getValue())));
        }

        private Pattern pattern(String name, JsonNode p) {
            List<String> alternatives = new ArrayList<>();
            if (p.isTextual()) {
                alternatives.add(p.asText());
            } else {
                if (p.has("words")) {
                    List<String> words = new ArrayList<>();
                    p.get("words").forEach(w -> words.add(w.asText()));
                    alternatives.add("(?<![a-z0-9])(?:" + String.join("|", words) + ")(?![a-z0-9])");
                }
                if (p.hasNonNull("regex")) {
                    alternatives.add(p.get("regex").asText());
                }
            }
            if (alternatives.isEmpty()) {
                throw HemametException.invalidInput(where + ": pattern '" + name + "' needs 'words' or 'regex'");
            }
            return compile(where + ": pattern '" + name + "'", String.join("|", alternatives));
        }

        List<Rule> rules(JsonNode list) {
            List<Rule> out = new ArrayList<>();
            int i = 0;
            for (JsonNode r : list) {
                out.add(rule(where + ": rule " + i, r, i));
                i++;
            }
            return out;
        }

        private Rule rule(String at, JsonNode r, int index) {
            SeriesKind result = result(at, r);
            List<Condition> when = new ArrayList<>();
            if (r.has("when")) {
                for (JsonNode c : r.get("when")) {
                    when.add(condition(at, c));
                }
            } else {
                when.add(condition(at, r));
            }
            List<Condition> unless = new ArrayList<>();
            for (JsonNode c : r.path("unless")) {
                unless.add(condition(at, c));
            }
            String name = r.hasNonNull("name") ? r.get("name").asText() : namePrefix + index;
            String reason = r.hasNonNull("reason") ? r.get("reason").asText() : result.description();
            return new Rule(name, result, when, unless, reason);
        }

        private SeriesKind result(String at, JsonNode r) {
            try {
                if (r.hasNonNull("sequence")) {
                    return SeriesKind.of(Sequence.parse(r.get("sequence").asText()));
                }
                if (r.hasNonNull("result")) {
                    return SeriesKind.parse(r.get("result").asText());
                }
            } catch (HemametException e) {
                throw HemametException.invalidInput(at + ": " + e.getMessage());
            }
            throw HemametException.invalidInput(at + ": missing 'sequence' (or 'result')");
        }

        private Condition condition(String at, JsonNode c) {
            if (c.has("any")) {
                List<Condition> any = new ArrayList<>();
                for (JsonNode a : c.get("any")) {
                    any.add(condition(at, a));
                }
                return new AnyCondition(any);
            }
            List<String> fields = new ArrayList<>();
            boolean first = c.has("first");
            JsonNode f = first ? c.get("first") : c.get("field");
            if (f == null || f.isNull()) {
                throw HemametException.invalidInput(at + ": missing 'field'");
            }
            if (f.isArray()) {
                f.forEach(x -> fields.add(x.asText()));
            } else {
                fields.add(f.asText());
            }
            if (!c.hasNonNull("regex") && !c.hasNonNull("pattern") && !c.hasNonNull("min") && !c.hasNonNull("max")) {
                throw HemametException.invalidInput(at + ": needs 'regex', 'pattern', 'min' or 'max'");
            }
            Pattern regex = c.hasNonNull("regex") ? compile(at, c.get("regex").asText()) : null;
            if (c.hasNonNull("pattern")) {
                regex = patterns.get(c.get("pattern").asText());
                if (regex == null) {
                    throw HemametException.invalidInput(
                            at + ": unknown pattern '" + c.get("pattern").asText() + "'");
                }
            }
            return new FieldCondition(fields, first, regex, number(at, c.get("min")), number(at, c.get("max")));
        }

        private Double number(String at, JsonNode n) {
            if (n == null || n.isNull()) {
                return null;
            }
            if (n.isNumber()) {
                return n.asDouble();
            }
            Double t = thresholds.get(n.asText());
            if (t == null) {
                throw HemametException.invalidInput(at + ": unknown threshold '" + n.asText() + "'");
            }
            return t;
        }

        private static Pattern compile(String at, String regex) {
            try {
                return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw HemametException.invalidInput(
                        at + ": invalid regex '" + regex + "' (" + e.getDescription() + ")");
            }
        }
    }

    /** The default table, read once. */
    private static final class Defaults {
        static final JsonNode TREE = read();
        static final SequenceRules RULES = fromTree(TREE, "default rules", "default rule ");

        private static JsonNode read() {
            try (InputStream in = SequenceRules.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource missing: " + DEFAULTS_RESOURCE);
                }
                return new ObjectMapper(new YAMLFactory()).readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The default table's thresholds (ms), by name, for documentation and tests. */
    public static Map<String, Double> defaultThresholds() {
        Map<String, Double> t = new LinkedHashMap<>();
        Defaults.TREE
                .path("thresholds")
                .fields()
                .forEachRemaining(e -> t.put(e.getKey(), e.getValue().asDouble()));
        return Collections.unmodifiableMap(t);
    }
}
