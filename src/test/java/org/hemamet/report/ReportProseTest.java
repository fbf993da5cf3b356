package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.study.StudyConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated methods and limitations paragraphs state the protocol of the run's own study.json: change a
 * config value and the sentence changes with it.
 */
class ReportProseTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path ds;

    @BeforeAll
    static void dataset() throws Exception {
        ds = RunDirFixture.writeDataset(shared.resolve("dataset"));
    }

    private ReportModel model(StudyConfig cfg, StudyAbout about) throws Exception {
        Path run = RunDirFixture.writeRun(Files.createTempDirectory(tmp, "run"), ds);
        Files.writeString(run.resolve("study.json"), cfg.toJson());
        return ReportModel.of(RunReader.read(run), ds, PaperReference.load(), about);
    }

    private static StudyConfig with(
            StudyConfig c,
            StudyConfig.Search search,
            int repeats,
            int folds,
            int bootstrap,
            boolean balanceTest,
            int calFolds) {
        return c.toBuilder()
                .repeats(repeats)
                .search(search)
                .bootstrap(bootstrap)
                .folds(folds)
                .balanceTest(balanceTest)
                .calibrationFolds(calFolds)
                .fusion(null)
                .build();
    }

    @Test
    void methodsStateTheFusionsOfTheStudyWithEarlyFusionsChannelsAsTheCodeBuildsThem() throws Exception {
        StudyConfig plain = RunDirFixture.studyConfig();
        StudyConfig base = with(plain, plain.search(), 1, 0, 1000, false, 3).withFusion(List.of("late", "early"));
        String m = String.join(" ", Prose.methods(model(base, null)));
        int channels = org.hemamet.study.EarlyFusion.channels(base.sequences().size());
        assertThat(channels).isEqualTo(4);
        assertThat(m)
                .contains("late fusion stacked the sequences' CNN probabilities by an L2 logistic regression fitted on"
                        + " the training part's out-of-fold scores only")
                .contains("early fusion trained one paper-cnn on " + channels + " input channels, a lesion's 2 crops"
                        + " (T1, T2, joined by patient and lesion; zeros where a sequence is missing) and one"
                        + " availability plane per sequence")
                .contains("on the same patient split")
                .contains("compared with the best single sequence (chosen by its out-of-fold AUC on the training"
                        + " part) by a paired test on the same test lesions");
        String late = String.join(" ", Prose.methods(model(base.withFusion(List.of("late")), null)));
        assertThat(late).contains("late fusion stacked").doesNotContain("early fusion");
    }

    @Test
    void methodsSayThatTrialsDifferingOnlyInEpochsSharedATraining() throws Exception {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) org.hemamet.core.Json.mapper()
                .readTree(RunDirFixture.studyConfig().toJson());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("search"))
                .putArray("epochs")
                .add(20)
                .add(40);
        Path file = tmp.resolve("two-epochs.json");
        Files.writeString(file, json.toString());
        StudyConfig twoEpochs = StudyConfig.read(file);
        String m = String.join(" ", Prose.methods(model(twoEpochs, null)));
        assertThat(m)
                .contains("{20, 40} epochs")
                .contains("25 % of the training part's patients (configurations that differed only in epochs shared"
                        + " one training of the most epochs, each shorter one scored on that training's network after"
                        + " its own epochs");
    }

    @Test
    void methodsStateTheConfigsProtocol() throws Exception {
        StudyConfig base = RunDirFixture.studyConfig();
        String m = String.join(" ", Prose.methods(model(base, null)));
        assertThat(m)
                .contains("a grid search over learning rates {0.01, 0.001, 0.0001}, batch sizes {16, 32}, 12 epochs"
                        + " and dropout {0.3, 0.5}, by the AUC on an inner validation split of 25 % of the training"
                        + " part's patients")
                .contains("a training part (60 %) and a test part (40 %)")
                // PatientSplitTest and StudyClusteredTest check that the split does what this sentence says
                .contains("stratified by class and grouped by patient so that no patient contributed to both, with"
                        + " patients of one and of several lesions spread over both parts in proportion")
                .contains("stratified percentile bootstrap, 1000 resamples")
                .contains("Adam optimiser and cross-entropy loss without augmentation")
                .contains("Each of 2 sequences (T1, T2) was studied on its own for 2 comparisons"
                        + " (hemangioma-vs-metastases, hemangioma-vs-myeloma)")
                .contains("downsampling balanced the training part only")
                .contains("Platt scaling (Platt 1999) on the chosen configuration's validation scores")
                .doesNotContain("shared one training")
                .contains("hemamet 0.1.0 (Java 17.0.15, DJL 0.36.0, PyTorch 2.7.1) on AMD EPYC 9R14 96-Core Processor"
                        + " with 2 threads, root seed 42");

        StudyConfig.Search s = base.search();
        StudyConfig changed = with(
                base,
                new StudyConfig.Search(
                        "random", 5, 0.2, List.of(0.0005), s.batchSizes(), List.of(20, 40), s.dropouts()),
                3,
                0,
                200,
                true,
                5);
        String c = String.join(" ", Prose.methods(model(changed, null)));
        assertThat(c)
                .contains("a random search of 5 configurations over learning rates 0.0005, batch sizes {16, 32},"
                        + " {20, 40} epochs")
                .contains("inner validation split of 20 % of the training part's patients")
                .contains("the split was repeated 3 times with different seeds")
                .contains("200 resamples")
                .contains("the test part too")
                .contains("cross-fitted on out-of-fold scores of 5 patient-grouped folds")
                .doesNotContain("12 epochs");
        String k = String.join(" ", Prose.methods(model(with(base, s, 1, 5, 1000, false, 0), null)));
        assertThat(k).contains("5-fold cross-validation").doesNotContain("a test part (40 %)");
    }

    @Test
    void methodsNameThePatientLevelIntervalsWhenACellHasThem() throws Exception {
        StudyConfig base = RunDirFixture.studyConfig();
        Path run = RunDirFixture.writeRun(Files.createTempDirectory(tmp, "run"), ds);
        Files.writeString(run.resolve("study.json"), base.toJson());
        Path results = run.resolve("results.csv");
        List<String> lines = Files.readAllLines(results);
        withColumns(run, lines, "ci_level", row -> "patient");
        ReportModel patientLevel = ReportModel.of(RunReader.read(run), ds, PaperReference.load(), null);
        assertThat(ResultsSection.intervalMethods(patientLevel))
                .startsWith("in the " + patientLevel.cells().size() + " of "
                        + patientLevel.cells().size()
                        + " cells where a test patient has several lesions (ci_level patient), Wilson intervals at the"
                        + " effective sample size of the patients' design effect");
        // the fixture's results.csv has no auc_method column: a run of an older version, DeLong / Obuchowski
        assertThat(ResultsSection.intervalMethods(model(base, null)))
                .isEqualTo("Wilson score intervals for accuracy, sensitivity and specificity; DeLong's interval (1988)"
                        + " for the AUC.");
        String m = String.join(" ", Prose.methods(patientLevel));
        assertThat(m)
                .contains("95 % CIs at the patient level where a test patient has several lesions: Wilson intervals at"
                        + " the effective sample size of the patients' design effect for the proportions (Rao & Scott"
                        + " 1992, Korn & Graubard 1998), Obuchowski's clustered interval (1997) for the AUC, and the"
                        + " percentile bootstrap over whole patients for the others (1000 resamples).")
                .doesNotContain("resampling lesions");
        String lesion = String.join(" ", Prose.methods(model(base, null)));
        assertThat(lesion).contains("(Wilson 95 % CIs)").doesNotContain("design effect");
        // the fixture's delong.csv has a Holm-adjusted p-value: the methods say how it was adjusted
        assertThat(lesion)
                .contains("adjusted by Holm's step-down method (Holm 1979) within its family of tests")
                .contains("the pairwise sequence comparisons within each comparison and repeat");

        // a run of this version records auc_method: the prose names Newcombe's interval; a mixed run says both
        withColumns(run, lines, "ci_level,auc_method", row -> row == 0 ? "patient," : "patient,newcombe-design-effect");
        ReportModel current = ReportModel.of(RunReader.read(run), ds, PaperReference.load(), null);
        String words = "Newcombe's score interval at the patients' design effect (Newcombe 2006; Obuchowski's"
                + " clustered variance over DeLong's)";
        assertThat(ResultsSection.intervalMethods(current))
                .endsWith(words + " (Obuchowski's clustered interval (1997) in the cells of an older version) for the"
                        + " AUC.");
        withColumns(run, lines, "ci_level,auc_method", row -> "patient,newcombe-design-effect");
        current = ReportModel.of(RunReader.read(run), ds, PaperReference.load(), null);
        assertThat(ResultsSection.intervalMethods(current)).endsWith(words + " for the AUC.");
        assertThat(String.join(" ", Prose.methods(current)))
                .contains("design effect for the proportions (Rao & Scott 1992, Korn & Graubard 1998), " + words
                        + " for the AUC, and the percentile bootstrap over whole patients");
    }

    @Test
    void methodsNameTheCalibrationMethodTheCellsRecord() throws Exception {
        StudyConfig base =
                RunDirFixture.studyConfig().toBuilder().calibrationFolds(3).build();
        Path run = RunDirFixture.writeRun(Files.createTempDirectory(tmp, "run"), ds);
        Files.writeString(run.resolve("study.json"), base.toJson());
        try (var cells = Files.list(run.resolve("cells"))) {
            for (Path cell : cells.toList()) {
                var json = (com.fasterxml.jackson.databind.node.ObjectNode) org.hemamet.core.Json.mapper()
                        .readTree(cell.resolve("result.json").toFile());
                json.putObject("calibration")
                        .put("method", "temperature")
                        .put("slope", 0.4)
                        .put("intercept", 0.0)
                        .put("folds", 3);
                Files.writeString(cell.resolve("result.json"), json.toString());
            }
        }
        String m =
                String.join(" ", Prose.methods(ReportModel.of(RunReader.read(run), ds, PaperReference.load(), null)));
        assertThat(m)
                .contains("Probabilities were calibrated by temperature scaling (Guo et al. 2017) cross-fitted on"
                        + " out-of-fold scores of 3 patient-grouped folds of the training part.")
                .doesNotContain("Platt");
        // a run of this version records calibrated_prevalence: the methods say the probabilities were moved to it
        withColumns(
                run,
                Files.readAllLines(run.resolve("results.csv")),
                "calibrated_brier,calibrated_prevalence",
                row -> "0.1,0.74");
        String now =
                String.join(" ", Prose.methods(ReportModel.of(RunReader.read(run), ds, PaperReference.load(), null)));
        assertThat(now)
                .contains("folds of the training part, then moved by the prior odds from the prevalence the calibration"
                        + " was fitted at (the balanced training set's) to the training part's before balancing, which"
                        + " the stratified split gives the test part (Saerens et al. 2002; Dal Pozzolo et al. 2015;"
                        + " results.csv calibrated_prevalence).");
    }

    @Test
    void theResultsSectionNamesZeroWidthAucIntervals() throws Exception {
        Path run = RunDirFixture.writeRun(Files.createTempDirectory(tmp, "run"), ds);
        Path results = run.resolve("results.csv");
        List<String> lines = Files.readAllLines(results);
        List<String> header = List.of(lines.get(0).split(","));
        String[] first = lines.get(1).split(",", -1);
        for (String column : List.of("auc", "auc_lo", "auc_hi")) {
            first[header.indexOf(column)] = "1.0";
        }
        lines.set(1, String.join(",", first));
        Files.write(results, lines);
        String cell = first[header.indexOf("sequence")] + " " + first[header.indexOf("comparison")];
        String html = Files.readString(
                ReportWriter.write(run, ds, tmp.resolve("z/report.html")).html());
        assertThat(html).contains("AUC intervals of zero width (1 cell: " + cell + ")");
    }

    @Test
    void limitationsComeFromFactsOfTheRun() throws Exception {
        StudyConfig base = RunDirFixture.studyConfig();
        String single = String.join(" ", Prose.limitations(model(base, null)));
        assertThat(single)
                .contains("single random split")
                .contains("there was no external test set")
                .doesNotContain("synthetic")
                .doesNotContain("balance_test");
        assertThat(single)
                .containsPattern("The smallest test part \\(T[12], hemangioma-vs-myeloma\\) held \\d+ lesions");
        // the fixture's ingest report counts one crop from a JPEG export
        assertThat(single).contains("1 of the 32 crops were cut from lossy-compressed images");
        Path lossless = RunDirFixture.writeDataset(tmp.resolve("lossless"));
        Path report = lossless.resolve("ingest-report.json");
        Files.writeString(report, Files.readString(report).replace("\"n_lossy\":1", "\"n_lossy\":0"));
        Path run = RunDirFixture.writeRun(tmp.resolve("lossless-run"), lossless);
        assertThat(String.join(
                        " ",
                        Prose.limitations(ReportModel.of(RunReader.read(run), lossless, PaperReference.load(), null))))
                .doesNotContain("lossy");

        String repeated =
                String.join(" ", Prose.limitations(model(with(base, base.search(), 3, 0, 1000, true, 0), null)));
        assertThat(repeated).doesNotContain("single random split").contains("balanced by downsampling (balance_test)");

        StudyAbout synthetic = StudyAbout.read(Files.writeString(
                tmp.resolve("about.yaml"),
                "synthetic_data: true\nexternal_validation: none\nlimitations: One reader.\n"));
        String syn = String.join(" ", Prose.limitations(model(base, synthetic)));
        assertThat(syn)
                .contains("The cohort is synthetic")
                .doesNotContain("no external test set")
                .endsWith("One reader.");
    }

    @Test
    void limitationsNameMiscalibratedCellsAndACnnBelowItsBaseline() throws Exception {
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        List<String> lines = Files.readAllLines(run.resolve("results.csv"));
        List<String> out = new java.util.ArrayList<>();
        out.add(lines.get(0) + ",calibration_slope,model");
        for (int i = 1; i < lines.size(); i++) {
            out.add(lines.get(i) + (i == 1 ? ",0.5,cnn" : ",1.0,cnn"));
        }
        // the first cell's radiomics baseline, with an AUC above the CNN's
        List<String> cols = List.of(lines.get(0).split(","));
        String[] base = lines.get(1).split(",", -1);
        base[cols.indexOf("auc")] = "0.999";
        out.add(String.join(",", base) + ",,radiomics-lr");
        out.add(String.join(",", base) + ",,intensity-ratio");
        Files.write(run.resolve("results.csv"), out);
        ReportModel m = ReportModel.of(RunReader.read(run), ds, PaperReference.load(), null);
        String cell = m.run().cells().stream()
                .filter(c -> c.result().calibrationSlope() != null && c.result().calibrationSlope() == 0.5)
                .map(c -> c.result().sequence() + " " + c.result().comparison())
                .findFirst()
                .orElseThrow();
        String text = String.join(" ", Prose.limitations(m));
        assertThat(text)
                .contains("outside 0.80–1.25 in 1 of 4 cells (" + cell + " 0.50)")
                .contains("A baseline's AUC was above the CNN's in 2 of 2 CNN–baseline comparisons (" + cell
                        + ": radiomics-lr, intensity-ratio); the difference was significant at p < 0.05 in ")
                .containsPattern("in (\\d) after Holm's adjustment within each baseline's tests\\.");
    }

    @Test
    void aDatasetBesideTheSynthGeneratorsOutputIsCalledSynthetic() throws Exception {
        Path demo = Files.createDirectories(tmp.resolve("demo"));
        Path dsCopy = RunDirFixture.writeDataset(demo.resolve("dataset"));
        Path truth = Files.createDirectories(demo.resolve("synth/ground-truth"));
        Files.writeString(truth.resolve("parameters.json"), "{\"generator\":\"hemamet synth\",\"seed\":42}");
        Path run = RunDirFixture.writeRun(demo.resolve("run"), dsCopy);
        ReportModel m = ReportModel.of(RunReader.read(run), dsCopy, PaperReference.load(), null);
        assertThat(Prose.synthetic(m)).isTrue();
        assertThat(String.join(" ", Prose.limitations(m))).startsWith("The cohort is synthetic");
        Files.writeString(truth.resolve("parameters.json"), "{\"generator\":\"something else\"}");
        assertThat(Prose.synthetic(ReportModel.of(RunReader.read(run), dsCopy, PaperReference.load(), null)))
                .isFalse();
    }

    /** Writes the run's results.csv as {@code lines} with columns {@code header} added, row i's values {@code values(i)}. */
    private static void withColumns(
            Path run, List<String> lines, String header, java.util.function.IntFunction<String> values)
            throws java.io.IOException {
        StringBuilder out =
                new StringBuilder(lines.get(0)).append(',').append(header).append('\n');
        for (int i = 1; i < lines.size(); i++) {
            out.append(lines.get(i)).append(',').append(values.apply(i - 1)).append('\n');
        }
        Files.writeString(run.resolve("results.csv"), out);
    }
}
