package org.hemamet.cohort;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What decided a series' sequence, and why: the {@link SeriesKind}, the name of the rule that decided
 * (a {@link SequenceRules} rule, {@value #NO_RULE} when none matched, or how the sequence was stated, e.g.
 * "sequence attribute"), the header fields that decided with their values (DICOM keyword → value, in rule
 * order), and the rule's reason in words.
 *
 * <p>{@link #describe()} names the fields that decided: {@code "TR 4000 ms, TE 240 ms -> T2"},
 * {@code "SeriesDescription 'SAG STIR' -> STIR"}, {@code "SeriesDescription 'FLAIR' -> FLAIR, excluded"}.
 *
 * @param kind           what the series is
 * @param rule           the deciding rule's name
 * @param decidingFields the fields that decided, DICOM keyword → header value (no patient fields)
 * @param reason         the rule's reason in words
 */
public record SequenceDecision(SeriesKind kind, String rule, Map<String, String> decidingFields, String reason) {
    /** The rule name of a decision no rule made. */
    public static final String NO_RULE = "no-rule";

    private static final Map<String, String> TIMES = Map.of(
            "RepetitionTime", "TR",
            "EchoTime", "TE",
            "InversionTime", "TI");

    public SequenceDecision {
        decidingFields = Collections.unmodifiableMap(new LinkedHashMap<>(decidingFields));
    }

    /** A sequence stated outside the header ({@code source}: "sequence attribute", "--sequence", "path"). */
    public static SequenceDecision stated(Sequence sequence, String source) {
        return new SequenceDecision(SeriesKind.of(sequence), source, Map.of(), "stated by the " + source);
    }

    /** The study sequence, when the series is one (empty when excluded or unknown). */
    public Optional<Sequence> sequence() {
        return kind.sequence();
    }

    /** True when the series is one of the study's sequences. */
    public boolean accepted() {
        return kind.sequence().isPresent();
    }

    /** True when the series is a kind the study never uses (FLAIR, PD, localiser, ...). */
    public boolean excluded() {
        return kind.excluded();
    }

    /** True when nothing (or nothing consistent) tells what the series is. */
    public boolean unknown() {
        return kind == SeriesKind.UNKNOWN;
    }

    /** The deciding fields in words: {@code "SeriesDescription 'SAG STIR'"}, {@code "TR 4000 ms, TE 240 ms"}. */
    public String evidence() {
        if (decidingFields.isEmpty()) {
            return rule;
        }
        List<String> parts = new ArrayList<>();
        decidingFields.forEach((k, v) -> parts.add(field(k, v)));
        return String.join(", ", parts);
    }

    /** What decided and what it decided: {@code "TR 4000 ms, TE 240 ms -> T2"}. */
    public String describe() {
        String what = accepted() ? kind.name() : excluded() ? kind.name() + ", excluded" : "unknown (" + reason + ")";
        return evidence() + " -> " + what;
    }

    /** One field in words: times as "TR 4000 ms", field strength as "1.5 T", text as "Keyword 'value'". */
    static String field(String keyword, String value) {
        String time = TIMES.get(keyword);
        if (time != null) {
            return time + " " + number(value) + " ms";
        }
        if (keyword.equals("MagneticFieldStrength")) {
            return number(value) + " T";
        }
        return keyword + " '" + value + "'";
    }

    private static String number(String v) {
        try {
            return new BigDecimal(v.trim()).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
