package org.hemamet.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code hemamet predict --model FUSED_BUNDLE --out FILE.csv}: a lesion imaged on several sequences,
 * its crops grouped by the ids the data already carry (a dataset's patient_key and lesion_id; a VIA file's
 * region attribute lesion_id, one VIA file being one patient).
 *
 * @param patientKey           the dataset's patient pseudonym key ("" for a VIA file)
 * @param lesionId             the lesion id
 * @param sequences            the bundle's sequences the lesion has, joined by '+'
 * @param missing              the bundle's sequences it lacks, joined by '+' ("" when none)
 * @param memberProbabilities  each member's P(positive), {@code SEQ=p} joined by ';'
 * @param method               the stacking model used: {@code logistic} or {@code mean-logit}
 * @param probability          the fused P(positive class)
 * @param decision             the class decided at the bundle's threshold
 * @param threshold            that threshold
 * @param calibratedProbability the fused P(positive class) at {@code prevalence}: a late-fused model's moved by the
 *                             prior odds from its stacking set's prevalence ({@link FusionBundle#moved}), an
 *                             early-fused network's calibrated as its bundle says; null where the bundle records
 *                             neither (older versions)
 * @param prevalence           the prevalence it assumes: the development cohort's before class balancing (null
 *                             likewise)
 * @param sourceFormats        for a VIA file's lesion, what each sequence's crop was cut from, {@code SEQ=format}
 *                             joined by ';' (format {@code dicom}, {@code dicom-lossy}, {@code dicom-capture},
 *                             {@code png} or {@code jpeg}, as ingest-report.json's source_formats); "" for a
 *                             dataset's lesion (its ingest-report.json has them)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FusedPredictionRow(
        String patientKey,
        String lesionId,
        String sequences,
        String missing,
        String memberProbabilities,
        String method,
        double probability,
        String decision,
        double threshold,
        Double calibratedProbability,
        Double prevalence,
        String sourceFormats) {}
