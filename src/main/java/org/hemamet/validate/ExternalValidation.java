package org.hemamet.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.DecisionCurveRow;
import org.hemamet.contract.FusedPredictionRow;
import org.hemamet.contract.FusionBundle;
import org.hemamet.contract.Interval;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.ValidationFiles;
import org.hemamet.contract.ValidationProvenance;
import org.hemamet.contract.ValidationRow;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Version;
import org.hemamet.ingest.Ingest;
import org.hemamet.model.ModelInfo;
import org.hemamet.predict.AnatomyCheck;
import org.hemamet.predict.EarlyFusedPredictor;
import org.hemamet.predict.Predictor;
import org.hemamet.report.ValidationReport;
import org.hemamet.study.Comparison;
import org.hemamet.study.CropLoader;
import org.hemamet.study.DecisionCurves;
import org.hemamet.study.EarlyFusion;
import org.hemamet.study.LateFusion;
import org.hemamet.study.StudyRunner;

/**
 * {@code hemamet validate}: development models evaluated on an external dataset, as its steps:
 * <ol>
 *   <li>targets: one bundle (a late-fused one too, {@link LateFusedModel}), or every evaluated cell's final
 *       model of a run ({@code cells/<id>/model}; a {@code fusion-late} row: its sequence cells' models and
 *       stacking models), each with the development study's test-set AUC;</li>
 *   <li>crop check: the external dataset's crop parameters ({@code ingest-report.json} {@code params.key})
 *       must equal the development ones ({@link Development}) and every model's (each member's of a late-fused
 *       one), else refused (exit 2) naming both;</li>
 *   <li>overlap check: no patient (pseudonym key) and no source image (SHA-256) of the external dataset
 *       may be in the development dataset, else refused (exit 3). Pseudonym keys only coincide when both
 *       datasets were ingested with the same key file; the image hashes are compared regardless;</li>
 *   <li>scope ({@link #scope}): a lesion whose image lies outside a model's {@code anatomy} (another plane or
 *       body-part region than its training images', which predict refuses) is left out of that model's evaluation
 *       and counted, unless {@code allowAnatomyMismatch};</li>
 *   <li>evaluate ({@link ValidationEvaluation}): each model on the external lesions of its sequence and
 *       comparison (a fused model: one prediction per lesion, as {@code predict --dataset} makes it), at the
 *       bundle's threshold and with the bundle's calibration (nothing fitted on the external set);</li>
 *   <li>write ({@link ValidationFiles}): the output directory, atomically, with its report.</li>
 * </ol>
 */
public final class ExternalValidation {
    private ExternalValidation() {}

    /**
     * What to validate.
     *
     * @param bundle      one model bundle, or null with {@code run}
     * @param run         a study run directory (every evaluated cell's final model), or null with {@code bundle}
     * @param dataset     the external dataset (made by {@code hemamet ingest})
     * @param development the development dataset, or null to use the one the run recorded
     * @param out         the output directory (new, or an earlier validation's, which is replaced)
     * @param seed        bootstrap seed
     * @param bootstrap   bootstrap resamples
     * @param allowAnatomyMismatch keep the lesions outside a model's anatomy (counted all the same)
     */
    public record Request(
            Path bundle,
            Path run,
            Path dataset,
            Path development,
            Path out,
            long seed,
            int bootstrap,
            boolean allowAnatomyMismatch) {
        /** A request that leaves lesions outside a model's anatomy out, as predict refuses them. */
        public Request(Path bundle, Path run, Path dataset, Path development, Path out, long seed, int bootstrap) {
            this(bundle, run, dataset, development, out, seed, bootstrap, false);
        }
    }

    /**
     * What was done.
     *
     * @param rows         validation.csv's rows
     * @param overlapCheck how patient overlap was ruled out, in words
     * @param outOfScope   cell id to its external lesions outside the model's anatomy (cells with none left out)
     */
    public record Outcome(List<ValidationRow> rows, String overlapCheck, Map<String, Integer> outOfScope) {}

    /**
     * One model to evaluate: a bundle, or a late-fused model ({@code late} not null; {@code meta} its first
     * member's).
     */
    private record Target(
            String cellId, Path bundleDir, BundleMetadata meta, Interval internalAuc, LateFusedModel late) {
        Target(String cellId, Path bundleDir, BundleMetadata meta, Interval internalAuc) {
            this(cellId, bundleDir, meta, internalAuc, null);
        }

        /** The model's parameters: its bundle's, or a late-fused model's members' joined by '+'. */
        String paramsSha256() {
            return late != null ? late.paramsSha256() : String.valueOf(meta.paramsSha256());
        }
    }

    public static Outcome run(Request r) {
        checkOut(r.out());
        try (org.hemamet.core.DirectoryLock reading =
                org.hemamet.cohort.DatasetLock.forReading(r.dataset()).orElse(null)) {
            return runHeld(r); // an ingest replacing the external dataset meanwhile is refused
        }
    }

    private static Outcome runHeld(Request r) {
        String started = now();
        List<Target> targets = r.run() != null ? targetsOfRun(r.run()) : List.of(targetOfBundle(r.bundle()));
        List<DatasetSample> external = DatasetManifest.read(r.dataset());
        if (external.isEmpty()) {
            throw HemametException.dataState(
                    r.dataset().resolve("dataset.csv") + ": no samples (header only); nothing to validate");
        }
        String externalKey = Development.ingestCropKey(r.dataset());
        if (externalKey == null) {
            throw HemametException.invalidInput(r.dataset().resolve(Ingest.REPORT_FILE)
                    + ": not found or records no crop parameters (params.key); make the dataset with 'hemamet"
                    + " ingest'");
        }
        Development dev =
                Development.of(targets.get(0).bundleDir(), targets.get(0).meta(), r.run(), r.development());
        checkCrop(r.dataset(), externalKey, dev);
        String externalHash = StudyRunner.datasetHash(r.dataset());
        String overlap = checkOverlap(
                r.dataset(), external, externalHash, dev, targets.get(0).meta());

        List<ValidationEvaluation> evaluations = new ArrayList<>();
        Map<String, String> bundles = new LinkedHashMap<>();
        for (Target t : targets) {
            if (t.late() == null) {
                checkCrop(r.dataset(), externalKey, dev.forBundle(t.meta()));
            } else {
                t.late()
                        .memberMetas()
                        .forEach((seq, meta) -> checkCrop(r.dataset(), externalKey, dev.forMember(seq, meta)));
            }
        }
        Map<String, Integer> outOfScope = new LinkedHashMap<>();
        for (Target t : targets) {
            Scope scope = scope(t, external);
            if (scope.outside() > 0) {
                outOfScope.put(t.cellId(), scope.outside());
            }
            evaluations.add(evaluate(t, r.allowAnatomyMismatch() ? external : scope.samples(), r));
            bundles.put(t.cellId(), t.paramsSha256());
        }
        Map<String, Object> engine = ModelInfo.versions();
        ValidationProvenance prov = new ValidationProvenance(
                Version.hemamet(),
                System.getProperty("java.version"),
                String.valueOf(engine.get("djl_version")),
                String.valueOf(engine.get("pytorch_version")),
                externalHash,
                externalKey,
                dev.cropKey(),
                dev.cropSource(),
                dev.datasetSha256(),
                overlap,
                bundles,
                outOfScope,
                r.allowAnatomyMismatch(),
                sourceFormats(r.dataset()),
                r.seed(),
                r.bootstrap(),
                started,
                now(),
                org.hemamet.provenance.Provenance.machine(),
                engine);
        List<ValidationRow> rows =
                evaluations.stream().map(ValidationEvaluation::row).toList();
        List<PredictionRow> predictions = new ArrayList<>();
        evaluations.forEach(e -> predictions.addAll(e.predictions()));
        List<DecisionCurveRow> curves =
                DecisionCurves.of(predictions, prevalences(evaluations, r), r.bootstrap(), r.seed());
        AtomicFiles.writeDirectory(r.out(), true, dir -> {
            ValidationFiles.writeResults(dir, rows);
            ValidationFiles.writePredictions(dir, predictions);
            ValidationFiles.writeDecisionCurves(dir, curves);
            ValidationFiles.writeProvenance(dir, prov);
            ValidationReport.write(dir, rows, rocs(evaluations), curves, prov, r.run() != null);
        });
        return new Outcome(rows, overlap, outOfScope);
    }

    /**
     * What the external dataset's crops were cut from, summed over its sequences (ingest-report.json
     * {@code source_formats.by_sequence}); null when the report has none (older ingest) or cannot be read.
     */
    static Map<String, Integer> sourceFormats(Path dataset) {
        com.fasterxml.jackson.databind.JsonNode bySequence;
        try {
            bySequence = org.hemamet.core.Json.mapper()
                    .readTree(dataset.resolve(Ingest.REPORT_FILE).toFile())
                    .path("source_formats")
                    .path("by_sequence");
        } catch (java.io.IOException e) {
            return null;
        }
        if (!bySequence.isObject()) {
            return null;
        }
        Map<String, Integer> n = new java.util.TreeMap<>();
        bySequence.forEach(seq -> seq.fields()
                .forEachRemaining(f -> n.merge(f.getKey(), f.getValue().asInt(), Integer::sum)));
        return n;
    }

    /**
     * The decision curves' prevalences: each bundle's calibrated probabilities (at the development cohort's
     * prevalence the bundle records, as {@code predict} gives them, or at its fit prevalence in a bundle of an older
     * version), moved to the development cell's training part before balancing from the run's split.csv where the
     * run is at hand ({@code --run}; a late-fused model's: its sequences' cells' pooled prevalence), else left as
     * they are. Nothing from the external dataset.
     */
    private static DecisionCurves.Prevalences prevalences(List<ValidationEvaluation> evaluations, Request r) {
        Map<String, Double> fitted = new LinkedHashMap<>();
        evaluations.forEach(e -> fitted.put(e.row().cellId(), e.calibrationPrevalence()));
        Map<String, ResultRow> fused = new LinkedHashMap<>();
        if (r.run() != null) {
            RunFiles.readAllResults(r.run()).stream()
                    .filter(row -> LateFusion.NAME_MODEL.equals(row.model()))
                    .forEach(row -> fused.put(row.cellId(), row));
        }
        Map<String, Double> cohort = new LinkedHashMap<>();
        return new DecisionCurves.Prevalences() {
            @Override
            public double from(String cellId, String model) {
                return fitted.getOrDefault(cellId, Double.NaN);
            }

            @Override
            public double to(String cellId) {
                return r.run() == null
                        ? from(cellId, "")
                        : cohort.computeIfAbsent(
                                cellId, id -> DecisionCurves.developmentPrevalence(r.run(), id, fused.get(id)));
            }
        };
    }

    private static Map<String, org.hemamet.metrics.RocCurve> rocs(List<ValidationEvaluation> evaluations) {
        Map<String, org.hemamet.metrics.RocCurve> m = new LinkedHashMap<>();
        for (ValidationEvaluation e : evaluations) {
            if (e.roc() != null) {
                m.put(e.row().cellId(), e.roc());
            }
        }
        return m;
    }

    /** Refuses an external dataset cropped otherwise than the development one (exit 2), naming both. */
    static void checkCrop(Path dataset, String externalKey, Development dev) {
        if (!externalKey.equals(dev.cropKey())) {
            throw HemametException.invalidInput(dataset.resolve(Ingest.REPORT_FILE) + ": crop parameters "
                    + externalKey + " differ from the development model's " + dev.cropKey() + " (from "
                    + dev.cropSource() + "); ingest the external cohort with the development crop parameters");
        }
    }

    /**
     * Refuses (exit 3) an external dataset that is the development dataset or shares patients or source images
     * with it; returns precisely what was checked and what was not, in words. Checked, as far as each is known:
     * (1) the external dataset's hash against the development dataset's recorded hash (the run's provenance or
     * the bundle's {@code dataset.sha256}); (2) patients (pseudonym keys) and source images (SHA-256) against
     * the development dataset itself when it is at hand, else against the hashes an exported bundle records
     * ({@code development}, {@link BundleMetadata.Development}). Pseudonym keys only coincide when both
     * datasets were ingested with the same key file; the image hashes are compared regardless.
     */
    static String checkOverlap(
            Path dataset, List<DatasetSample> external, String externalHash, Development dev, BundleMetadata meta) {
        List<String> checked = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        if (dev.datasetSha256().isEmpty()) {
            notChecked.add("whether it is the development dataset itself (the model records no dataset hash)");
        } else if (dev.datasetSha256().equals(externalHash)) {
            throw HemametException.dataState(dataset + ": is the development dataset itself (same hash "
                    + Development.shortHash(externalHash) + "); an external validation needs other patients");
        } else {
            checked.add("the dataset hash differs from the development dataset's ("
                    + Development.shortHash(dev.datasetSha256()) + ")");
        }
        Set<String> patients = new HashSet<>();
        external.forEach(s -> patients.add(s.patientKey()));
        Set<String> images = Development.sourceImages(external);
        BundleMetadata.Development recorded = meta == null ? null : meta.development();
        String against;
        if (dev.datasetDir() != null) {
            Set<String> devPatients = dev.patients();
            Set<String> devImages = dev.sourceImages();
            against = "the development dataset's " + devPatients.size() + " patients and " + devImages.size()
                    + " source images";
            patients.retainAll(devPatients);
            images.retainAll(devImages);
        } else if (recorded != null && recorded.patients() != null && recorded.sourceImages() != null) {
            String salt = meta.paramsSha256();
            Set<String> devPatients = new HashSet<>(recorded.patients());
            Set<String> devImages = new HashSet<>(recorded.sourceImages());
            patients.removeIf(k -> !devPatients.contains(BundleMetadata.Development.hash(salt, k)));
            images.removeIf(h -> !devImages.contains(BundleMetadata.Development.hash(salt, h)));
            against = "the " + devPatients.size() + " patient and " + devImages.size() + " source image hashes"
                    + " the bundle records (" + recorded.scope() + "; the development dataset itself is not at"
                    + " hand)";
        } else {
            notChecked.add("shared patients and source images: " + dev.note() + ", and the bundle records no"
                    + " development patient or image hashes (export it with 'hemamet export' from its run while"
                    + " the run's dataset is in place)");
            return describe(checked, notChecked);
        }
        if (!patients.isEmpty() || !images.isEmpty()) {
            throw HemametException.dataState(dataset + ": shares " + patients.size() + " patients (pseudonym keys)"
                    + " and " + images.size() + " source images (SHA-256) with " + against + "; an external"
                    + " validation needs patients that played no part in the development");
        }
        checked.add("no shared source image (SHA-256) with " + against);
        checked.add("no shared patient pseudonym key with them (comparable only when both datasets were ingested"
                + " with the same key file)");
        return describe(checked, notChecked);
    }

    private static String describe(List<String> checked, List<String> notChecked) {
        return "checked: " + (checked.isEmpty() ? "nothing" : String.join("; ", checked))
                + (notChecked.isEmpty() ? "" : ". Not checked: " + String.join("; ", notChecked));
    }

    /** One model on the external lesions of its sequence and comparison. */
    /**
     * A target's external samples within its model's anatomy ({@link BundleMetadata#anatomy}; the study's scope for a
     * bundle that records none): every sample of a lesion of its comparison whose crop of one of its sequences lies
     * outside ({@link AnatomyCheck#mismatches(String, String, BundleMetadata.Anatomy)}) is left out, and {@code
     * outside} counts those lesions.
     */
    record Scope(List<DatasetSample> samples, int outside) {}

    static Scope scope(Target t, List<DatasetSample> external) {
        BundleMetadata.Anatomy anatomy = t.meta().anatomy() == null
                ? BundleMetadata.Anatomy.STUDIED
                : t.meta().anatomy();
        if (t.late() == null && (t.meta().input() == null || t.meta().input().sequence() == null)) {
            return new Scope(external, 0); // a bundle that names no sequence: evaluate() refuses it
        }
        List<Sequence> sequences = t.late() != null
                ? t.late().sequences()
                : java.util.Arrays.stream(t.meta().input().sequence().split("\\+"))
                        .map(Sequence::parse)
                        .toList();
        Comparison cmp = Comparison.parse(
                t.late() != null ? t.late().bundle().comparison() : t.meta().comparison());
        Set<String> outside = new HashSet<>();
        for (DatasetSample s : external) {
            if (sequences.contains(s.sequence())
                    && cmp.label(s.diagnosis()) >= 0
                    && !AnatomyCheck.mismatches(s.bodyPart(), s.plane(), anatomy)
                            .isEmpty()) {
                outside.add(s.patientKey() + "/" + s.lesionId());
            }
        }
        List<DatasetSample> inside = external.stream()
                .filter(s -> !outside.contains(s.patientKey() + "/" + s.lesionId()))
                .toList();
        return new Scope(inside, outside.size());
    }

    private static ValidationEvaluation evaluate(Target t, List<DatasetSample> external, Request r) {
        if (t.late() != null) {
            return evaluateLate(t, external, r);
        }
        if (EarlyFusedPredictor.isEarly(t.bundleDir())) {
            return evaluateEarly(t, external, r);
        }
        try (Predictor p = Predictor.open(t.bundleDir())) {
            var info = p.info();
            String cmpName = t.meta().comparison();
            if (cmpName == null || cmpName.isEmpty()) {
                throw HemametException.invalidInput(
                        t.bundleDir().resolve(BundleFiles.METADATA) + ": records no comparison");
            }
            Comparison cmp = Comparison.parse(cmpName);
            Sequence seq = info.sequence();
            List<DatasetSample> lesions = new ArrayList<>();
            List<Integer> labelList = new ArrayList<>();
            for (DatasetSample s : external) {
                int label = cmp.label(s.diagnosis());
                if (s.sequence() == seq && label >= 0) {
                    lesions.add(s);
                    labelList.add(label);
                }
            }
            CropLoader loader = new CropLoader(r.dataset(), info.inputSize());
            float[][] images = new float[lesions.size()][];
            for (int i = 0; i < images.length; i++) {
                images[i] = loader.load(lesions.get(i).cropPath());
            }
            double[] scores = images.length == 0 ? new double[0] : p.model().predictPositive(images);
            int[] labels = labelList.stream().mapToInt(Integer::intValue).toArray();
            ValidationEvaluation.Model model = new ValidationEvaluation.Model(
                    t.cellId(),
                    seq.name(),
                    cmp.name(),
                    repeatOf(t.cellId()),
                    info.threshold(),
                    info.thresholdRule(),
                    info.calibration(),
                    t.internalAuc(),
                    t.paramsSha256());
            return ValidationEvaluation.of(model, lesions, labels, scores, r.seed(), r.bootstrap());
        }
    }

    /**
     * An early-fused cell's model on the external lesions: one prediction per lesion (its crops of the fused
     * sequences as channels, missing ones masked, as {@code predict --dataset} does).
     */
    private static ValidationEvaluation evaluateEarly(Target t, List<DatasetSample> external, Request r) {
        try (EarlyFusedPredictor p = EarlyFusedPredictor.open(t.bundleDir())) {
            var info = p.info();
            return evaluateFused(
                    t,
                    external,
                    r,
                    p.sequences(),
                    p.scoreDataset(r.dataset()).rows(), // the crops were checked in run()
                    new Decision(info.threshold(), info.thresholdRule(), info.calibration()),
                    EarlyFusion.NAME_MODEL);
        }
    }

    /**
     * A late-fused model on the external lesions: one prediction per lesion, as {@code predict --dataset} makes
     * it with the fused bundle ({@link org.hemamet.predict.FusedPredictor}: each member scores the lesion's crop
     * of its sequence, the stacking model of the sequences it has combines them), at the fused model's threshold;
     * its calibrated probability is the fused one moved by the prior odds from its stacking set's prevalence to the
     * development one ({@link FusionBundle#moved}; nothing fitted), none for a bundle of an older version.
     */
    private static ValidationEvaluation evaluateLate(Target t, List<DatasetSample> external, Request r) {
        try (org.hemamet.predict.FusedPredictor p = t.late().open()) {
            var b = t.late().bundle();
            return evaluateFused(
                    t,
                    external,
                    r,
                    t.late().sequences(),
                    p.scoreDataset(r.dataset()).rows(), // the crops were checked in run()
                    new Decision(b.threshold(), b.thresholdRule(), priorShift(b)),
                    LateFusion.NAME_MODEL);
        }
    }

    /**
     * A late-fused bundle's move as a calibration: the identity on logit(p), from its stacking set's prevalence to
     * its development prevalence, as {@link FusionBundle#moved}; null when the bundle records them not.
     */
    static org.hemamet.predict.BundleInfo.Calibration priorShift(FusionBundle b) {
        if (!b.movable()) {
            return null;
        }
        return new org.hemamet.predict.BundleInfo.Calibration(
                "prior-shift",
                new org.hemamet.metrics.LogisticCalibration(0, 1, 0, 0, "", Double.NaN, Double.NaN),
                b.stackingPrevalence(),
                "none fitted: the stacking probability moved from its training lesions' prevalence",
                Double.NaN,
                Double.NaN,
                b.developmentPrevalence());
    }

    /** A fused model's threshold, how it was chosen, and its calibration (null when none). */
    private record Decision(double threshold, String rule, org.hemamet.predict.BundleInfo.Calibration calibration) {}

    /**
     * A fused model's per-lesion predictions ({@code predict --dataset}'s rows, grouped by patient_key and
     * lesion_id) evaluated on the lesions of its comparison that have any of its sequences; a lesion's
     * prediction row carries the id of its first crop in dataset order.
     */
    private static ValidationEvaluation evaluateFused(
            Target t,
            List<DatasetSample> external,
            Request r,
            List<Sequence> sequences,
            List<FusedPredictionRow> rows,
            Decision d,
            String modelName) {
        Comparison cmp = Comparison.parse(
                t.late() != null ? t.late().bundle().comparison() : t.meta().comparison());
        Map<String, DatasetSample> first = new LinkedHashMap<>();
        for (DatasetSample s : external) {
            if (sequences.contains(s.sequence()) && cmp.label(s.diagnosis()) >= 0) {
                first.putIfAbsent(s.patientKey() + "/" + s.lesionId(), s);
            }
        }
        Map<String, Double> byLesion = new LinkedHashMap<>();
        for (FusedPredictionRow row : rows) {
            byLesion.put(row.patientKey() + "/" + row.lesionId(), row.probability());
        }
        List<DatasetSample> lesions = new ArrayList<>(first.values());
        int[] labels = lesions.stream().mapToInt(s -> cmp.label(s.diagnosis())).toArray();
        double[] scores = first.keySet().stream().mapToDouble(byLesion::get).toArray();
        ValidationEvaluation.Model model = new ValidationEvaluation.Model(
                t.cellId(),
                sequences.stream().map(Sequence::name).collect(java.util.stream.Collectors.joining("+")),
                cmp.name(),
                repeatOf(t.cellId()),
                d.threshold(),
                d.rule(),
                d.calibration(),
                t.internalAuc(),
                t.paramsSha256(),
                modelName);
        return ValidationEvaluation.of(model, lesions, labels, scores, r.seed(), r.bootstrap());
    }

    private static List<Target> targetsOfRun(Path runDir) {
        if (org.hemamet.study.UnfinishedRun.is(runDir)) {
            throw org.hemamet.study.UnfinishedRun.refusal(
                    runDir, "validating its models needs its " + RunFiles.RESULTS);
        }
        if (!Files.isDirectory(runDir.resolve(RunFiles.CELLS))
                || !Files.isRegularFile(runDir.resolve(RunFiles.RESULTS))) {
            throw HemametException.invalidInput(runDir + ": not a finished study run directory (no " + RunFiles.RESULTS
                    + " or " + RunFiles.CELLS + "/)");
        }
        List<Target> targets = new ArrayList<>();
        for (ResultRow row : RunFiles.readAllResults(runDir)) {
            Path bundle = RunFiles.cellDir(runDir, row.cellId()).resolve(RunFiles.MODEL);
            if (ResultRow.OK.equals(row.status()) && LateFusion.NAME_MODEL.equals(row.model())) {
                LateFusedModel late = LateFusedModel.ofRun(runDir, row); // its sequence cells' models
                if (late != null) {
                    targets.add(new Target(
                            row.cellId(),
                            late.memberDirs().values().iterator().next(),
                            late.first(),
                            new Interval(row.auc(), row.aucLo(), row.aucHi()),
                            late));
                }
                continue;
            }
            if (!ResultRow.OK.equals(row.status())
                    || !(row.fromCnn() || EarlyFusion.NAME_MODEL.equals(row.model()))
                    || !Files.isRegularFile(bundle.resolve(BundleFiles.METADATA))) {
                continue;
            }
            targets.add(new Target(
                    row.cellId(), bundle, metadata(bundle), new Interval(row.auc(), row.aucLo(), row.aucHi())));
        }
        if (targets.isEmpty()) {
            throw HemametException.dataState(runDir + ": no evaluated cell with a model bundle");
        }
        return targets;
    }

    private static Target targetOfBundle(Path bundle) {
        if (bundle != null && org.hemamet.contract.FusionBundleFiles.isFused(bundle)) {
            LateFusedModel late = LateFusedModel.ofBundle(bundle);
            BundleMetadata.Metric auc = late.bundle().testAuc();
            Interval internal = auc == null ? Interval.NONE : new Interval(auc.value(), auc.lower(), auc.upper());
            String cellId =
                    late.bundle().cellId() == null || late.bundle().cellId().isEmpty()
                            ? "bundle"
                            : late.bundle().cellId();
            return new Target(cellId, bundle, late.first(), internal, late);
        }
        if (bundle == null || !Files.isRegularFile(bundle.resolve(BundleFiles.METADATA))) {
            throw HemametException.invalidInput(bundle + ": not a model bundle (no " + BundleFiles.METADATA + ")");
        }
        BundleMetadata meta = metadata(bundle);
        BundleMetadata.Metric auc =
                meta.testMetrics() == null ? null : meta.testMetrics().auc();
        Interval internal = auc == null ? Interval.NONE : new Interval(auc.value(), auc.lower(), auc.upper());
        String cellId = meta.cellId() == null || meta.cellId().isEmpty() ? "bundle" : meta.cellId();
        return new Target(cellId, bundle, meta, internal);
    }

    private static BundleMetadata metadata(Path bundle) {
        Path f = bundle.resolve(BundleFiles.METADATA);
        return BundleFiles.typed(f, BundleFiles.readMetadata(f));
    }

    /** The repeat of a cell id ({@code <SEQ>__<comparison>__r<n>}), 0 when it has none. */
    static int repeatOf(String cellId) {
        int i = cellId.lastIndexOf("__r");
        if (i < 0) {
            return 0;
        }
        try {
            return Integer.parseInt(cellId.substring(i + 3));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Refuses an output directory that holds something other than an earlier validation. */
    private static void checkOut(Path out) {
        if (Files.exists(out)
                && (!Files.isDirectory(out)
                        || (!isEmpty(out) && !Files.isRegularFile(out.resolve(ValidationFiles.RESULTS))))) {
            throw HemametException.invalidInput(
                    out + ": exists and is not a validation output; choose a new or empty directory");
        }
    }

    private static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
