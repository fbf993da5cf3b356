package org.hemamet.study;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemamet.cohort.DatasetLock;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.RunProvenance;
import org.hemamet.contract.SearchTrial;
import org.hemamet.contract.SplitRow;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Csv;
import org.hemamet.core.DirectoryLock;
import org.hemamet.core.Hashing;
import org.hemamet.core.HemametException;
import org.hemamet.model.HyperParams;
import org.hemamet.model.ModelInfo;
import org.hemamet.provenance.Provenance;

/**
 * Runs a study: every cell (sequence × comparison × repeat) in a fixed order, each written atomically
 * under {@code RUN_DIR/cells/<cell_id>/}; cells whose result exists are skipped, so an interrupted run
 * resumes where it stopped. At the end the run-level files (results.csv, predictions.csv, delong.csv,
 * summary.md, provenance.json) are rebuilt from the cell files.
 */
public final class StudyRunner {
    private final StudyConfig config;
    private final Path datasetDir;
    private final Path runDir;
    private final Listener listener;

    /** Progress hooks for the CLI (progress bars); all methods optional. */
    public interface Listener {
        default void studyStarted(int totalCells, int alreadyDone) {}

        default void cellStarted(CellId cell, int index, int total, int trainings) {}

        default void trainingProgress(CellId cell, String phase, int epoch, int epochs, int batch, int batches) {}

        default void cellFinished(CellId cell, CellRunner.CellOutcome outcome, boolean skipped) {}
    }

    public StudyRunner(StudyConfig config, Path datasetDir, Path runDir, Listener listener) {
        this.config = config;
        this.datasetDir = datasetDir;
        this.runDir = runDir;
        this.listener = listener == null ? new Listener() {} : listener;
    }

    /**
     * The cells of a config, in their deterministic run order (repeat or fold, comparison, sequence; with
     * {@code fusion: [early]} the comparison's early-fused cell after its sequences).
     */
    public static List<CellId> cells(StudyConfig config) {
        List<CellId> cells = new ArrayList<>();
        for (int r = 0; r < config.partitions(); r++) {
            for (String c : config.comparisons()) {
                Comparison comparison = Comparison.parse(c);
                for (Sequence s : config.sequences()) {
                    cells.add(new CellId(s, comparison, r));
                }
                if (config.fuses(EarlyFusion.NAME)) {
                    cells.add(CellId.earlyFused(config.sequences(), comparison, r));
                }
            }
        }
        return cells;
    }

    /**
     * A planned run: its cells in run order, the dataset's samples and hash, and study.json's text. The run
     * directory is bound to the config and the dataset once a plan exists ({@link #plan()}).
     *
     * @param cells       the cells, in their deterministic run order
     * @param samples     the dataset's samples
     * @param configJson  study.json's text
     * @param datasetHash the dataset hash ({@link #datasetHash(Path)})
     */
    public record Plan(List<CellId> cells, List<DatasetSample> samples, String configJson, String datasetHash) {
        /**
         * {@code todo}'s cells in the order to start them when several run at once: the most training first
         * ({@link CellWork}), so the last to finish are small; the run's files do not depend on the order.
         */
        public List<CellId> largestFirst(List<CellId> todo) {
            return CellWork.largestFirst(todo, samples);
        }
    }

    /**
     * Runs (or resumes) the study and returns the per-cell outcomes in cell order: plan, cells, merge; the run
     * directory held by this process throughout ({@link RunLock}: a second run of it is refused, exit 3), the
     * dataset held for reading ({@link DatasetLock}: an ingest into it is refused while the study runs).
     */
    public List<CellRunner.CellOutcome> run() {
        try (RunLock hold = RunLock.acquire(runDir, "study");
                DirectoryLock reading = DatasetLock.forReading(datasetDir).orElse(null)) {
            return runHeld(hold);
        }
    }

    private List<CellRunner.CellOutcome> runHeld(RunLock hold) {
        Instant started = Instant.now();
        Plan plan = plan();
        removeStaleTemporaries();
        List<CellId> cells = plan.cells();
        CellRunner cellRunner = cellRunner(plan);
        int done = 0;
        for (CellId c : cells) {
            if (RunFiles.isDone(cellDir(c))) {
                done++;
            }
        }
        listener.studyStarted(cells.size(), done);
        String dataset = datasetIdentity(datasetDir);
        List<CellRunner.CellOutcome> outcomes = new ArrayList<>();
        int index = 0;
        for (CellId c : cells) {
            index++;
            Path dir = cellDir(c);
            if (RunFiles.isDone(dir)) {
                CellRunner.CellOutcome o = finished(c);
                outcomes.add(o);
                listener.cellFinished(c, o, true);
                continue;
            }
            checkDatasetUnchanged(dataset, outcomes.size(), cells.size());
            hold.describeCell(index, cells.size(), c.id());
            outcomes.add(runCell(cellRunner, c, index, cells.size()));
        }
        merge(plan, started, outcomes, 1);
        return outcomes;
    }

    /**
     * Plans the run: reads the dataset (refusing an empty one), binds the run directory to the config and
     * the dataset (study.json, dataset.sha256; a run dir of another config or dataset is refused) and lists
     * the cells. Runs no cell.
     */
    public Plan plan() {
        List<DatasetSample> samples = DatasetManifest.read(datasetDir);
        if (samples.isEmpty()) {
            throw HemametException.dataState(
                    datasetDir.resolve(DatasetManifest.FILE_NAME) + ": the dataset has no samples");
        }
        String configJson = config.toJson();
        String datasetHash = datasetHash(datasetDir);
        checkOrInitRunDir(configJson, datasetHash);
        List<CellId> cells = cells(config);
        checkFinishedCellsSplit(cells, samples);
        return new Plan(cells, samples, configJson, datasetHash);
    }

    /**
     * A finished cell whose split.csv is not the partition this version makes of the dataset (a run of a
     * version with another patient split, {@link PatientSplit}) refuses the resume (exit 3): a run never mixes
     * splits across its cells.
     */
    private void checkFinishedCellsSplit(List<CellId> cells, List<DatasetSample> samples) {
        for (CellId c : cells) {
            Path dir = cellDir(c);
            if (!RunFiles.isDone(dir) || !Files.isRegularFile(dir.resolve(RunFiles.SPLIT))) {
                continue;
            }
            PatientSplit split = CellRunner.patientSplit(samples, config, c.comparison(), c.repeat());
            List<SplitRow> made = CellPartition.of(c, samples, split, config).splitRows();
            long differing = splitDifference(recordedSplit(c, dir), made);
            if (differing > 0) {
                throw HemametException.dataState(runDir + ": cell " + c.id() + " was split otherwise than this"
                        + " version splits (" + differing + " lesions of its split.csv in another part; versions up"
                        + " to 2026-11-28 put the multi-lesion patients into the test part); use a new --out"
                        + " directory");
            }
        }
    }

    /** A cell's result.json, or null when it has none yet; one that cannot be read is refused naming the remedy. */
    private static org.hemamet.contract.CellResult finishedResult(Path dir) {
        try {
            return RunFiles.readCellResult(dir);
        } catch (UncheckedIOException e) {
            throw HemametException.invalidInput(
                    e.getMessage() + "; delete " + dir + " to run cell " + dir.getFileName() + " again", e);
        }
    }

    /** A finished cell's split.csv; one cut short is refused naming the remedy (exit 2). */
    private static List<SplitRow> recordedSplit(CellId c, Path dir) {
        try {
            return RunFiles.readSplit(dir);
        } catch (Csv.CsvException e) {
            throw HemametException.invalidInput(
                    e.getMessage() + "; delete " + dir + " to run cell " + c.id() + " again", e);
        }
    }

    /** How many lesions are in another part (or inner split) in {@code recorded} than in {@code made}. */
    static long splitDifference(List<SplitRow> recorded, List<SplitRow> made) {
        Set<String> a = new HashSet<>();
        recorded.forEach(r -> a.add(r.sampleId() + "|" + r.partition() + "|" + r.inner()));
        Set<String> b = new HashSet<>();
        made.forEach(r -> b.add(r.sampleId() + "|" + r.partition() + "|" + r.inner()));
        Set<String> onlyRecorded = new HashSet<>(a);
        onlyRecorded.removeAll(b);
        Set<String> onlyMade = new HashSet<>(b);
        onlyMade.removeAll(a);
        return Math.max(onlyRecorded.size(), onlyMade.size());
    }

    /**
     * Runs one cell of a run planned elsewhere (a cluster task): the run dir must hold this config, and the
     * dataset must be the one it was planned on; the cell is written atomically as in {@link #run()}. A
     * cell that is already done is read back, not run again.
     */
    public CellRunner.CellOutcome runOneCell(CellId cell) {
        Plan plan = plannedRun();
        if (!plan.cells().contains(cell)) {
            throw HemametException.invalidInput(runDir + ": the study has no cell " + cell.id());
        }
        if (RunFiles.isDone(cellDir(cell))) {
            return finished(cell);
        }
        int index = plan.cells().indexOf(cell) + 1;
        return runCell(cellRunner(plan), cell, index, plan.cells().size());
    }

    /**
     * Merges a run whose cells ran elsewhere: reads every cell back and writes the run-level files as
     * {@link #run()} does. Refused (naming the missing cells) unless every cell is done.
     */
    public List<CellRunner.CellOutcome> mergeCells() {
        return mergeCells(null, Instant.now());
    }

    /**
     * As {@link #mergeCells()}, for a run whose cells ran in {@code jobs} processes at once on this machine
     * since {@code started} (recorded in provenance.json).
     */
    public List<CellRunner.CellOutcome> mergeCells(Integer jobs, Instant started) {
        Plan plan = plannedRun();
        List<String> missing = new ArrayList<>();
        List<CellRunner.CellOutcome> outcomes = new ArrayList<>();
        for (CellId c : plan.cells()) {
            if (RunFiles.isDone(cellDir(c))) {
                outcomes.add(finished(c));
            } else {
                missing.add(c.id());
            }
        }
        if (!missing.isEmpty()) {
            throw HemametException.dataState(
                    runDir + ": " + missing.size() + " of " + plan.cells().size() + " cells are not done ("
                            + String.join(", ", missing) + "); resubmit the study to run them");
        }
        merge(plan, started, outcomes, jobs);
        return outcomes;
    }

    /** The plan of a run dir that {@link #plan()} bound: the same config, the same dataset. */
    private Plan plannedRun() {
        String configJson = config.toJson();
        try {
            Path studyJson = runDir.resolve(RunFiles.STUDY);
            Path datasetRef = runDir.resolve(RunFiles.DATASET_SHA256);
            if (!Files.isRegularFile(studyJson) || !Files.readString(studyJson).equals(configJson)) {
                throw HemametException.dataState(runDir + ": study.json is missing or holds another config");
            }
            String datasetHash = datasetHash(datasetDir);
            if (!Files.isRegularFile(datasetRef)
                    || !Files.readString(datasetRef).trim().equals(datasetHash)) {
                throw HemametException.dataState(datasetDir + ": not the dataset the run " + runDir
                        + " was planned on (dataset hash differs): every node must see the same dataset");
            }
            return new Plan(cells(config), DatasetManifest.read(datasetDir), configJson, datasetHash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What identifies the dataset's content without reading every crop: dataset.csv and ingest-report.json
     * (its crop parameters), hashed. A re-ingest into the same directory with other parameters or another
     * cohort changes it; the same ingest again does not (its crops are the same).
     */
    static String datasetIdentity(Path datasetDir) {
        var md = org.hemamet.core.Hashing.sha256();
        for (String name : List.of(DatasetManifest.FILE_NAME, "ingest-report.json")) {
            Path f = datasetDir.resolve(name);
            try {
                md.update(Files.isRegularFile(f) ? Files.readAllBytes(f) : new byte[0]);
            } catch (IOException e) {
                throw HemametException.invalidInput(f + ": cannot read (" + e.getMessage() + ")", e);
            }
            md.update((byte) 0);
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /**
     * Before each cell: the dataset is still the one the run started on. A dataset re-ingested in place while
     * the study runs would otherwise give the later cells other crops than the earlier ones (crops are read as
     * cells need them), one results table from two datasets. Refused (exit 3) with the cells kept.
     */
    private void checkDatasetUnchanged(String atStart, int cellsBefore, int cells) {
        if (!datasetIdentity(datasetDir).equals(atStart)) {
            throw HemametException.dataState(datasetDir + ": replaced while the study ran (dataset.csv or"
                    + " ingest-report.json changed after " + cellsBefore + " of " + cells + " cells); the run "
                    + runDir + " keeps the cells done on the dataset it started on; study the new dataset in a new"
                    + " --out directory");
        }
    }

    private CellRunner cellRunner(Plan plan) {
        return new CellRunner(config, plan.samples(), new CropLoader(datasetDir, config.inputSize()), runDir);
    }

    private CellRunner.CellOutcome runCell(CellRunner cellRunner, CellId c, int index, int total) {
        listener.cellStarted(c, index, total, cellRunner.trainingsPerCell());
        CellRunner.CellOutcome o =
                cellRunner.run(c, (phase, e, es, b, bs) -> listener.trainingProgress(c, phase, e, es, b, bs));
        listener.cellFinished(c, o, false);
        return o;
    }

    /** The run-level files from the cells' outcomes (in cell order): summaries, then provenance. */
    private void merge(Plan plan, Instant started, List<CellRunner.CellOutcome> outcomes, Integer jobs) {
        Map<String, Double> cellSeconds = new LinkedHashMap<>();
        for (CellRunner.CellOutcome o : outcomes) {
            cellSeconds.put(o.cellId(), o.seconds());
        }
        RunSummaries.write(runDir, config, outcomes);
        writeProvenance(started, plan.datasetHash(), plan.configJson(), cellSeconds, jobs);
    }

    /**
     * A finished cell read back, its evaluation brought up to this version's intervals where an older version
     * made it ({@link Reevaluation}: from the cell's own predictions, nothing trained again).
     */
    private CellRunner.CellOutcome finished(CellId c) {
        return Reevaluation.of(config, runDir, CellRunner.readOutcome(cellDir(c)));
    }

    /** A killed run can leave a cell's temporary directory (".<cell>.*"); it is never a finished cell. */
    public void removeStaleTemporaries() {
        Path cells = runDir.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return;
        }
        try (var s = Files.list(cells)) {
            s.filter(p -> p.getFileName().toString().startsWith(".")).forEach(AtomicFiles::deleteRecursively);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path cellDir(CellId c) {
        return RunFiles.cellDir(runDir, c.id());
    }

    private void checkOrInitRunDir(String configJson, String datasetHash) {
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw HemametException.invalidInput(runDir + ": is a file, not a run directory; choose a new --out");
        }
        Path studyJson = runDir.resolve(RunFiles.STUDY);
        Path datasetRef = runDir.resolve(RunFiles.DATASET_SHA256);
        if (Files.isRegularFile(studyJson)) {
            try {
                String existing = Files.readString(studyJson);
                if (!existing.equals(configJson)) {
                    throw HemametException.dataState(runDir + ": holds a run with another study config (study.json"
                            + " differs" + differingFields(existing, configJson)
                            + "); use a new --out directory or the same config to resume");
                }
                checkFinishedCellsProtocol();
                if (Files.isRegularFile(datasetRef)
                        && !Files.readString(datasetRef).trim().equals(datasetHash)
                        && anyCellDone()) {
                    throw HemametException.dataState(runDir + ": holds a run on another dataset (dataset hash"
                            + " differs); use a new --out directory");
                }
                // no finished cell: an unfinished start (e.g. stopped by a corrupt crop) binds to this dataset
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            try {
                Files.createDirectories(runDir);
                if (holdsOtherThanTheLock(runDir) && !Files.isDirectory(runDir.resolve("cells"))) {
                    throw HemametException.invalidInput(runDir + ": exists and is not a hemamet run directory");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            AtomicFiles.writeString(studyJson, configJson);
        }
        AtomicFiles.writeString(datasetRef, datasetHash + "\n");
    }

    /** Whether {@code dir} holds anything besides the {@link RunLock} file. */
    private static boolean holdsOtherThanTheLock(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> !p.getFileName().toString().equals(RunLock.FILE));
        }
    }

    /**
     * The top-level fields in which two study.json texts differ, as {@code " in balance_test: true in the
     * run, false now; ..."}, or "" when they cannot be parsed or differ in layout only.
     */
    static String differingFields(String recorded, String current) {
        try {
            var mapper = org.hemamet.core.Json.mapper();
            var a = mapper.readTree(recorded);
            var b = mapper.readTree(current);
            java.util.SortedSet<String> keys = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            List<String> diffs = new ArrayList<>();
            for (String k : keys) {
                if (!java.util.Objects.equals(a.get(k), b.get(k))) {
                    diffs.add(k + ": " + shown(a.get(k)) + " in the run, " + shown(b.get(k)) + " now");
                }
            }
            return diffs.isEmpty() ? "" : " in " + String.join("; ", diffs);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String shown(com.fasterxml.jackson.databind.JsonNode n) {
        if (n == null) {
            return "absent";
        }
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /**
     * A finished cell whose result.json records another protocol than the config in the fields that change
     * its numbers (test_balanced, the calibration's folds and method) refuses the resume (exit 3): a run
     * never mixes
     * protocols across cells. Cells of older versions that do not record a field are refused too when the
     * config's value is not the old behaviour (test part balanced; calibration on the validation split).
     */
    private void checkFinishedCellsProtocol() {
        Path cells = runDir.resolve(RunFiles.CELLS);
        if (!Files.isDirectory(cells)) {
            return;
        }
        try (var s = Files.list(cells)) {
            for (Path dir : s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList()) {
                org.hemamet.contract.CellResult result = finishedResult(dir);
                String why = protocolMismatch(result, config);
                if (why.isEmpty() && result != null) {
                    why = searchMismatch(dir, config);
                }
                if (!why.isEmpty()) {
                    throw HemametException.dataState(runDir + ": cell " + dir.getFileName() + " was run with another"
                            + " protocol (" + why + "); use a new --out directory");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why a finished cell's recorded protocol differs from the config's, or "" (also for unfinished cells). */
    static String protocolMismatch(org.hemamet.contract.CellResult r, StudyConfig config) {
        if (r == null || r.row() == null || !ResultRow.OK.equals(r.row().status())) {
            return "";
        }
        boolean testBalanced = r.row().testBalanced() == null || r.row().testBalanced();
        if (testBalanced != config.balanceTest()) {
            return "test_balanced " + testBalanced + ", balance_test " + config.balanceTest() + " now";
        }
        int folds = r.calibration() == null || r.calibration().folds() == null
                ? 0
                : r.calibration().folds();
        int want = config.calibrationFolds() >= 2 ? config.calibrationFolds() : 0;
        if (r.calibration() != null && folds != want) {
            return "calibration folds " + folds + ", calibration_folds " + want + " now";
        }
        if (r.calibration() != null
                && !CellEvaluation.METHOD.equals(r.calibration().method())) {
            return "calibration method " + r.calibration().method() + ", " + CellEvaluation.METHOD + " in this version";
        }
        return "";
    }

    /**
     * Why the search trials of a finished cell ({@code cellDir}) came from other trainings than this version's would give them
     * ({@link SearchSpace#trainings}: a run of an older version trained every grid trial alone), or "".
     */
    static String searchMismatch(Path cellDir, StudyConfig config) {
        if (!Files.isRegularFile(cellDir.resolve(RunFiles.SEARCH))) {
            return "";
        }
        SearchSpace space = SearchSpace.of(config.search());
        List<HyperParams> trials = space.trials(
                Seeds.derive(config.seed(), "search", cellDir.getFileName().toString()));
        int[] trained = new int[trials.size()];
        for (SearchSpace.Training t : space.trainings(trials)) {
            for (int i : t.all()) {
                trained[i] = trials.get(t.trial()).epochs();
            }
        }
        List<SearchTrial> rows = RunFiles.readSearch(cellDir);
        for (int i = 0; i < Math.min(rows.size(), trained.length); i++) {
            SearchTrial row = rows.get(i);
            if (row.trainedEpochsOrOwn() != trained[i]) {
                return "search trial " + row.trial() + " (" + row.epochs() + " epochs) taken from a training of "
                        + row.trainedEpochsOrOwn() + " epochs, from one of " + trained[i] + " in this version";
            }
        }
        return "";
    }

    /** Whether any cell of this run dir is finished (its results then belong to the recorded dataset). */
    private boolean anyCellDone() {
        Path cells = runDir.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return false;
        }
        try (var s = Files.list(cells)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).anyMatch(RunFiles::isDone);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 over dataset.csv and every crop file's bytes, then its mask file's when it has one, in manifest order. */
    public static String datasetHash(Path datasetDir) {
        return DatasetManifest.hash(datasetDir);
    }

    private void writeProvenance(
            Instant started, String datasetHash, String configJson, Map<String, Double> cellSeconds, Integer jobs) {
        Provenance.Environment env = Provenance.environment();
        Map<String, Object> engine = ModelInfo.versions();
        Instant finished = Instant.now();
        RunFiles.writeProvenance(
                runDir,
                new RunProvenance(
                        env.hemametVersion(),
                        env.javaVersion(),
                        env.javaVendor(),
                        env.os(),
                        env.availableProcessors(),
                        env.maxHeapBytes(),
                        env.cpu(),
                        env.hostHash(),
                        env.jvmArgs(),
                        (String) engine.get("djl_version"),
                        (String) engine.get("pytorch_version"),
                        (String) engine.get("engine"),
                        (String) engine.get("omp_num_threads"),
                        (Integer) engine.get("pytorch_intra_op_threads"),
                        config.seed(),
                        config.profile(),
                        datasetDir.toAbsolutePath().normalize().toString(),
                        datasetHash,
                        Hashing.sha256(configJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        config.asMap(),
                        started.toString(),
                        finished.toString(),
                        Duration.between(started, finished).toMillis() / 1000.0,
                        cellSeconds,
                        Runtime.getRuntime().availableProcessors(),
                        (Integer) engine.get("pytorch_inter_op_threads"),
                        env.dispatch().flags(),
                        env.dispatch().aten(),
                        env.dispatch().onednn(),
                        (String) engine.get("device"),
                        (String) engine.get("precision"),
                        (String) engine.get("optimizer"),
                        jobs));
    }
}
