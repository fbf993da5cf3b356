package org.hemamet.cohort;

import java.util.Locale;
import org.hemamet.core.HemametException;

/** The four MRI sequences of the study. */
public enum Sequence {
    /** T1-weighted spin echo. */
    T1,
    /** T2-weighted (fast) spin echo. */
    T2,
    /** Short-tau inversion recovery (fat-suppressed T2-like). */
    STIR,
    /** Contrast-enhanced (gadolinium) T1, usually fat-saturated. */
    T1C;

    /** Parses a sequence name case-insensitively; accepts common aliases (T1+C, T1CE, T1_POST, CE-T1). */
    public static Sequence parse(String s) {
        String k = s == null ? "" : s.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s_\\-+]", "");
        switch (k) {
            case "T1":
            case "T1W":
            case "T1SE":
                return T1;
            case "T2":
            case "T2W":
            case "T2FSE":
            case "T2TSE":
                return T2;
            case "STIR":
            case "TIRM":
                return STIR;
            case "T1C":
            case "T1CE":
            case "T1POST":
            case "CET1":
            case "T1GD":
            case "T1FSC":
            case "T1FSPOST":
                return T1C;
            default:
                throw HemametException.invalidInput("unknown sequence '" + s + "' (expected one of T1, T2, STIR, T1C)");
        }
    }
}
