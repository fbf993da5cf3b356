package org.hemamet.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.FusedPredictionRow;
import org.hemamet.contract.FusionBundle;
import org.hemamet.contract.FusionBundleFiles;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.ValidationFiles;
import org.hemamet.contract.ValidationRow;
import org.hemamet.core.Csv;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.study.EarlyFusion;
import org.hemamet.study.LateFusion;
import org.hemamet.study.StudyFixturesAccess;
import org.hemamet.study.StudyRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny study with late fusion (T1 and T2, hemangioma vs metastases), its late-fused model exported ({@code
 * export --fusion late}), and a second cohort (another seed, other patients, some with two lesions, every fourth
 * patient without T2) validated against it through the CLI, with {@code --model} and with {@code --run}.
 */
@Tag("slow")
class LateFusedValidationTest {
    static final String CMP = "hemangioma-vs-metastases";
    static final String CELL = LateFusion.NAME_MODEL + "__" + CMP + "__r0";

    /**
     * Crop parameters other than the defaults (as the demo's, which scale per slice): a run's cell models record
     * none, so validate --run must take them from the development dataset, not from the members' defaults.
     */
    static final String CROP = new LesionCropper.Params(256, 0.2, true, 0.5, 99.5).key();

    @TempDir
    static Path tmp;

    static Path run;
    static Path bundle;
    static Path external;

    @BeforeAll
    static void study() throws Exception {
        Path dev = StudyFixturesAccess.separable(tmp.resolve("dev"), 24, 24, 32, 1, 1);
        ExternalValidationTest.ingestReport(dev, CROP);
        run = tmp.resolve("run");
        new StudyRunner(
                        StudyFixturesAccess.tinyConfig(7).withFusion(List.of(LateFusion.NAME, EarlyFusion.NAME)),
                        dev,
                        run,
                        null)
                .run();
        bundle = tmp.resolve("fused");
        CliResult e = CliRun.run(
                "export", run.toString(), "--fusion", "late", "--comparison", CMP, "--out", bundle.toString());
        assertThat(e.exit()).as(e.both()).isZero();
        external = ExternalValidationTest.externalCohort(
                tmp.resolve(ExternalValidationTest.MARKER).resolve("site-b"), 99, CROP);
        List<DatasetSample> kept = new ArrayList<>();
        for (DatasetSample s : DatasetManifest.read(external)) {
            int patient = Integer.parseInt(s.patientKey().substring(2)); // "bp0003"
            if (!(s.sequence() == Sequence.T2 && patient % 4 == 0)) {
                kept.add(s);
            }
        }
        DatasetManifest.write(external, kept);
    }

    static long lesions() {
        return DatasetManifest.read(external).stream()
                .map(x -> x.patientKey() + "/" + x.lesionId())
                .distinct()
                .count();
    }

    static CliResult validate(String what, Path from, Path out) {
        return CliRun.run(
                "validate",
                what,
                from.toString(),
                "--dataset",
                external.toString(),
                "--out",
                out.toString(),
                "--resamples",
                "50");
    }

    static Map<String, Double> byLesion(List<PredictionRow> rows) {
        Map<String, Double> m = new HashMap<>();
        rows.forEach(p -> assertThat(m.put(p.patientKey() + "/" + p.lesionId(), p.score()))
                .as(p.lesionKey() + " predicted twice")
                .isNull());
        return m;
    }

    @Test
    void aFusedBundleGivesOneRowAndPerLesionPredictionsEqualToPredictDataset() throws Exception {
        Path out = tmp.resolve("val-model");
        CliResult r = validate("--model", bundle, out);
        assertThat(r.exit()).as(r.both()).isZero();
        FusionBundle b = FusionBundleFiles.read(bundle);
        List<ValidationRow> rows = ValidationFiles.readResults(out);
        assertThat(rows).hasSize(1);
        ValidationRow row = rows.get(0);
        assertThat(row.cellId()).isEqualTo(CELL);
        assertThat(row.sequence()).isEqualTo("T1+T2");
        assertThat(row.status()).isEqualTo(ValidationRow.OK);
        assertThat(row.auc()).isNotNull();
        // the threshold and the internal AUC are the development study's (fusion.json); nothing calibrates it
        assertThat(row.threshold()).isEqualTo(b.threshold());
        assertThat(row.internalAuc()).isEqualTo(b.testAuc().value());
        // no calibration is fitted: the calibrated columns are the stacking probability moved by the prior odds
        // from the stacking set's prevalence to the development one, both recorded in fusion.json
        assertThat(b.stackingPrevalence()).isBetween(0.3, 0.7);
        assertThat(b.developmentPrevalence()).isBetween(0.01, 0.99);
        assertThat(row.calibratedPrevalence()).isEqualTo(b.developmentPrevalence());
        assertThat(row.calibratedBrier()).isNotNull().isNotNaN();
        assertThat(row.paramsSha256())
                .isEqualTo(b.members().get(0).paramsSha256() + "+"
                        + b.members().get(1).paramsSha256());

        List<PredictionRow> preds = ValidationFiles.readPredictions(out);
        assertThat(preds).hasSize((int) lesions());
        assertThat(preds).allSatisfy(p -> {
            assertThat(p.model()).isEqualTo(LateFusion.NAME_MODEL);
            assertThat(p.predicted()).isEqualTo(p.score() >= b.threshold() ? 1 : 0);
            assertThat(p.calibrated()).isCloseTo(b.moved(p.score()), within(1e-12));
        });
        Map<String, Double> validated = byLesion(preds);

        // predict --dataset with the same bundle on the same dataset: the same probability for every lesion
        Path predicted = tmp.resolve("predict.csv");
        CliResult p = CliRun.run(
                "predict",
                "--model",
                bundle.toString(),
                "--dataset",
                external.toString(),
                "--out",
                predicted.toString());
        assertThat(p.exit()).as(p.both()).isZero();
        List<FusedPredictionRow> fromPredict = Csv.read(predicted, FusedPredictionRow.class);
        assertThat(fromPredict).hasSize(validated.size());
        int lackingT2 = 0;
        for (FusedPredictionRow f : fromPredict) {
            String key = f.patientKey() + "/" + f.lesionId();
            assertThat(validated.get(key)).as(key).isCloseTo(f.probability(), within(1e-12));
            assertThat(f.calibratedProbability()).as(key).isCloseTo(b.moved(f.probability()), within(1e-12));
            assertThat(f.prevalence()).isEqualTo(b.developmentPrevalence());
            lackingT2 += f.missing().equals("T2") ? 1 : 0;
        }
        // the bundle alone: the overlap is checked against the development hashes its members record
        assertThat(ValidationFiles.readProvenance(out).overlapCheck())
                .startsWith("checked: the dataset hash differs")
                .contains("hashes the bundle records")
                .doesNotContain("Not checked");
        assertThat(ValidationFiles.readProvenance(out).bundles()).containsEntry(CELL, row.paramsSha256());
        assertThat(Files.readString(out.resolve(ValidationFiles.REPORT)))
                .contains(CELL)
                .contains("A late-fused model (fusion-late) has no calibration of its own");
        assertThat(out.resolve(ValidationFiles.FIGURES).resolve("roc-external.png"))
                .exists();
        // lesions without T2 are among them, each with one prediction (from T1's stacking model)
        assertThat(lackingT2).isPositive();
        ExternalValidationTest.assertNoPathReachesOutputs(out, tmp);
    }

    @Test
    void aWholeRunIncludesItsLateFusedRowWithTheExportedModelsPredictions() throws Exception {
        Path out = tmp.resolve("val-run");
        CliResult r = validate("--run", run, out);
        assertThat(r.exit()).as(r.both()).isZero();
        List<ValidationRow> rows = ValidationFiles.readResults(out);
        // the run's late- and early-fused cells too, with the crop parameters of the development dataset
        assertThat(rows)
                .extracting(ValidationRow::cellId)
                .containsExactly(
                        "T1__" + CMP + "__r0",
                        "T2__" + CMP + "__r0",
                        CELL,
                        EarlyFusion.NAME_MODEL + "__" + CMP + "__r0");
        assertThat(rows).allSatisfy(x -> assertThat(x.status()).isEqualTo(ValidationRow.OK));
        // one ROC panel each for the late- and the early-fused model of the same sequences
        assertThat(Files.readString(out.resolve(ValidationFiles.FIGURES).resolve("roc-external.svg")))
                .contains("T1+T2 fusion-late — external")
                .contains("T1+T2 fusion-early — external");
        ValidationRow late = rows.get(2);
        assertThat(late.cellId()).isEqualTo(CELL);
        ResultRow internal = RunFiles.readAllResults(run).stream()
                .filter(x -> x.cellId().equals(CELL))
                .findFirst()
                .orElseThrow();
        assertThat(late.internalAuc()).isEqualTo(internal.auc());
        assertThat(late.threshold()).isEqualTo(internal.threshold());
        List<PredictionRow> fused = ValidationFiles.readPredictions(out).stream()
                .filter(x -> x.cellId().equals(CELL))
                .toList();
        assertThat(fused).hasSize((int) lesions());
        assertThat(fused).allSatisfy(x -> assertThat(x.model()).isEqualTo(LateFusion.NAME_MODEL));
        // the run's late-fused model is the one export --fusion late exports: the same probabilities
        Path viaBundle = tmp.resolve("val-model-2");
        assertThat(validate("--model", bundle, viaBundle).exit()).isZero();
        Map<String, Double> fromBundle = byLesion(ValidationFiles.readPredictions(viaBundle));
        Map<String, Double> fromRun = byLesion(fused);
        assertThat(fromRun.keySet()).isEqualTo(fromBundle.keySet());
        fromRun.forEach((k, v) -> assertThat(v).as(k).isCloseTo(fromBundle.get(k), within(1e-12)));
        assertThat(late.auc())
                .isEqualTo(ValidationFiles.readResults(viaBundle).get(0).auc(), within(1e-12));
        // decision curves: the stacking probabilities moved, as in the study's own curves, from the stacking set's
        // prevalence (the fused row's n_train) to the sequences' pooled training prevalence; the exported bundle
        // records both, so validating it alone gives the same curve
        double from = internal.nTrainPos() / (double) (internal.nTrainPos() + internal.nTrainNeg());
        double to = org.hemamet.study.DevelopmentPrevalences.valueOfCells(run, LateFusion.memberCells(internal));
        org.hemamet.contract.DecisionCurveRow at20 = ValidationFiles.readDecisionCurves(out).stream()
                .filter(c -> c.cellId().equals(CELL)
                        && c.probability().equals(org.hemamet.contract.DecisionCurveRow.CALIBRATED)
                        && Math.abs(c.threshold() - 0.2) < 1e-9)
                .findFirst()
                .orElseThrow();
        assertThat(at20.probabilityPrevalence()).isEqualTo(to);
        int[] labels = fused.stream().mapToInt(PredictionRow::label).toArray();
        double[] moved = fused.stream()
                .mapToDouble(x -> org.hemamet.metrics.LogisticCalibration.movedByPriorOdds(x.score(), from, to))
                .toArray();
        assertThat(at20.netBenefit())
                .isCloseTo(org.hemamet.metrics.DecisionCurve.netBenefit(labels, moved, 0.2), within(1e-12));
        org.hemamet.contract.DecisionCurveRow alone = ValidationFiles.readDecisionCurves(viaBundle).stream()
                .filter(c -> c.probability().equals(org.hemamet.contract.DecisionCurveRow.CALIBRATED)
                        && Math.abs(c.threshold() - 0.2) < 1e-9)
                .findFirst()
                .orElseThrow();
        assertThat(alone.probabilityPrevalence()).isEqualTo(to);
        assertThat(alone.netBenefit()).isCloseTo(at20.netBenefit(), within(1e-12));
        // the study's own predictions carry the same moved probability, and its row the prevalence
        assertThat(internal.calibratedPrevalence()).isEqualTo(to);
        assertThat(RunFiles.readAllPredictions(run).stream()
                        .filter(x -> x.cellId().equals(CELL)))
                .isNotEmpty()
                .allSatisfy(x -> assertThat(x.calibrated())
                        .isCloseTo(
                                org.hemamet.metrics.LogisticCalibration.movedByPriorOdds(x.score(), from, to),
                                within(1e-12)));
        ExternalValidationTest.assertNoPathReachesOutputs(out, tmp);
    }

    @Test
    void aBundleThatRefusesMissingSequencesRefusesTheDatasetAsPredictDoes() throws Exception {
        Path strict = tmp.resolve("fused-strict");
        CliResult e = CliRun.run(
                "export",
                run.toString(),
                "--fusion",
                "late",
                "--comparison",
                CMP,
                "--missing",
                "refuse",
                "--out",
                strict.toString());
        assertThat(e.exit()).as(e.both()).isZero();
        Path out = tmp.resolve("val-strict");
        CliResult r = validate("--model", strict, out);
        assertThat(r.exit()).as(r.both()).isEqualTo(org.hemamet.core.HemametException.INVALID_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("lacks T2").contains("missing: refuse");
        assertThat(out).doesNotExist();
    }
}
