package org.hemamet.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.DecisionCurveRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ValidationFiles;
import org.hemamet.contract.ValidationRow;
import org.hemamet.core.HemametException;
import org.hemamet.core.TestTrees;
import org.hemamet.metrics.DeLong;
import org.hemamet.metrics.DecisionCurve;
import org.hemamet.predict.Exporter;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.study.DecisionCurves;
import org.hemamet.study.StudyFixturesAccess;
import org.hemamet.study.StudyRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny study (T1 and T2, hemangioma vs metastases), its T1 model exported, and a second cohort made with
 * another seed (other patients, two lesions for some) validated against it through the CLI.
 */
@Tag("slow")
class ExternalValidationTest {
    /** A name standing for patient data in the external cohort's folder names: must reach no output. */
    static final String MARKER = "ROSSI_THOMAS_19540124";

    @TempDir
    static Path tmp;

    static Path dev;
    static Path run;
    static Path bundle;
    static Path external;

    @BeforeAll
    static void study() throws Exception {
        dev = StudyFixturesAccess.separable(tmp.resolve("dev"), 24, 24, 32, 1, 1);
        ingestReport(dev, LesionCropper.Params.DEFAULT.key());
        run = tmp.resolve("run");
        new StudyRunner(StudyFixturesAccess.tinyConfig(7), dev, run, null).run();
        bundle = tmp.resolve("bundle");
        Exporter.export(run, "T1/hemangioma-vs-metastases", 0, bundle);
        external = externalCohort(tmp.resolve(MARKER).resolve("site-b"), 99, LesionCropper.Params.DEFAULT.key());
    }

    /** A second cohort: another seed, its patients renamed so no key is shared with the development set. */
    static Path externalCohort(Path dir, long seed, String cropKey) throws Exception {
        StudyFixturesAccess.separable(dir, 10, 10, 32, seed, 2);
        List<DatasetSample> renamed = new ArrayList<>();
        for (DatasetSample s : DatasetManifest.read(dir)) {
            renamed.add(withPatient(s, "b" + s.patientKey()));
        }
        DatasetManifest.write(dir, renamed);
        ingestReport(dir, cropKey);
        return dir;
    }

    static DatasetSample withPatient(DatasetSample s, String patient) {
        return s.withIdentity(s.sampleId(), patient, s.sequence(), s.cropPath());
    }

    static void ingestReport(Path dir, String key) throws Exception {
        Files.writeString(dir.resolve("ingest-report.json"), "{\"params\":{\"key\":\"" + key + "\"}}\n");
    }

    @Test
    void metricsEqualAnIndependentComputationFromThePredictionsFileAtTheBundlesThreshold() throws Exception {
        Path out = tmp.resolve("val-model");
        CliResult r = CliRun.run(
                "validate",
                "--model",
                bundle.toString(),
                "--dataset",
                external.toString(),
                "--out",
                out.toString(),
                "--resamples",
                "200");
        assertThat(r.exit()).as(r.both()).isZero();
        List<ValidationRow> rows = ValidationFiles.readResults(out);
        assertThat(rows).hasSize(1);
        ValidationRow row = rows.get(0);
        assertThat(row.status()).isEqualTo(ValidationRow.OK);
        assertThat(row.cellId()).isEqualTo("T1__hemangioma-vs-metastases__r0");

        List<PredictionRow> preds = ValidationFiles.readPredictions(out);
        long expectedLesions = DatasetManifest.read(external).stream()
                .filter(s -> s.sequence().name().equals("T1"))
                .count();
        assertThat(preds).hasSize((int) expectedLesions);
        int[] labels = preds.stream().mapToInt(PredictionRow::label).toArray();
        double[] scores = preds.stream().mapToDouble(PredictionRow::score).toArray();
        String[] patients = preds.stream().map(PredictionRow::patientKey).toArray(String[]::new);
        // some external patients have two lesions: the CI is at the patient level (Newcombe at the design effect)
        assertThat(row.ciLevel()).isEqualTo("patient");
        assertThat(row.nPatients()).isEqualTo(20);
        var auc = org.hemamet.metrics.NewcombeAuc.auc(labels, scores, patients, 0.95);
        assertThat(auc.method()).isEqualTo(org.hemamet.metrics.NewcombeAuc.CLUSTERED_METHOD);
        assertThat(row.auc())
                .isEqualTo(DeLong.auc(labels, scores, 0.95).value(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(row.aucLo()).isEqualTo(auc.lower(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(row.aucHi()).isEqualTo(auc.upper(), org.assertj.core.api.Assertions.within(1e-12));

        // the threshold is the development bundle's, and every decision is made at it
        BundleMetadata meta = BundleFiles.typed(BundleFiles.readMetadata(bundle.resolve(BundleFiles.METADATA)));
        assertThat(row.threshold()).isEqualTo(meta.threshold());
        int tp = 0;
        int pos = 0;
        for (PredictionRow p : preds) {
            assertThat(p.predicted()).isEqualTo(p.score() >= meta.threshold() ? 1 : 0);
            // the calibration is the bundle's, not refitted, moved as predict moves it: from its fit prevalence to
            // the development cohort's the bundle records
            double z = meta.calibration().intercept()
                    + meta.calibration().slope() * org.hemamet.metrics.LogisticCalibration.logit(p.score())
                    + org.hemamet.metrics.LogisticCalibration.logit(
                            meta.calibration().developmentPrevalence().value())
                    - org.hemamet.metrics.LogisticCalibration.logit(
                            meta.calibration().fitPrevalence());
            assertThat(p.calibrated()).isCloseTo(1 / (1 + Math.exp(-z)), org.assertj.core.api.Assertions.within(1e-9));
            tp += p.label() == 1 && p.predicted() == 1 ? 1 : 0;
            pos += p.label();
        }
        assertThat(row.sensitivity()).isEqualTo((double) tp / pos, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(row.internalAuc()).isEqualTo(meta.testMetrics().auc().value());
        // the exported bundle alone (no run, no --development): its recorded development hashes are checked,
        // and the report says what was checked
        assertThat(meta.development().patients()).hasSize(48);
        var prov = ValidationFiles.readProvenance(out);
        // the machine and the engine as they ran, as a run's provenance records them (no host name)
        assertThat(prov.machine().cpu()).isNotBlank();
        assertThat(prov.machine().os()).isNotBlank();
        assertThat(prov.machine().availableProcessors()).isPositive();
        assertThat(prov.machine().hostHash()).matches("[0-9a-f]{12}|unknown");
        assertThat(prov.engine()).containsEntry("device", "cpu").containsKeys("precision", "pytorch_version");
        String overlap = prov.overlapCheck();
        assertThat(overlap)
                .startsWith("checked: the dataset hash differs")
                .contains("with the 48 patient and ")
                .contains("hashes the bundle records")
                .doesNotContain("Not checked");
        assertThat(Files.readString(out.resolve(ValidationFiles.REPORT))).contains("hashes the bundle records");
        assertThat(Files.readString(out.resolve(ValidationFiles.REPORT)))
                .contains("External validation")
                .contains("Internal AUC")
                .contains("The decision threshold and the calibration (temperature scaling in models of this version,"
                        + " Platt scaling in older ones) are the development study&#39;s")
                .doesNotContain("the Platt calibration")
                .doesNotContain("Platt scaling (fitted");
        assertThat(out.resolve(ValidationFiles.FIGURES).resolve("roc-external.png"))
                .exists();
        // the decision curve of the one model is drawn, beside the table
        assertThat(out.resolve(ValidationFiles.FIGURES).resolve("decision-external-T1.png"))
                .isNotEmptyFile();
        assertThat(Files.readString(out.resolve(ValidationFiles.REPORT)))
                .contains("figures/decision-external-T1.png")
                .contains("Decision curves on the external dataset: T1");
        // decision curves on the external lesions: raw, and calibrated moved to the development cohort's prevalence
        // that the exported bundle records (as predict moves them; the same as the run's split.csv gives)
        List<DecisionCurveRow> curves = ValidationFiles.readDecisionCurves(out);
        assertThat(curves).hasSize(2 * 99);
        DecisionCurveRow at20 = curves.stream()
                .filter(c ->
                        c.probability().equals(DecisionCurveRow.CALIBRATED) && Math.abs(c.threshold() - 0.2) < 1e-9)
                .findFirst()
                .orElseThrow();
        double dev = meta.calibration().developmentPrevalence().value();
        assertThat(dev).isEqualTo(DecisionCurves.prevalenceBeforeBalancing(run, row.cellId()));
        assertThat(at20.probabilityPrevalence()).isEqualTo(dev);
        assertThat(row.calibratedPrevalence()).isEqualTo(dev);
        double[] calibrated =
                preds.stream().mapToDouble(PredictionRow::calibrated).toArray();
        assertThat(at20.netBenefit()).isEqualTo(DecisionCurve.netBenefit(labels, calibrated, 0.2));
        assertThat(at20.nTestPatients()).isEqualTo(20);
        assertThat(at20.resamples()).isEqualTo(200);
        assertThat(Files.readString(out.resolve(ValidationFiles.REPORT)))
                .contains("<table id=\"validation-decision-curve-table\">")
                .contains(
                        "calibrated (at " + String.format(java.util.Locale.ROOT, "%.3f", at20.probabilityPrevalence()));
        assertNoPathReachesOutputs(out);
    }

    @Test
    void aWholeRunValidatesEveryCellOnItsSequenceWithInternalAndExternalAuc() throws Exception {
        Path out = tmp.resolve("val-run");
        CliResult r = CliRun.run(
                "validate",
                "--run",
                run.toString(),
                "--dataset",
                external.toString(),
                "--out",
                out.toString(),
                "--resamples",
                "50");
        assertThat(r.exit()).as(r.both()).isZero();
        List<ValidationRow> rows = ValidationFiles.readResults(out);
        assertThat(rows).extracting(ValidationRow::sequence).containsExactly("T1", "T2");
        assertThat(rows).allSatisfy(v -> assertThat(v.internalAuc()).isNotNull());
        assertThat(ValidationFiles.readPredictions(out))
                .allSatisfy(p -> assertThat(p.sampleId()).endsWith("_" + p.sequence()));
        // with the run at hand, the calibrated probabilities are moved to each cell's training prevalence before
        // balancing, as the study's own decision curves
        List<DecisionCurveRow> curves = ValidationFiles.readDecisionCurves(out);
        assertThat(curves.stream().filter(c -> c.probability().equals(DecisionCurveRow.CALIBRATED)))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.probabilityPrevalence())
                        .isEqualTo(DecisionCurves.prevalenceBeforeBalancing(run, c.cellId())));
        // one decision-curve figure per sequence
        assertThat(out.resolve(ValidationFiles.FIGURES).resolve("decision-external-T1.png"))
                .isNotEmptyFile();
        assertThat(out.resolve(ValidationFiles.FIGURES).resolve("decision-external-T2.png"))
                .isNotEmptyFile();
        assertThat(ValidationFiles.readProvenance(out).overlapCheck())
                .startsWith("checked: the dataset hash differs")
                .contains("no shared patient pseudonym key")
                .contains("with the development dataset's 48 patients")
                .doesNotContain("Not checked");
        assertNoPathReachesOutputs(out);
    }

    @Test
    void aWholeRunWithEarlyFusionValidatesTheFusedCellOnePredictionPerLesion() throws Exception {
        Path fusedRun = tmp.resolve("run-early");
        new StudyRunner(StudyFixturesAccess.tinyConfig(7).withFusion(List.of("early")), dev, fusedRun, null).run();
        Path out = tmp.resolve("val-run-early");
        CliResult r = CliRun.run(
                "validate",
                "--run",
                fusedRun.toString(),
                "--dataset",
                external.toString(),
                "--out",
                out.toString(),
                "--resamples",
                "50");
        assertThat(r.exit()).as(r.both()).isZero();
        List<ValidationRow> rows = ValidationFiles.readResults(out);
        assertThat(rows).extracting(ValidationRow::sequence).containsExactly("T1", "T2", "T1+T2");
        ValidationRow early = rows.get(2);
        assertThat(early.internalAuc()).isNotNull();
        // one prediction per external lesion that has either sequence (the per-sequence cells: one per crop)
        long lesions = DatasetManifest.read(external).stream()
                .map(x -> x.patientKey() + "/" + x.lesionId())
                .distinct()
                .count();
        var earlyPredictions = ValidationFiles.readPredictions(out).stream()
                .filter(x -> x.sequence().equals("T1+T2"))
                .toList();
        assertThat(earlyPredictions).hasSize((int) lesions);
        assertThat(earlyPredictions).allSatisfy(x -> assertThat(x.model()).isEqualTo("fusion-early"));
        assertThat(earlyPredictions)
                .extracting(x -> x.patientKey() + "/" + x.lesionId())
                .doesNotHaveDuplicates();
        assertNoPathReachesOutputs(out);
    }

    /**
     * External lesions drawn on axial slices lie outside a model trained on sagittal ones (predict refuses such an
     * image): left out of its evaluation and counted, in validation.json, the report and the output; kept with
     * --allow-anatomy-mismatch, and counted all the same.
     */
    @Test
    void lesionsOutsideTheModelsAnatomyAreLeftOutAndCountedUnlessAllowed() throws Exception {
        Path site = TestTrees.copy(external, tmp.resolve("axial-site"));
        List<DatasetSample> samples = new ArrayList<>(DatasetManifest.read(site));
        int t1 = 0;
        int axial = 0;
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).sequence().name().equals("T1")) {
                t1++;
                if (axial < 2) {
                    samples.set(i, samples.get(i).toBuilder().plane("AXIAL").build());
                    axial++;
                }
            }
        }
        DatasetManifest.write(site, samples);
        // the site's ingest report: 2 of its T1 crops from lossy-compressed DICOM
        var report = (com.fasterxml.jackson.databind.node.ObjectNode) org.hemamet.core.Json.mapper()
                .readTree(site.resolve("ingest-report.json").toFile());
        var bySequence = report.putObject("source_formats").putObject("by_sequence");
        bySequence.putObject("T1").put("dicom", t1 - 2).put("dicom-lossy", 2);
        bySequence.putObject("T2").put("dicom", samples.size() - t1);
        Files.writeString(site.resolve("ingest-report.json"), report.toString());
        String cell = "T1__hemangioma-vs-metastases__r0";

        Path out = tmp.resolve("val-axial");
        CliResult r = validateModel(site, out);
        assertThat(ValidationFiles.readPredictions(out)).hasSize(t1 - 2);
        assertThat(outOfScope(out)).isEqualTo("{\"" + cell + "\":2} kept=false");
        assertThat(r.out()).contains(cell + ": 2 external lesion(s) outside the model's anatomy left out");
        assertThat(Files.readString(out.resolve(ValidationFiles.REPORT)))
                .contains("left out of that model&#39;s evaluation: " + cell + ": 2 lesions")
                // the external crops' sources, from the site's ingest-report.json
                .contains("External crops were cut from: " + (samples.size() - 2) + " lossless DICOM, 2"
                        + " lossy-compressed DICOM (")
                .contains("2 of the " + samples.size() + " came from lossy-compressed pixels");
        assertThat(org.hemamet.core.Json.mapper()
                        .readTree(out.resolve("validation.json").toFile())
                        .path("external_source_formats")
                        .toString())
                .isEqualTo("{\"dicom\":" + (samples.size() - 2) + ",\"dicom-lossy\":2}");

        Path kept = tmp.resolve("val-axial-kept");
        validateModel(site, kept, "--allow-anatomy-mismatch");
        assertThat(ValidationFiles.readPredictions(kept)).hasSize(t1);
        assertThat(outOfScope(kept)).isEqualTo("{\"" + cell + "\":2} kept=true");
    }

    /** validate --model (the T1 bundle) on {@code dataset} into {@code out}, 50 resamples; asserts exit 0. */
    private static CliResult validateModel(Path dataset, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "validate",
                "--model",
                bundle.toString(),
                "--dataset",
                dataset.toString(),
                "--out",
                out.toString(),
                "--resamples",
                "50"));
        args.addAll(List.of(more));
        CliResult r = CliRun.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.both()).isZero();
        return r;
    }

    /** validation.json's out_of_scope and out_of_scope_kept, as "{...} kept=B". */
    private static String outOfScope(Path out) throws Exception {
        var json = org.hemamet.core.Json.mapper()
                .readTree(out.resolve("validation.json").toFile());
        return json.path("out_of_scope") + " kept="
                + json.path("out_of_scope_kept").asBoolean();
    }

    @Test
    void aDatasetCroppedOtherwiseIsRefusedNamingBothParameterSets() throws Exception {
        String other = new LesionCropper.Params(128, 0.1, true, 0.5, 99.5).key();
        Path ext = externalCohort(tmp.resolve("other-crop"), 5, other);
        CliResult r = CliRun.run(
                "validate",
                "--model",
                bundle.toString(),
                "--dataset",
                ext.toString(),
                "--out",
                tmp.resolve("val-crop").toString());
        assertThat(r.exit()).as(r.both()).isEqualTo(HemametException.INVALID_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(other).contains(LesionCropper.Params.DEFAULT.key());
        assertThat(tmp.resolve("val-crop")).doesNotExist();
    }

    @Test
    void aDatasetSharingAPatientWithTheDevelopmentSetIsRefused() throws Exception {
        Path ext = externalCohort(tmp.resolve("overlap"), 6, LesionCropper.Params.DEFAULT.key());
        List<DatasetSample> samples = new ArrayList<>(DatasetManifest.read(ext));
        String devPatient = DatasetManifest.read(dev).get(0).patientKey();
        samples.set(0, withPatient(samples.get(0), devPatient));
        DatasetManifest.write(ext, samples);
        CliResult r = CliRun.run(
                "validate",
                "--model",
                bundle.toString(),
                "--dataset",
                ext.toString(),
                "--development",
                dev.toString(),
                "--out",
                tmp.resolve("val-overlap").toString());
        assertThat(r.exit()).as(r.both()).isEqualTo(HemametException.DATA_STATE);
        assertThat(r.err()).contains("shares 1 patients");
        // without --development: refused by the patient hashes the exported bundle records
        CliResult byHashes = CliRun.run(
                "validate",
                "--model",
                bundle.toString(),
                "--dataset",
                ext.toString(),
                "--out",
                tmp.resolve("val-overlap-hashes").toString());
        assertThat(byHashes.exit()).as(byHashes.both()).isEqualTo(HemametException.DATA_STATE);
        assertThat(byHashes.err()).contains("shares 1 patients").contains("hashes the bundle records");
        assertThat(tmp.resolve("val-overlap-hashes")).doesNotExist();
        // the development dataset itself is refused by its hash
        CliResult self = CliRun.run(
                "validate",
                "--run",
                run.toString(),
                "--dataset",
                dev.toString(),
                "--out",
                tmp.resolve("val-self").toString());
        assertThat(self.exit()).as(self.both()).isEqualTo(HemametException.DATA_STATE);
    }

    /** No output file or name holds the external cohort's folder names or paths (PhiLeakTest's scan). */
    static void assertNoPathReachesOutputs(Path out) throws Exception {
        assertNoPathReachesOutputs(out, tmp);
    }

    /** As {@link #assertNoPathReachesOutputs(Path)}, for a test whose files lie under {@code root}. */
    static void assertNoPathReachesOutputs(Path out, Path root) throws Exception {
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                assertThat(p.getFileName().toString()).doesNotContain(MARKER);
                if (Files.isRegularFile(p)) {
                    String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                    assertThat(text).as(out.relativize(p) + " holds a path").doesNotContain(MARKER);
                    assertThat(text).doesNotContain(root.toString());
                }
            }
        }
    }
}
