package org.hemamet.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.HeatMapIndex;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.RunProvenance;
import org.hemamet.contract.SplitRow;
import org.hemamet.core.HemametException;
import org.hemamet.report.StudyRun.Cell;

/**
 * Everything the report shows, computed once from the run directory (and the dataset directory when
 * known): sorted cells, the cell per sequence highlighted by its validation AUC, counts, partitions, the gallery of errors with its
 * images. The sections only format it.
 *
 * @param run           the run as read
 * @param runName       the run directory's name
 * @param runTime       when the run finished (provenance.json {@code finished}, UTC), or null
 * @param datasetDir    the dataset directory, or null when not known
 * @param dataset       counts of dataset.csv, or null when not read
 * @param exclusions    the exclusions of ingest-report.json, or null when not read
 * @param paper         the published study's numbers
 * @param cells         the cells in report order (sequence, comparison, repeat)
 * @param best          ids of the cell per sequence whose chosen search trial had the highest validation
 *                      AUC (never a test-set number)
 * @param repeats       whether any cell has a repeat other than 0
 * @param bySequence    the cells grouped by sequence, then comparison, in report order
 * @param partitions    one row per cell, in report order
 * @param testPatients  per cell id, the patients of its test predictions (cells without predictions absent)
 * @param gallery       the misclassified test lesions, or null when predictions.csv is absent
 * @param modelMetadata the model bundle metadata.json of the first cell that has a bundle, or null
 * @param notAvailable  inputs the report could not use, in the order it found out
 * @param about         the authors' about file, or null when none was given or found beside the run
 */
record ReportModel(
        StudyRun run,
        String runName,
        String runTime,
        Path datasetDir,
        DatasetCounts dataset,
        Exclusions exclusions,
        PaperReference paper,
        List<Cell> cells,
        Set<String> best,
        boolean repeats,
        List<SequenceGroup> bySequence,
        List<PartitionRow> partitions,
        Map<String, Integer> testPatients,
        Gallery gallery,
        BundleMetadata modelMetadata,
        List<String> notAvailable,
        StudyAbout about) {

    /** Errors shown in the gallery at most. */
    static final int GALLERY_LIMIT = 60;
    /** Side of a gallery image (crop and heat map), in CSS pixels. */
    static final int THUMB = 128;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT).withZone(ZoneId.of("UTC"));

    /** Patients, lesions and crops of dataset.csv; crops per sequence and diagnosis. */
    record DatasetCounts(
            long patients,
            long lesions,
            int crops,
            List<String> diagnoses,
            Map<String, Map<String, Integer>> bySequence) {}

    /** Items ingest excluded, counted by reason, and the ingest report itself. */
    record Exclusions(Map<String, Integer> byReason, JsonNode ingestReport) {
        /** All excluded items, or null when the ingest report lists none. */
        Integer total() {
            return byReason.isEmpty()
                    ? null
                    : byReason.values().stream().mapToInt(i -> i).sum();
        }
    }

    /** The cells of one sequence, by comparison. */
    record SequenceGroup(String sequence, List<ComparisonGroup> comparisons) {}

    /** The cells (repeats) of one sequence × comparison. */
    record ComparisonGroup(String comparison, List<Cell> cells) {}

    /** A cell's partition sizes: from split.csv when present ({@code split} non-null), else results.csv. */
    record PartitionRow(Cell cell, SplitCounts split) {}

    /** Counts measured from split.csv. */
    record SplitCounts(
            long trainNeg,
            long trainPos,
            long testNeg,
            long testPos,
            long dropped,
            int trainPatients,
            int testPatients,
            int patientOverlap) {}

    /**
     * The misclassified test lesions.
     *
     * @param predictions test predictions in predictions.csv
     * @param wrong       of those, misclassified
     * @param cases       the ones shown (at most {@link #GALLERY_LIMIT}, most confident first per cell order)
     */
    record Gallery(int predictions, int wrong, List<GalleryCase> cases) {
        int heatMaps() {
            return (int) cases.stream().filter(c -> c.heatMap() != null).count();
        }
    }

    /**
     * One gallery case.
     *
     * @param prediction    its predictions.csv row
     * @param thumbnail     the crop for display (PNG), or null when not available
     * @param heatMap       the heat map the heat-map step wrote (PNG, scaled for display), or null
     * @param heatMapReason why there is no heat map, or null
     * @param heatMapEntry  the index's entry of the lesion, or null; of an early-fused cell it names the fused
     *                      sequences (one panel each in the heat map) and the masked ones
     * @param heatMapWidth  the heat map's width in CSS pixels at height {@link #THUMB} ({@link #THUMB} for one
     *                      crop, wider for an early-fused lesion's panels)
     */
    record GalleryCase(
            PredictionRow prediction,
            byte[] thumbnail,
            byte[] heatMap,
            String heatMapReason,
            HeatMapIndex.Case heatMapEntry,
            int heatMapWidth) {
        /** Whether the lesion is an early-fused cell's (one crop per fused sequence, shown in the heat map). */
        boolean fused() {
            return heatMapEntry != null && heatMapEntry.fused();
        }
    }

    /** Reads what the report needs besides the run and computes the model. */
    static ReportModel of(StudyRun run, Path datasetDir, PaperReference paper) {
        return of(run, datasetDir, paper, null);
    }

    /** As {@link #of(StudyRun, Path, PaperReference)}, with the authors' about file (null: none). */
    static ReportModel of(StudyRun run, Path datasetDir, PaperReference paper, StudyAbout about) {
        return of(run, datasetDir, paper, about, "");
    }

    /**
     * As {@link #of(StudyRun, Path, PaperReference, StudyAbout)}; {@code noDataset} says why there is no dataset
     * directory when {@code datasetDir} is null ("" for the usual: none given and none recorded).
     */
    static ReportModel of(StudyRun run, Path datasetDir, PaperReference paper, StudyAbout about, String noDataset) {
        List<String> notAvailable = new ArrayList<>();
        DatasetCounts dataset = null;
        Exclusions exclusions = null;
        if (datasetDir != null) {
            dataset = datasetCounts(datasetDir, notAvailable);
            JsonNode ingest = RunReader.optionalJson(datasetDir, "ingest-report.json", null);
            if (ingest == null) {
                notAvailable.add("the dataset's ingest-report.json");
            } else {
                exclusions = new Exclusions(exclusionReasons(ingest), ingest);
            }
        } else {
            notAvailable.add(noDataset.isEmpty() ? "dataset directory (give --dataset DATASET_DIR)" : noDataset);
        }
        notAvailable.addAll(run.missing());
        List<Cell> cells = sorted(run.cells());
        return new ReportModel(
                run,
                runName(run.dir()),
                runTime(run.provenance()),
                datasetDir,
                dataset,
                exclusions,
                paper,
                cells,
                bestOnValidation(cells),
                run.cells().stream().anyMatch(c -> c.result().repeat() != 0),
                bySequence(cells),
                cells.stream().map(c -> new PartitionRow(c, splitCounts(c))).toList(),
                testPatients(run.predictions()),
                gallery(run, datasetDir),
                modelMetadata(run, cells),
                List.copyOf(notAvailable),
                about);
    }

    /** " · r&lt;repeat&gt;" when the run has repeats, else "". */
    String repeatTag(Cell c) {
        return repeats ? " · r" + c.result().repeat() : "";
    }

    boolean anySplit() {
        return cells.stream().anyMatch(c -> !c.split().isEmpty());
    }

    boolean anySearch() {
        return cells.stream().anyMatch(c -> !c.search().isEmpty());
    }

    // ------------------------------------------------------------------------------------ dataset

    /**
     * {@code message} without {@code dir}'s path: files in it by their names inside it, the directory itself as
     * {@code noun}. The report names files, never where they lie (a path may carry a patient's or a hospital's
     * name).
     */
    static String withoutPath(String message, Path dir, String noun) {
        String out = message == null ? "" : message;
        for (Path p : List.of(dir.toAbsolutePath().normalize(), dir)) {
            out = out.replace(p + java.io.File.separator, "").replace(p.toString(), noun);
        }
        return out;
    }

    private static DatasetCounts datasetCounts(Path datasetDir, List<String> notAvailable) {
        List<DatasetSample> ds;
        try {
            ds = DatasetManifest.read(datasetDir);
        } catch (HemametException e) {
            notAvailable.add("the dataset's " + withoutPath(e.getMessage(), datasetDir, "the dataset directory"));
            return null;
        }
        long patients = ds.stream().map(DatasetSample::patientKey).distinct().count();
        long lesions = ds.stream()
                .map(s -> s.patientKey() + "/" + s.lesionId())
                .distinct()
                .count();
        Map<String, Map<String, Integer>> bySeq = new TreeMap<>();
        Set<String> diagnoses = new LinkedHashSet<>();
        ds.stream().sorted(Comparator.comparing(s -> s.diagnosis().ordinal())).forEach(s -> {
            diagnoses.add(s.diagnosis().id());
            bySeq.computeIfAbsent(s.sequence().name(), k -> new LinkedHashMap<>())
                    .merge(s.diagnosis().id(), 1, Integer::sum);
        });
        return new DatasetCounts(patients, lesions, ds.size(), List.copyOf(diagnoses), bySeq);
    }

    /** Counts items with a "reason" field (any depth) by reason. */
    static Map<String, Integer> exclusionReasons(JsonNode ingest) {
        Map<String, Integer> reasons = new TreeMap<>();
        collectReasons(ingest, reasons);
        return reasons;
    }

    private static void collectReasons(JsonNode n, Map<String, Integer> out) {
        if (n.isObject() && n.hasNonNull("reason") && n.get("reason").isValueNode()) {
            out.merge(n.get("reason").asText(), 1, Integer::sum);
            return;
        }
        for (JsonNode child : n) {
            if (child.isContainerNode()) {
                collectReasons(child, out);
            }
        }
    }

    // -------------------------------------------------------------------------------------- cells

    private static List<Cell> sorted(List<Cell> cells) {
        return cells.stream()
                .sorted(Comparator.comparingInt((Cell c) -> seqOrder(c.result().sequence()))
                        .thenComparing(c -> c.result().comparison())
                        .thenComparingInt(c -> c.result().repeat()))
                .toList();
    }

    private static int seqOrder(String s) {
        try {
            return Sequence.parse(s).ordinal();
        } catch (HemametException e) {
            return 99;
        }
    }

    /**
     * Per sequence, the ok cell whose chosen search trial had the highest validation AUC (inner validation
     * split of the training part; ties: the first in report order). Chosen without any test-set number, so
     * highlighting it selects nothing on the test set. Cells without a chosen trial are never highlighted.
     */
    static Set<String> bestOnValidation(List<Cell> sortedCells) {
        Map<String, Cell> best = new LinkedHashMap<>();
        for (Cell c : sortedCells) {
            if (!c.ok() || Double.isNaN(chosenValAuc(c))) {
                continue;
            }
            best.merge(c.result().sequence(), c, (a, b) -> chosenValAuc(b) > chosenValAuc(a) ? b : a);
        }
        Set<String> ids = new LinkedHashSet<>();
        best.values().forEach(c -> ids.add(c.id()));
        return ids;
    }

    /** The validation AUC of the cell's chosen search trial, or NaN when it has none. */
    static double chosenValAuc(Cell c) {
        return c.search().stream()
                .filter(t -> Boolean.TRUE.equals(t.chosen()))
                .mapToDouble(t -> t.valAuc())
                .findFirst()
                .orElse(Double.NaN);
    }

    /** Per cell id, the distinct patients of its test predictions. */
    static Map<String, Integer> testPatients(List<PredictionRow> predictions) {
        Map<String, Set<String>> by = new TreeMap<>();
        for (PredictionRow p : predictions) {
            if (p.cellId() != null) {
                by.computeIfAbsent(p.cellId(), k -> new LinkedHashSet<>()).add(p.patientKey());
            }
        }
        Map<String, Integer> out = new TreeMap<>();
        by.forEach((cell, patients) -> out.put(cell, patients.size()));
        return Map.copyOf(out);
    }

    private static List<SequenceGroup> bySequence(List<Cell> sorted) {
        Map<String, Map<String, List<Cell>>> groups = new LinkedHashMap<>();
        for (Cell c : sorted) {
            groups.computeIfAbsent(c.result().sequence(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.result().comparison(), k -> new ArrayList<>())
                    .add(c);
        }
        List<SequenceGroup> out = new ArrayList<>();
        groups.forEach((seq, comps) -> out.add(new SequenceGroup(
                seq,
                comps.entrySet().stream()
                        .map(e -> new ComparisonGroup(e.getKey(), List.copyOf(e.getValue())))
                        .toList())));
        return List.copyOf(out);
    }

    private static SplitCounts splitCounts(Cell c) {
        if (c.split().isEmpty()) {
            return null;
        }
        Set<String> train = patients(c, SplitRow.TRAIN);
        Set<String> test = patients(c, SplitRow.TEST);
        Set<String> overlap = new LinkedHashSet<>(train);
        overlap.retainAll(test);
        return new SplitCounts(
                count(c, SplitRow.TRAIN, 0),
                count(c, SplitRow.TRAIN, 1),
                count(c, SplitRow.TEST, 0),
                count(c, SplitRow.TEST, 1),
                c.split().stream()
                        .filter(s -> SplitRow.DROPPED.equals(s.partition()))
                        .count(),
                train.size(),
                test.size(),
                overlap.size());
    }

    private static long count(Cell c, String partition, int label) {
        return c.split().stream()
                .filter(s -> s.partition().equals(partition) && s.label() == label)
                .count();
    }

    private static Set<String> patients(Cell c, String partition) {
        Set<String> s = new LinkedHashSet<>();
        c.split().stream()
                .filter(r -> r.partition().equals(partition))
                .map(SplitRow::patientKey)
                .forEach(s::add);
        return s;
    }

    /** The model bundle metadata of the first cell (in report order) that has a bundle, or null. */
    private static BundleMetadata modelMetadata(StudyRun run, List<Cell> sorted) {
        for (Cell c : sorted) {
            Path f = RunFiles.cellDir(run.dir(), c.id()).resolve(RunFiles.MODEL).resolve(BundleFiles.METADATA);
            if (Files.isRegularFile(f)) {
                return BundleFiles.typed(f, BundleFiles.readMetadata(f));
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------ gallery

    private static Gallery gallery(StudyRun run, Path datasetDir) {
        List<PredictionRow> all = new ArrayList<>(run.predictions());
        run.earlyFused().forEach(f -> all.addAll(f.predictions()));
        if (all.isEmpty()) {
            return null;
        }
        List<PredictionRow> wrong = all.stream()
                .filter(p -> p.label() >= 0 && p.predicted() >= 0 && p.label() != p.predicted())
                .sorted(Comparator.comparing(PredictionRow::sequence)
                        .thenComparing(PredictionRow::comparison)
                        .thenComparing(p -> -Math.abs(p.score() - 0.5)))
                .toList();
        List<GalleryCase> cases = wrong.stream()
                .limit(GALLERY_LIMIT)
                .map(p -> galleryCase(run, datasetDir, p))
                .toList();
        return new Gallery(all.size(), wrong.size(), cases);
    }

    private static GalleryCase galleryCase(StudyRun run, Path datasetDir, PredictionRow p) {
        Path crop = datasetDir == null || p.cropPath() == null || p.cropPath().isBlank()
                ? null
                : insideDataset(datasetDir, p.cropPath());
        byte[] thumb = crop == null ? null : Thumbnails.of(crop, THUMB).orElse(null);
        java.util.Optional<StudyRun.FusedCell> fused = run.earlyFused().stream()
                .filter(f -> p.fromEarlyFused() && f.id().equals(p.cellId()))
                .findFirst();
        HeatMapIndex index = fused.isPresent()
                ? fused.get().heatMaps()
                : run.cell(p.cellId()).map(Cell::heatMaps).orElse(null);
        String reason = fused.isEmpty() && run.cell(p.cellId()).isEmpty()
                ? "its cell " + p.cellId() + " is not in results.csv"
                : heatMapReason(index, p.sampleId());
        byte[] heat = null;
        int width = THUMB;
        HeatMapIndex.Case entry =
                index == null ? null : index.find(p.sampleId()).orElse(null);
        if (reason == null) {
            Path file = HeatMapIndex.dir(run.dir(), p.cellId()).resolve(entry.file());
            try {
                BufferedImage img = Thumbnails.readPng(file);
                if (img == null) {
                    throw new IOException("not a PNG image");
                }
                width = entry.fused() ? (int) Math.round((double) THUMB * img.getWidth() / img.getHeight()) : THUMB;
                heat = displayPng(img, width);
            } catch (IOException e) {
                reason = HeatMapIndex.DIR + "/" + file.getFileName() + " not readable ("
                        + withoutPath(e.getMessage(), run.dir(), "the run directory") + ")";
            }
        }
        return new GalleryCase(p, thumb, heat, reason, entry, width);
    }

    /** Why the heat-map index has no map of {@code sampleId}, or null when it lists one. */
    private static String heatMapReason(HeatMapIndex index, String sampleId) {
        if (index == null) {
            return "the heat-map step has not run for this cell (no " + HeatMapIndex.DIR + "/" + HeatMapIndex.FILE
                    + ")";
        }
        if (index.reason() != null) {
            return index.reason();
        }
        HeatMapIndex.Case c = index.find(sampleId).orElse(null);
        if (c == null) {
            return "not in the cell's " + HeatMapIndex.DIR + "/" + HeatMapIndex.FILE;
        }
        if (c.file() != null) {
            return null;
        }
        return c.reason() != null ? c.reason() : "no file recorded";
    }

    /**
     * The heat map at the gallery's height {@link #THUMB} and {@code width} (one crop's map square, an
     * early-fused lesion's panels at their aspect ratio).
     */
    private static byte[] displayPng(BufferedImage img, int width) throws IOException {
        return Thumbnails.scaledPng(
                img, width, THUMB, BufferedImage.TYPE_INT_RGB, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }

    /** The crop file, or null when crop_path would leave the dataset directory. */
    private static Path insideDataset(Path datasetDir, String cropPath) {
        Path root = datasetDir.toAbsolutePath().normalize();
        Path f = root.resolve(cropPath).normalize();
        return f.startsWith(root) ? f : null;
    }

    // ------------------------------------------------------------------------------------- header

    private static String runName(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? dir.toString() : n.toString();
    }

    /** provenance.json {@code finished} as "yyyy-MM-dd HH:mm UTC" (as written when not an instant), or null. */
    static String runTime(RunProvenance provenance) {
        if (provenance == null || provenance.finished() == null) {
            return null;
        }
        String t = provenance.finished();
        try {
            return TIME.format(Instant.parse(t));
        } catch (DateTimeParseException e) {
            return t;
        }
    }
}
