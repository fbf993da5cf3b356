package org.hemamet.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.Interval;
import org.hemamet.contract.ValidationRow;
import org.hemamet.core.HemametException;
import org.hemamet.metrics.LogisticCalibration;
import org.hemamet.predict.BundleInfo;
import org.hemamet.preprocess.LesionCropper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validation's refusals and its evaluation, without a network (fast). */
class ValidationChecksTest {
    @TempDir
    Path tmp;

    static DatasetSample sample(String patient, String lesion, Diagnosis d, String sourceSha) {
        return DatasetSample.builder(
                        patient + "_" + lesion + "_T1",
                        patient,
                        lesion,
                        d,
                        Sequence.T1,
                        "crops/" + patient + "_" + lesion + "_T1.png")
                .sourceSha256(sourceSha)
                .roi("rect", 0, 0, 10, 10)
                .acquisition("", 1.5, 500, 10, Double.NaN, 0.8)
                .build();
    }

    static String sha(int i) {
        return String.format("%064x", i + 1);
    }

    Development devWith(List<DatasetSample> samples) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("dev"));
        DatasetManifest.write(d, samples);
        return new Development(LesionCropper.Params.DEFAULT.key(), "defaults", "abc", d, "");
    }

    @Test
    void otherCropParametersAreRefusedWithExit2NamingBoth() {
        Development dev = new Development(LesionCropper.Params.DEFAULT.key(), "the bundle's input.crop", "", null, "x");
        String other = new LesionCropper.Params(256, 0.2, true, 0.5, 99.5).key();
        assertThatThrownBy(() -> ExternalValidation.checkCrop(tmp, other, dev))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageContaining(other)
                .hasMessageContaining(LesionCropper.Params.DEFAULT.key());
        ExternalValidation.checkCrop(tmp, LesionCropper.Params.DEFAULT.key(), dev); // equal: accepted
    }

    @Test
    void aSharedPatientKeyOrSourceImageIsRefusedWithExit3() throws Exception {
        Development dev = devWith(List.of(
                sample("aaaa", "L1", Diagnosis.HEMANGIOMA, sha(1)), sample("bbbb", "L1", Diagnosis.LUNG, sha(2))));
        List<DatasetSample> disjoint = List.of(
                sample("cccc", "L1", Diagnosis.HEMANGIOMA, sha(3)),
                sample("dddd", "L1", Diagnosis.LUNG, "0".repeat(64)));
        assertThat(ExternalValidation.checkOverlap(tmp, disjoint, "ext", dev, null))
                .isEqualTo("checked: the dataset hash differs from the development dataset's (abc); no shared source"
                        + " image (SHA-256) with the development dataset's 2 patients and 2 source images; no shared"
                        + " patient pseudonym key with them (comparable only when both datasets were ingested with"
                        + " the same key file)");
        List<DatasetSample> samePatient = List.of(sample("bbbb", "L2", Diagnosis.LUNG, sha(4)));
        assertThatThrownBy(() -> ExternalValidation.checkOverlap(tmp, samePatient, "ext", dev, null))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessageContaining("shares 1 patients");
        List<DatasetSample> sameImage = List.of(sample("eeee", "L1", Diagnosis.LUNG, sha(2)));
        assertThatThrownBy(() -> ExternalValidation.checkOverlap(tmp, sameImage, "ext", dev, null))
                .hasMessageContaining("1 source images");
        assertThatThrownBy(() -> ExternalValidation.checkOverlap(tmp, disjoint, "abc", dev, null))
                .hasMessageContaining("is the development dataset itself");
        Development unknown = new Development("k", "defaults", "", null, "the development dataset is not known");
        assertThat(ExternalValidation.checkOverlap(tmp, disjoint, "ext", unknown, null))
                .isEqualTo("checked: nothing. Not checked: whether it is the development dataset itself (the model"
                        + " records no dataset hash); shared patients and source images: the development dataset is"
                        + " not known, and the bundle records no development patient or image hashes (export it"
                        + " with 'hemamet export' from its run while the run's dataset is in place)");
    }

    /** A bundle that records its development patients' and images' hashes: checked without the dataset. */
    static BundleMetadata withDevelopment(String salt, List<String> patients, List<String> images) {
        return BundleFiles.typed(java.util.Map.of(
                "params_sha256",
                salt,
                "development",
                java.util.Map.of(
                        "dataset_sha256",
                        "abc",
                        "scope",
                        BundleMetadata.Development.ALL_PATIENTS,
                        "patients",
                        patients.stream()
                                .map(p -> BundleMetadata.Development.hash(salt, p))
                                .toList(),
                        "source_images",
                        images.stream()
                                .map(h -> BundleMetadata.Development.hash(salt, h))
                                .toList())));
    }

    @Test
    void withoutTheDevelopmentDatasetTheBundlesRecordedHashesAreCheckedAndTheReportSaysSo() {
        String salt = "f".repeat(64);
        BundleMetadata meta = withDevelopment(salt, List.of("aaaa", "bbbb"), List.of(sha(1), sha(2)));
        Development gone = new Development("k", "defaults", "abc", null, "the development dataset is not known");
        List<DatasetSample> disjoint = List.of(
                sample("cccc", "L1", Diagnosis.HEMANGIOMA, sha(3)), sample("dddd", "L1", Diagnosis.LUNG, sha(4)));
        String said = ExternalValidation.checkOverlap(tmp, disjoint, "ext", gone, meta);
        assertThat(said)
                .startsWith("checked: the dataset hash differs from the development dataset's (abc); no shared"
                        + " source image (SHA-256) with the 2 patient and 2 source image hashes the bundle records"
                        + " (" + BundleMetadata.Development.ALL_PATIENTS)
                .contains("no shared patient pseudonym key")
                .doesNotContain("Not checked");
        assertThatThrownBy(() -> ExternalValidation.checkOverlap(
                        tmp, List.of(sample("bbbb", "L9", Diagnosis.LUNG, sha(9))), "ext", gone, meta))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessageContaining("shares 1 patients")
                .hasMessageContaining("hashes the bundle records");
        assertThatThrownBy(() -> ExternalValidation.checkOverlap(
                        tmp, List.of(sample("zzzz", "L1", Diagnosis.LUNG, sha(2))), "ext", gone, meta))
                .hasMessageContaining("and 1 source images");
        // another bundle's salt: the same patients do not match (the lists are salted per bundle)
        BundleMetadata other = withDevelopment("e".repeat(64), List.of("aaaa", "bbbb"), List.of(sha(1), sha(2)));
        BundleMetadata mixed = BundleFiles.typed(java.util.Map.of(
                "params_sha256", salt, "development", BundleFiles.asMap(other).get("development")));
        assertThat(ExternalValidation.checkOverlap(
                        tmp, List.of(sample("bbbb", "L9", Diagnosis.LUNG, sha(9))), "ext", gone, mixed))
                .startsWith("checked:");
    }

    @Test
    void theEvaluationUsesTheBundlesThresholdAndCalibrationAndClustersByPatient() {
        Random r = new Random(3);
        List<DatasetSample> lesions = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int p = 0; p < 30; p++) {
            boolean pos = p % 2 == 0;
            for (int l = 0; l <= p % 3; l++) {
                lesions.add(sample("p" + p, "L" + l, pos ? Diagnosis.LUNG : Diagnosis.HEMANGIOMA, sha(p * 10 + l)));
                labels.add(pos ? 1 : 0);
            }
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        double[] s = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            s[i] = 1 / (1 + Math.exp(-(y[i] - 0.5 + r.nextGaussian())));
        }
        var platt = new LogisticCalibration(-0.3, 1.7, 0, 0, "", Double.NaN, Double.NaN);
        var model = new ValidationEvaluation.Model(
                "T1__hemangioma-vs-metastases__r0",
                "T1",
                "hemangioma-vs-metastases",
                0,
                0.62,
                "fixed 0.62",
                new BundleInfo.Calibration("platt", platt, 0.5, "test", Double.NaN, Double.NaN),
                new Interval(0.9, 0.8, 0.95),
                "ff");
        ValidationEvaluation ev = ValidationEvaluation.of(model, lesions, y, s, 1, 100);
        ValidationRow row = ev.row();
        String[] patients = lesions.stream().map(DatasetSample::patientKey).toArray(String[]::new);
        var auc = org.hemamet.metrics.NewcombeAuc.auc(y, s, patients, 0.95);
        assertThat(row.ciLevel()).isEqualTo("patient");
        assertThat(row.nPatients()).isEqualTo(30);
        assertThat(row.aucLo()).isCloseTo(auc.lower(), within(1e-12));
        assertThat(row.threshold()).isEqualTo(0.62);
        assertThat(row.internalAuc()).isEqualTo(0.9);
        int tp = 0;
        int pos = 0;
        for (int i = 0; i < y.length; i++) {
            var p = ev.predictions().get(i);
            assertThat(p.predicted()).isEqualTo(s[i] >= 0.62 ? 1 : 0);
            assertThat(p.calibrated()).isCloseTo(platt.apply(s[i]), within(1e-12));
            tp += y[i] == 1 && s[i] >= 0.62 ? 1 : 0;
            pos += y[i];
        }
        assertThat(row.sensitivity()).isCloseTo((double) tp / pos, within(1e-12));
        assertThat(row.calibratedBrier()).isNotEqualTo(row.brier());
    }

    @Test
    void aModelWithoutBothClassesExternallyIsNoDataNotAnError() {
        List<DatasetSample> lesions = List.of(sample("p1", "L1", Diagnosis.LUNG, sha(1)));
        var model = new ValidationEvaluation.Model(
                "c", "T1", "hemangioma-vs-metastases", 0, 0.5, "fixed", null, Interval.NONE, "ff");
        ValidationEvaluation ev = ValidationEvaluation.of(model, lesions, new int[] {1}, new double[] {0.7}, 1, 10);
        assertThat(ev.row().status()).isEqualTo(ValidationRow.NO_DATA);
        assertThat(ev.row().auc()).isNull();
        assertThat(ev.roc()).isNull();
    }
}
