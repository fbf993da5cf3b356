package org.hemamet.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.hemamet.core.HemametException;

/**
 * Decides a series' sequence (T1, T2, STIR, T1C) from its DICOM header fields with an ordered list of
 * rules; the first rule whose conditions all hold wins. Fields are DICOM keywords
 * ({@code SeriesDescription}, {@code ProtocolName}, {@code ScanningSequence}, {@code SequenceVariant},
 * {@code ContrastBolusAgent}, {@code RepetitionTime}, {@code EchoTime}, {@code InversionTime},
 * {@code MagneticFieldStrength}). A condition tests one field with a case-insensitive regex (found
 * anywhere) and/or a numeric {@code min}/{@code max} (inclusive); a missing field fails the condition.
 *
 * <p>The {@link #defaults() default rules}, in order: a ContrastBolusAgent → T1C; "stir"/"tirm" in
 * SeriesDescription or ProtocolName → STIR; ScanningSequence IR with TI 50–300 ms (short tau, near the
 * fat null) → STIR; post-contrast words (post, gd, gad, km, ce, c+, contrast, kontrast) → T1C; "t2" → T2;
 * "t1" → T1; then by timing: TR ≤ 1000 and TE ≤ 30 → T1, TR ≥ 2000 and TE ≥ 60 → T2.
 *
 * <p>A user file (JSON or YAML) replaces them: a list (or {@code {"rules": [...]}}) of rules, each either
 * {@code {field, regex, min, max, sequence}} (one condition) or {@code {when: [{field, regex, min, max}...],
 * sequence}}.
 */
public final class SequenceRules {
    /** One test of one header field. */
    public record Condition(String field, Pattern regex, Double min, Double max) {
        boolean test(Map<String, String> fields) {
            String v = fields.get(field);
            if (v == null || v.isBlank()) {
                return false;
            }
            if (regex != null && !regex.matcher(v).find()) {
                return false;
            }
            if (min != null || max != null) {
                double d;
                try {
                    d = Double.parseDouble(v.trim());
                } catch (NumberFormatException e) {
                    return false;
                }
                return (min == null || d >= min) && (max == null || d <= max);
            }
            return true;
        }
    }

    /** All conditions must hold for the rule to give its sequence. */
    public record Rule(List<Condition> when, Sequence sequence) {
        public Rule {
            when = List.copyOf(when);
        }

        public boolean test(Map<String, String> fields) {
            return when.stream().allMatch(c -> c.test(fields));
        }
    }

    private static final String POST =
            "(^|[^a-z0-9])(post|gd|gad|km|ce|pc|contrast|kontrast|mdc)([^a-z0-9]|$)" + "|c\\+|\\+c|t1c|t1ce";

    private static final SequenceRules DEFAULTS = new SequenceRules(List.of(
            rule(Sequence.T1C, cond("ContrastBolusAgent", "\\S", null, null)),
            rule(Sequence.STIR, cond("SeriesDescription", "stir|tirm", null, null)),
            rule(Sequence.STIR, cond("ProtocolName", "stir|tirm", null, null)),
            rule(Sequence.STIR, cond("ScanningSequence", "IR", null, null), cond("InversionTime", null, 50.0, 300.0)),
            rule(Sequence.T1C, cond("SeriesDescription", POST, null, null)),
            rule(Sequence.T1C, cond("ProtocolName", POST, null, null)),
            rule(Sequence.T2, cond("SeriesDescription", "t2", null, null)),
            rule(Sequence.T1, cond("SeriesDescription", "t1", null, null)),
            rule(Sequence.T2, cond("ProtocolName", "t2", null, null)),
            rule(Sequence.T1, cond("ProtocolName", "t1", null, null)),
            rule(Sequence.T1, cond("RepetitionTime", null, null, 1000.0), cond("EchoTime", null, null, 30.0)),
            rule(Sequence.T2, cond("RepetitionTime", null, 2000.0, null), cond("EchoTime", null, 60.0, null))));

    private final List<Rule> rules;

    public SequenceRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static SequenceRules defaults() {
        return DEFAULTS;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The first matching rule's sequence. */
    public Optional<Sequence> classify(Map<String, String> fields) {
        for (Rule r : rules) {
            if (r.test(fields)) {
                return Optional.of(r.sequence());
            }
        }
        return Optional.empty();
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
                    file + ": cannot read sequence rules ("
                            + e.getMessage().lines().findFirst().orElse("") + ")",
                    e);
        }
        JsonNode list = root != null && root.isObject() ? root.get("rules") : root;
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw HemametException.invalidInput(
                    file + ": sequence rules must be a non-empty list of" + " {field, regex, sequence} objects");
        }
        List<Rule> out = new ArrayList<>();
        int i = 0;
        for (JsonNode r : list) {
            String where = file + ": rule " + i;
            if (!r.has("sequence")) {
                throw HemametException.invalidInput(where + ": missing 'sequence'");
            }
            Sequence seq;
            try {
                seq = Sequence.parse(r.get("sequence").asText());
            } catch (HemametException e) {
                throw HemametException.invalidInput(where + ": " + e.getMessage());
            }
            List<Condition> conds = new ArrayList<>();
            if (r.has("when")) {
                for (JsonNode c : r.get("when")) {
                    conds.add(condition(where, c));
                }
            } else {
                conds.add(condition(where, r));
            }
            out.add(new Rule(conds, seq));
            i++;
        }
        return new SequenceRules(out);
    }

    private static Condition condition(String where, JsonNode c) {
        if (!c.hasNonNull("field")) {
            throw HemametException.invalidInput(where + ": missing 'field'");
        }
        if (!c.hasNonNull("regex") && !c.hasNonNull("min") && !c.hasNonNull("max")) {
            throw HemametException.invalidInput(where + ": needs 'regex', 'min' or 'max'");
        }
        try {
            return cond(
                    c.get("field").asText(),
                    c.hasNonNull("regex") ? c.get("regex").asText() : null,
                    c.hasNonNull("min") ? c.get("min").asDouble() : null,
                    c.hasNonNull("max") ? c.get("max").asDouble() : null);
        } catch (PatternSyntaxException e) {
            throw HemametException.invalidInput(
                    where + ": invalid regex '" + c.get("regex").asText() + "' (" + e.getDescription() + ")");
        }
    }

    private static Condition cond(String field, String regex, Double min, Double max) {
        return new Condition(field, regex == null ? null : Pattern.compile(regex, Pattern.CASE_INSENSITIVE), min, max);
    }

    private static Rule rule(Sequence s, Condition... c) {
        return new Rule(List.of(c), s);
    }
}
