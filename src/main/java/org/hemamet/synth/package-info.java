/**
 * Physics-based synthetic spine MRI cohort ({@code hemamet synth}, docs/phantom.md).
 *
 * <p>Output of {@code hemamet synth --out DIR}: {@code DIR/cohort/} is the user-facing cohort (contracts.md A:
 * cohort.csv, dicom/, png/, annotations/via_project.json); {@code DIR/ground-truth/} is kept apart (lesions.csv
 * with subtype, atypical flag, true tissue values and acquisition per lesion x sequence; masks/&lt;patient&gt;/L1_&lt;SEQ&gt;.png
 * and marrow_&lt;SEQ&gt;.png at the exported slice's geometry; parameters.json with the merged parameter table and seed).
 *
 * <p>Default composition (phantom-defaults.json, {@code cohort.counts}): 352 patients = 109 hemangiomas (30 % atypical)
 * + 243 metastases (breast 70, lung 55, prostate 50, RCC 33, myeloma 35); per-class mean ages 57/59/63/69/62/64
 * (cohort mean about 61). {@code --patients N} scales by largest remainder with at least 3 per class.
 * All tissue, sequence, scanner, lesion and image-formation parameters are in
 * {@code org/hemamet/synth/phantom-defaults.json}; {@code --params FILE} deep-merges over it.
 */
package org.hemamet.synth;
