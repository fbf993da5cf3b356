package org.hemamet.study;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.core.HemametException;

/**
 * One binary task: hemangiomas (negative, label 0) against a group of metastasis primaries (positive,
 * label 1). Names: {@code hemangioma-vs-<primary>} for one primary, {@code hemangioma-vs-metastases} for
 * all five pooled, or {@code hemangioma-vs-<a>+<b>} for a user-defined group.
 *
 * @param name     the comparison's name as written in files
 * @param positive the metastasis diagnoses forming the positive class
 */
public record Comparison(String name, Set<Diagnosis> positive) {
    public static final String PREFIX = "hemangioma-vs-";

    /** Parses a comparison name. */
    public static Comparison parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!n.startsWith(PREFIX)) {
            throw HemametException.invalidInput("unknown comparison '" + name
                    + "' (expected hemangioma-vs-<breast|lung|prostate|rcc|myeloma|metastases> or hemangioma-vs-a+b)");
        }
        String rest = n.substring(PREFIX.length());
        EnumSet<Diagnosis> pos = EnumSet.noneOf(Diagnosis.class);
        if (rest.equals("metastases") || rest.equals("metastasis") || rest.equals("all")) {
            for (Diagnosis d : Diagnosis.values()) {
                if (d.isMetastasis()) {
                    pos.add(d);
                }
            }
        } else {
            for (String part : rest.split("\\+")) {
                Diagnosis d = Diagnosis.lookup(part).orElse(null);
                if (d == null || !d.isMetastasis()) {
                    throw HemametException.invalidInput("unknown comparison '" + name + "': '" + part
                            + "' is not a metastasis primary (breast, lung, prostate, rcc, myeloma)");
                }
                pos.add(d);
            }
        }
        return new Comparison(n, Set.copyOf(pos));
    }

    /** 1 for the positive (metastasis) group, 0 for hemangioma, -1 when the diagnosis is not in this task. */
    public int label(Diagnosis d) {
        if (d == Diagnosis.HEMANGIOMA) {
            return 0;
        }
        return positive.contains(d) ? 1 : -1;
    }

    /** Name of the positive class as shown in tables ("metastases", "myeloma", "breast+lung"). */
    public String positiveName() {
        return name.substring(PREFIX.length());
    }
}
