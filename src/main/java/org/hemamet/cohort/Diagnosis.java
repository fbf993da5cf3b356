package org.hemamet.cohort;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Histological diagnosis of a lesion: a hemangioma, or a metastasis from one of five primaries. */
public enum Diagnosis {
    HEMANGIOMA("hemangioma", false),
    BREAST("breast", true),
    LUNG("lung", true),
    PROSTATE("prostate", true),
    RCC("rcc", true),
    MYELOMA("myeloma", true);

    private final String id;
    private final boolean metastasis;

    Diagnosis(String id, boolean metastasis) {
        this.id = id;
        this.metastasis = metastasis;
    }

    /** Lower-case identifier used in files (cohort.csv, dataset.csv, comparison names). */
    public String id() {
        return id;
    }

    /** True for the five metastasis classes (myeloma counted with them, as in the paper). */
    public boolean isMetastasis() {
        return metastasis;
    }

    private static final Map<String, Diagnosis> ALIASES = Map.ofEntries(
            Map.entry("hemangioma", HEMANGIOMA),
            Map.entry("haemangioma", HEMANGIOMA),
            Map.entry("vertebral hemangioma", HEMANGIOMA),
            Map.entry("vertebral haemangioma", HEMANGIOMA),
            Map.entry("atypical hemangioma", HEMANGIOMA),
            Map.entry("hem", HEMANGIOMA),
            Map.entry("breast", BREAST),
            Map.entry("breast cancer", BREAST),
            Map.entry("breast carcinoma", BREAST),
            Map.entry("breast metastasis", BREAST),
            Map.entry("lung", LUNG),
            Map.entry("lung cancer", LUNG),
            Map.entry("lung carcinoma", LUNG),
            Map.entry("nsclc", LUNG),
            Map.entry("sclc", LUNG),
            Map.entry("lung metastasis", LUNG),
            Map.entry("prostate", PROSTATE),
            Map.entry("prostate cancer", PROSTATE),
            Map.entry("prostate carcinoma", PROSTATE),
            Map.entry("prostate metastasis", PROSTATE),
            Map.entry("rcc", RCC),
            Map.entry("renal", RCC),
            Map.entry("renal cell carcinoma", RCC),
            Map.entry("renal cell cancer", RCC),
            Map.entry("kidney", RCC),
            Map.entry("rcc metastasis", RCC),
            Map.entry("myeloma", MYELOMA),
            Map.entry("multiple myeloma", MYELOMA),
            Map.entry("mm", MYELOMA),
            Map.entry("plasmacytoma", MYELOMA));

    /** Normalises a diagnosis text (case, spaces, aliases such as "renal cell carcinoma"); empty if unknown. */
    public static Optional<Diagnosis> lookup(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String k =
                text.trim().toLowerCase(Locale.ROOT).replaceAll("[_\\-]", " ").replaceAll("\\s+", " ");
        return Optional.ofNullable(ALIASES.get(k));
    }
}
