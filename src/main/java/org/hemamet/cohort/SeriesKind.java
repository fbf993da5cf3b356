package org.hemamet.cohort;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hemamet.core.HemametException;

/**
 * What the {@link SequenceRules} say a series is: one of the study's four {@link Sequence}s, a kind of
 * series the study never uses (excluded, named so a user sees why), or {@link #UNKNOWN}.
 */
public enum SeriesKind {
    /** T1-weighted spin echo. */
    T1(Sequence.T1, "T1-weighted spin echo"),
    /** T2-weighted (fast) spin echo. */
    T2(Sequence.T2, "T2-weighted (fast) spin echo"),
    /** Short-tau inversion recovery. */
    STIR(Sequence.STIR, "short-tau inversion recovery"),
    /** Contrast-enhanced T1. */
    T1C(Sequence.T1C, "contrast-enhanced T1"),
    /** Proton-density weighted. */
    PD(null, "proton-density weighted"),
    /** Fluid-attenuated inversion recovery (T2- or T1-FLAIR). */
    FLAIR(null, "fluid-attenuated inversion recovery"),
    /** Diffusion-weighted, ADC or trace images. */
    DIFFUSION(null, "diffusion-weighted, ADC or trace image"),
    /** Other echo-planar series (perfusion, functional). */
    EPI(null, "echo-planar series (diffusion, perfusion or functional)"),
    /** Dixon / IDEAL / mDIXON water, fat, in-phase or opposed-phase images. */
    DIXON(null, "Dixon water, fat, in-phase or opposed-phase image"),
    /** Localisers, scouts, surveys, calibration scans. */
    LOCALIZER(null, "localiser, scout, survey or calibration scan"),
    /** MR angiography. */
    ANGIO(null, "angiography"),
    /** Projections (MIP) and subtractions. */
    DERIVED(null, "projection (MIP) or subtraction image"),
    /** Gradient-echo series (the study's sequences are spin-echo based). */
    GRADIENT_ECHO(null, "gradient echo (the study's sequences are spin-echo based)"),
    /** Fat-suppressed T1 without contrast evidence: pre- or post-contrast cannot be told. */
    T1_FAT_SAT(null, "fat-suppressed T1 without contrast evidence (pre- or post-contrast cannot be told)"),
    /** Fat-suppressed T2: neither the study's T2 (fat bright) nor STIR. */
    T2_FAT_SAT(null, "fat-suppressed T2 (neither the study's T2 nor STIR)"),
    /** Nothing (or nothing consistent) tells what the series is. */
    UNKNOWN(null, "unknown");

    private final Sequence sequence;
    private final String description;

    SeriesKind(Sequence sequence, String description) {
        this.sequence = sequence;
        this.description = description;
    }

    /** The study sequence of this kind; empty for excluded kinds and {@link #UNKNOWN}. */
    public Optional<Sequence> sequence() {
        return Optional.ofNullable(sequence);
    }

    /** What the kind is, in words. */
    public String description() {
        return description;
    }

    /** True for the kinds a study never uses (neither a study sequence nor unknown). */
    public boolean excluded() {
        return sequence == null && this != UNKNOWN;
    }

    /** The kind of a study sequence. */
    public static SeriesKind of(Sequence s) {
        return valueOf(s.name());
    }

    /**
     * Parses a kind name case-insensitively ({@code FLAIR}, {@code gradient-echo}, ...); the study
     * sequences also by their aliases ({@link Sequence#parse}).
     */
    public static SeriesKind parse(String s) {
        String k = s == null ? "" : s.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s\\-]+", "_");
        for (SeriesKind v : values()) {
            if (v.name().equals(k)) {
                return v;
            }
        }
        try {
            return of(Sequence.parse(s));
        } catch (HemametException e) {
            throw HemametException.invalidInput("unknown series kind '" + s + "' (expected one of "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
        }
    }
}
