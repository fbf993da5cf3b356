package org.hemamet.predict;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hemamet.baseline.RadiomicsModel;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.BaselineFiles;
import org.hemamet.contract.BaselineModel;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.CellResult;
import org.hemamet.contract.FusionBundle;
import org.hemamet.contract.FusionBundleFiles;
import org.hemamet.contract.OodStatistics;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.RunProvenance;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.core.Version;
import org.hemamet.ingest.Ingest;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.study.DevelopmentPrevalences;
import org.hemamet.study.LateFusion;
import org.hemamet.study.StudyRunner;
import org.hemamet.study.UnfinishedRun;

/**
 * {@code hemamet export}: copies one cell's model bundle out of a study run directory (contracts.md C/D)
 * and completes its metadata so that the bundle alone is enough to predict: {@code input.crop} (the
 * dataset's {@link LesionCropper.Params}, read from the dataset's {@code ingest-report.json} via
 * {@code provenance.json} {@code dataset_dir}, else the defaults, and saying which), {@code dataset}
 * (its SHA-256 and the run's provenance) and {@code exported} (when, by which hemamet, from which cell).
 * {@code model.params} is copied byte for byte (its SHA-256 is checked against {@code params_sha256});
 * the bundle directory is written to a temporary sibling and renamed into place.
 */
public final class Exporter {
    private Exporter() {}

    /** What was exported. */
    public record Exported(String cellId, Path bundleDir, String cropSource) {}

    /**
     * Exports the model of cell {@code SEQUENCE/COMPARISON} (repeat {@code repeat}) of {@code runDir} to
     * {@code out} (a new or empty directory, or an earlier export, which is replaced).
     */
    public static Exported export(Path runDir, String cell, int repeat, Path out) {
        return export(runDir, cell, repeat, out, null);
    }

    /**
     * As {@link #export(Path, String, int, Path)}, with the run's dataset at {@code dataset} (null: where
     * provenance.json says), for a run whose dataset has moved: it must be the same dataset (its hash the run's).
     */
    public static Exported export(Path runDir, String cell, int repeat, Path out, Path dataset) {
        String cellId = cellId(runDir, cell, repeat);
        Member m = member(runDir, cellId, runSide(runDir, dataset));
        checkOut(out);
        BundleFiles.writeDirectory(out, m.params(), m.metadata(), m.ood());
        return new Exported(cellId, out, m.cropSource());
    }

    /**
     * Exports the early-fused cell of {@code comparison} (repeat {@code repeat}) of {@code runDir} ({@code
     * fusion-early__<comparison>__r<repeat>}, a study with {@code fusion: [early]}) to {@code out}: its network
     * (2C input channels; input.sequence the fused sequences joined by '+') as {@link #export} exports a cell's,
     * for {@link EarlyFusedPredictor}.
     */
    public static Exported exportEarly(Path runDir, String comparison, int repeat, Path out) {
        return exportEarly(runDir, comparison, repeat, out, null);
    }

    /** As {@link #exportEarly(Path, String, int, Path)}, with the run's dataset at {@code dataset} (or null). */
    public static Exported exportEarly(Path runDir, String comparison, int repeat, Path out, Path dataset) {
        if (repeat < 0) {
            throw HemametException.invalidInput("--repeat " + repeat + ": must be >= 0");
        }
        String cellId = org.hemamet.study.EarlyFusion.NAME_MODEL + "__" + comparison + "__r" + repeat;
        if (!Files.isDirectory(runDir.resolve("cells").resolve(cellId))) {
            throw HemametException.invalidInput(runDir + ": no early-fused cell " + cellId
                    + " (the study needs fusion: [early]; cells: " + String.join(", ", cells(runDir)) + ")");
        }
        Member m = member(runDir, cellId, runSide(runDir, dataset));
        checkOut(out);
        BundleFiles.writeDirectory(out, m.params(), m.metadata(), m.ood());
        return new Exported(cellId, out, m.cropSource());
    }

    /** A cell's bundle as an export writes it, and where its crop parameters came from. */
    private record Member(byte[] params, BundleMetadata metadata, OodStatistics ood, String cropSource) {}

    /** Reads and checks cell {@code cellId}'s bundle and completes its metadata (crop, dataset, export). */
    private static Member member(Path runDir, String cellId, RunSide side) {
        Path cellDir = runDir.resolve("cells").resolve(cellId);
        if (!Files.isDirectory(cellDir)) {
            throw HemametException.invalidInput(
                    runDir + ": no cell " + cellId + " (cells: " + String.join(", ", cells(runDir)) + ")");
        }
        Path bundle = cellDir.resolve(RunFiles.MODEL);
        Path metaFile = bundle.resolve(BundleFiles.METADATA);
        if (!Files.isRegularFile(metaFile)) {
            throw HemametException.invalidInput(cellDir + ": no model bundle (cell status " + status(cellDir) + ")");
        }
        BundleFiles.Read read = BundleFiles.readForCopy(bundle);
        BundleFiles.checkParams(bundle.resolve(BundleFiles.PARAMS), read.metadata(), read.params(), true);
        BundleFiles.checkFormat(metaFile, read.metadata());
        RunProvenance prov = side.provenance();
        BundleMetadata typed = BundleFiles.typed(metaFile, read.metadata());
        BundleMetadata.Crop recorded =
                typed.input() == null ? null : typed.input().crop();
        DatasetCrop crop = recorded != null
                ? new DatasetCrop(CropParams.parseKey(recorded.key()), String.valueOf(recorded.source()), true)
                : datasetCrop(side);
        if (!crop.found()) {
            throw HemametException.invalidInput(metaFile + ": records no crop parameters and " + crop.source()
                    + "; name the run's dataset with --dataset DIR");
        }
        BundleMetadata exported = typed.exportedWith(
                        CropParams.toCrop(crop.params(), crop.source()), dataset(prov), exportOf(cellId))
                .withDevelopment(development(side, typed.paramsSha256()))
                .withDevelopmentPrevalence(DevelopmentPrevalences.ofCell(runDir, cellId));
        var ood = BundleFiles.readOod(bundle, String.valueOf(read.metadata().get("params_sha256")));
        return new Member(read.params(), exported, ood.orElse(null), crop.source());
    }

    /**
     * Exports the late-fused model of {@code comparison} (repeat {@code repeat}) of {@code runDir} to {@code out}
     * as a fused bundle (contracts.md D2): each fused sequence's cell model as a member bundle, exported as
     * {@link #export} exports it, and the stacking models refitted from the run's training-part out-of-fold
     * scores exactly as the study fitted them ({@link LateFusion#stackingModels}): every pattern of available
     * sequences when {@code missing} is {@value FusionBundle#FALLBACK} (the study's rule), the all-sequence one
     * when it is {@value FusionBundle#REFUSE}.
     */
    public static Exported exportFused(Path runDir, String comparison, int repeat, String missing, Path out) {
        return exportFused(runDir, comparison, repeat, missing, out, null);
    }

    /** As {@link #exportFused(Path, String, int, String, Path)}, with the run's dataset at {@code dataset}. */
    public static Exported exportFused(
            Path runDir, String comparison, int repeat, String missing, Path out, Path dataset) {
        if (UnfinishedRun.is(runDir)) {
            throw UnfinishedRun.refusal(runDir, "the fused model needs its " + RunFiles.RESULTS);
        }
        if (!Files.isDirectory(runDir.resolve("cells")) || !Files.isRegularFile(runDir.resolve(RunFiles.RESULTS))) {
            throw HemametException.invalidInput(
                    runDir + ": not a finished study run directory (no cells/ or " + RunFiles.RESULTS + ")");
        }
        if (!FusionBundle.FALLBACK.equals(missing) && !FusionBundle.REFUSE.equals(missing)) {
            throw HemametException.invalidInput("--missing " + missing + ": must be fallback or refuse");
        }
        String cellId = LateFusion.NAME_MODEL + "__" + comparison + "__r" + repeat;
        List<ResultRow> fused = RunFiles.readAllResults(runDir).stream()
                .filter(r -> LateFusion.NAME_MODEL.equals(r.model()))
                .toList();
        ResultRow row = fused.stream()
                .filter(r -> cellId.equals(r.cellId()))
                .findFirst()
                .orElseThrow(() -> HemametException.invalidInput(runDir.resolve(RunFiles.RESULTS) + ": no late-fused"
                        + " cell " + cellId + " (fused cells: "
                        + (fused.isEmpty()
                                ? "none; the study needs fusion: [late]"
                                : String.join(
                                        ", ",
                                        fused.stream().map(ResultRow::cellId).toList()))
                        + ")"));
        if (!ResultRow.OK.equals(row.status())) {
            throw HemametException.invalidInput(runDir + ": fused cell " + cellId + " is " + row.status());
        }
        checkOut(out);
        List<String> sequences = List.of(row.sequence().split("\\+"));
        List<String> cellIds = LateFusion.memberCells(row);
        Map<String, FusionBundleFiles.MemberFiles> files = new LinkedHashMap<>();
        List<BundleMetadata> metas = new ArrayList<>();
        RunSide side = runSide(runDir, dataset);
        for (int j = 0; j < sequences.size(); j++) {
            Member m = member(runDir, cellIds.get(j), side);
            files.put(sequences.get(j), new FusionBundleFiles.MemberFiles(m.params(), m.metadata(), m.ood()));
            metas.add(m.metadata());
        }
        FusionBundle bundle = LateFusion.fusedModel(
                runDir,
                row,
                metas,
                (sequence, cell) -> FusionBundleFiles.memberDir(sequence),
                missing,
                exportOf(cellId));
        if (bundle == null) {
            throw HemametException.invalidInput(runDir + ": a cell of " + cellId + " kept no out-of-fold scores ("
                    + RunFiles.CALIBRATION_FIT + ")");
        }
        FusionBundleFiles.write(out, bundle, files);
        return new Exported(cellId, out, metas.get(0).input().crop().source());
    }

    /** Refuses an output that exists and is neither empty nor an earlier export. */
    private static void checkOut(Path out) {
        if (Files.exists(out)
                && (!Files.isDirectory(out)
                        || (!isEmpty(out)
                                && !Files.isRegularFile(out.resolve(BundleFiles.METADATA))
                                && !FusionBundleFiles.isFused(out)))) {
            throw HemametException.invalidInput(
                    out + ": exists and is not a model bundle; choose a new or empty" + " directory");
        }
    }

    /**
     * The development dataset's patients and source images, hashed for this bundle ({@link
     * BundleMetadata.Development}), when the run's dataset is still where it recorded it and unchanged (its
     * hash equal to the recorded one); null otherwise (validate then says the overlap could not be checked).
     */
    static BundleMetadata.Development development(RunSide side, String paramsSha256) {
        RunProvenance prov = side.provenance();
        if (prov == null || side.datasetDir() == null || prov.datasetSha256() == null || paramsSha256 == null) {
            return null;
        }
        Path dir = side.datasetDir();
        if (!Files.isRegularFile(dir.resolve(DatasetManifest.FILE_NAME))
                || !prov.datasetSha256().equals(StudyRunner.datasetHash(dir))) {
            return null;
        }
        java.util.TreeSet<String> patients = new java.util.TreeSet<>();
        java.util.TreeSet<String> images = new java.util.TreeSet<>();
        for (DatasetSample x : DatasetManifest.read(dir)) {
            patients.add(BundleMetadata.Development.hash(paramsSha256, x.patientKey()));
            String h = x.sourceSha256();
            if (h != null && h.length() == 64 && !h.chars().allMatch(c -> c == '0')) {
                images.add(BundleMetadata.Development.hash(paramsSha256, h));
            }
        }
        return new BundleMetadata.Development(
                prov.datasetSha256(),
                BundleMetadata.Development.ALL_PATIENTS,
                List.copyOf(patients),
                List.copyOf(images));
    }

    /**
     * {@code hemamet export --baseline radiomics-lr}: the cell's kept radiomics model ({@code
     * baselines/<cell_id>/radiomics-lr.json}) as a radiomics bundle: checked as predict checks it (this
     * version's features and grey levels), with the dataset's crop parameters where the study recorded none,
     * and the export recorded; written to {@code out} atomically.
     */
    public static Exported exportBaseline(Path runDir, String cell, int repeat, String baseline, Path out) {
        return exportBaseline(runDir, cell, repeat, baseline, out, null);
    }

    /** As {@link #exportBaseline(Path, String, int, String, Path)}, with the run's dataset at {@code dataset}. */
    public static Exported exportBaseline(
            Path runDir, String cell, int repeat, String baseline, Path out, Path dataset) {
        if (!ResultRow.RADIOMICS_LR.equals(baseline)) {
            throw HemametException.invalidInput(
                    "--baseline " + baseline + ": only " + ResultRow.RADIOMICS_LR + " can be exported");
        }
        String cellId = cellId(runDir, cell, repeat);
        Path file = runDir.resolve("baselines").resolve(cellId).resolve(BaselineFiles.RADIOMICS_LR);
        if (!Files.isRegularFile(file)) {
            throw HemametException.invalidInput(runDir + ": no " + baseline + " model for cell " + cellId
                    + " (the study ran no radiomics baseline there, or a version that kept none)");
        }
        BaselineModel kept = BaselineFiles.read(file, baseline);
        RadiomicsModel.of(file, kept);
        DatasetCrop crop = datasetCrop(runSide(runDir, dataset));
        if (kept.crop() == null && !crop.found()) {
            throw HemametException.invalidInput(file + ": records no crop parameters and " + crop.source()
                    + "; name the run's dataset with --dataset DIR");
        }
        BaselineModel exported = kept.exportedWith(
                CropParams.toCrop(crop.params(), crop.source()),
                DevelopmentPrevalences.ofCell(runDir, cellId),
                exportOf(cellId));
        BundleInfo.ofRadiomics(exported, file);
        checkOut(out, BaselineFiles.RADIOMICS_LR);
        String json = BaselineFiles.json(exported);
        AtomicFiles.writeDirectory(out, true, tmp -> Files.writeString(tmp.resolve(BaselineFiles.RADIOMICS_LR), json));
        return new Exported(
                cellId, out, kept.crop() != null ? String.valueOf(kept.crop().source()) : crop.source());
    }

    /** The export facts of a cell, now. */
    private static BundleMetadata.Exported exportOf(String cellId) {
        return new BundleMetadata.Exported(
                cellId,
                Version.hemamet(),
                java.time.Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
    }

    /** Refuses an output that exists and is neither empty nor an earlier bundle (holding {@code marker}). */
    private static void checkOut(Path out, String marker) {
        if (Files.exists(out)
                && (!Files.isDirectory(out) || (!isEmpty(out) && !Files.isRegularFile(out.resolve(marker))))) {
            throw HemametException.invalidInput(
                    out + ": exists and is not a model bundle; choose a new or empty" + " directory");
        }
    }

    /** The dataset's crop parameters and where they came from. */
    private record DatasetCrop(LesionCropper.Params params, String source, boolean found) {}

    /**
     * The crop parameters of the run's dataset (its ingest-report.json {@code params.key}); the defaults of the
     * versions before that key (scaled per crop) for a report without one; not found, saying why, when the
     * dataset or its report is not there.
     */
    private static DatasetCrop datasetCrop(RunSide side) {
        if (side.datasetDir() == null) {
            return new DatasetCrop(CropParams.UNRECORDED, "the run records no dataset (no provenance.json)", false);
        }
        Path report = side.datasetDir().resolve(Ingest.REPORT_FILE);
        if (!Files.isRegularFile(report)) {
            return new DatasetCrop(
                    CropParams.UNRECORDED, "the run's dataset has no " + report + " (moved or deleted?)", false);
        }
        String key = Ingest.cropKey(side.datasetDir()).orElse(null);
        if (key == null) {
            return new DatasetCrop(
                    CropParams.UNRECORDED,
                    "defaults (the dataset's ingest-report.json records no crop parameters: a version before them,"
                            + " which scaled per crop)",
                    true);
        }
        try {
            return new DatasetCrop(CropParams.parseKey(key), "dataset ingest-report.json (params.key)", true);
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput(report + ": unsupported crop parameters (" + e.getMessage() + ")");
        }
    }

    /** The run's provenance (or null) and where its dataset is (or null). */
    record RunSide(RunProvenance provenance, Path datasetDir) {}

    /**
     * The run's provenance and dataset: {@code dataset} when given (it must hold the dataset the run was made
     * on: its hash the run's), else where provenance.json says.
     */
    static RunSide runSide(Path runDir, Path dataset) {
        RunProvenance prov = provenance(runDir);
        if (dataset == null) {
            return new RunSide(prov, prov == null || prov.datasetDir() == null ? null : Path.of(prov.datasetDir()));
        }
        if (!Files.isRegularFile(dataset.resolve(DatasetManifest.FILE_NAME))) {
            throw HemametException.invalidInput(
                    "--dataset " + dataset + ": not a dataset (no " + DatasetManifest.FILE_NAME + ")");
        }
        if (prov != null && prov.datasetSha256() != null) {
            String hash = StudyRunner.datasetHash(dataset);
            if (!prov.datasetSha256().equals(hash)) {
                throw HemametException.invalidInput("--dataset " + dataset + ": not the dataset this run was made on"
                        + " (its hash " + hash.substring(0, 12) + ", the run's "
                        + prov.datasetSha256()
                                .substring(0, Math.min(12, prov.datasetSha256().length())) + ")");
            }
        }
        return new RunSide(prov, dataset);
    }

    /** The cell id of {@code SEQUENCE/COMPARISON} and {@code repeat}; refuses one the run does not have. */
    private static String cellId(Path runDir, String cell, int repeat) {
        if (!Files.isDirectory(runDir.resolve("cells"))) {
            throw HemametException.invalidInput(runDir + ": not a study run directory (no cells/)");
        }
        String[] parts = cell.split("/");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw HemametException.invalidInput(
                    "--cell " + cell + ": expected SEQUENCE/COMPARISON, e.g." + " T2/hemangioma-vs-metastases");
        }
        if (repeat < 0) {
            throw HemametException.invalidInput("--repeat " + repeat + ": must be >= 0");
        }
        Sequence seq;
        try {
            seq = Sequence.parse(parts[0]);
        } catch (HemametException e) {
            throw HemametException.invalidInput("--cell " + cell + ": " + e.getMessage());
        }
        String cellId = seq.name() + "__" + parts[1].trim() + "__r" + repeat;
        Path cellDir = runDir.resolve("cells").resolve(cellId);
        if (!Files.isDirectory(cellDir)) {
            if (UnfinishedRun.is(runDir) && UnfinishedRun.plans(runDir, cellId)) {
                throw UnfinishedRun.refusal(runDir, "--cell " + cell + " --repeat " + repeat + " is not done yet");
            }
            throw HemametException.invalidInput("--cell " + cell + " --repeat " + repeat + ": " + runDir
                    + " has no such cell (it has: " + cellOptions(cells(runDir)) + ")");
        }
        return cellId;
    }

    /**
     * Cell directory names ({@code T1__hemangioma-vs-breast__r0}) as the {@code --cell}/{@code --repeat} options
     * that name them ({@code T1/hemangioma-vs-breast}, with {@code --repeat N} when a run has several), in order.
     */
    static String cellOptions(List<String> cellIds) {
        Map<String, List<String>> repeats = new TreeMap<>();
        List<String> other = new ArrayList<>();
        for (String id : cellIds) {
            String[] p = id.split("__");
            if (p.length == 3 && p[2].matches("r\\d{1,9}") && !p[0].startsWith("fusion-")) {
                repeats.computeIfAbsent(p[0] + "/" + p[1], k -> new ArrayList<>())
                        .add(p[2].substring(1));
            } else {
                other.add(id);
            }
        }
        List<String> out = new ArrayList<>();
        repeats.forEach((cell, rs) -> {
            rs.sort(java.util.Comparator.comparingInt(Integer::parseInt));
            out.add(rs.equals(List.of("0")) ? cell : cell + " (--repeat " + String.join("|", rs) + ")");
        });
        return out.isEmpty() ? String.join(", ", other) : String.join(", ", out);
    }

    /** The study's dataset as its provenance records it (an empty record without provenance). */
    private static BundleMetadata.Dataset dataset(RunProvenance prov) {
        if (prov == null) {
            return BundleMetadata.Dataset.UNKNOWN;
        }
        return new BundleMetadata.Dataset(
                orEmpty(prov.datasetSha256()),
                prov.seed(),
                orEmpty(prov.hemametVersion()),
                orEmpty(prov.configSha256()));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The run's provenance.json, or null when absent or unreadable (the export then uses defaults). */
    private static RunProvenance provenance(Path runDir) {
        try {
            return RunFiles.readProvenance(runDir);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<String> cells(Path runDir) {
        try (Stream<Path> s = Files.list(runDir.resolve("cells"))) {
            return s.filter(Files::isDirectory)
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String status(Path cellDir) {
        CellResult r;
        try {
            r = RunFiles.readCellResult(cellDir);
        } catch (RuntimeException e) {
            r = null;
        }
        if (r == null) {
            return "unknown: no result.json, the cell has not finished";
        }
        String msg = r.row().message() == null ? "" : r.row().message();
        return (r.row().status() == null ? "?" : r.row().status()) + (msg.isEmpty() ? "" : ": " + msg);
    }

    private static JsonNode readJson(Path f) {
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return Json.mapper().readTree(f.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
