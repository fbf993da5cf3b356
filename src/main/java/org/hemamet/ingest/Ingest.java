package org.hemamet.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.annotation.RoiShape;
import org.hemamet.annotation.ViaFile;
import org.hemamet.annotation.ViaImage;
import org.hemamet.annotation.ViaImageLocator;
import org.hemamet.annotation.ViaReader;
import org.hemamet.annotation.ViaRegion;
import org.hemamet.cohort.BodyPart;
import org.hemamet.cohort.CohortLesion;
import org.hemamet.cohort.CohortTable;
import org.hemamet.cohort.Covariates;
import org.hemamet.cohort.DatasetLock;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.hemamet.cohort.SequenceDecision;
import org.hemamet.cohort.SequenceRules;
import org.hemamet.contract.DatasetFiles;
import org.hemamet.contract.IngestProvenance;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.DirectoryLock;
import org.hemamet.core.Hashing;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.core.Version;
import org.hemamet.dicom.DicomDescriptor;
import org.hemamet.dicom.DicomReader;
import org.hemamet.preprocess.CropMask;
import org.hemamet.preprocess.FloatImage;
import org.hemamet.preprocess.IntensityReference;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.preprocess.LoadImage;
import org.hemamet.preprocess.MaskPng;

/**
 * Turns a cohort directory (contracts section A) into a dataset directory (section B).
 *
 * <p>Resolution of each VIA region: the image file is looked up relative to the VIA file, then to the
 * cohort directory, then by unique file name anywhere in the cohort. It is linked to a DICOM slice by the
 * file attribute {@code sop_instance_uid}, else by a file stem equal to a SOPInstanceUID under
 * {@code dicom/}; linked regions crop the DICOM's modality values, the region scaled by DICOM/PNG size.
 * Patient: attribute {@code patient_id} (region, then file), else the linked DICOM PatientID, else the path
 * {@code {patient}/{sequence}/{file}}. Lesion: attribute {@code lesion_id}. Sequence: attribute
 * {@code sequence} (the user's word wins), else the linked DICOM's header {@link SequenceRules}, else the
 * path; a region whose header the rules exclude (FLAIR, PD, localiser, Dixon, ...) is skipped with the
 * deciding rule and fields, and so is one they cannot tell when no path names the sequence. Which rule
 * decided every DICOM series, and where each sample's sequence came from, is reported in
 * {@code ingest-report.json} ({@code sequence_decisions}, see {@link SequenceAudit}). A region that cannot be resolved,
 * or a point/polyline, is an error naming the VIA file, image and region index. When one lesion has several
 * regions on one sequence (it spans slices), the region with the largest bounding box is kept.
 *
 * <p>Skipped items (image missing or unreadable, lesion not in cohort.csv, ...) are listed with their reason
 * in {@code ingest-report.json}; lesions of cohort.csv without any region are listed too. Report strings
 * are scrubbed of every patient ID, name and birth date the inputs contain.
 *
 * <p>Masks ({@link IngestOptions#masks}, off by default): each lesion's region rasterised on its crop's grid
 * ({@link org.hemamet.preprocess.CropMask}: same window, margin and resize; a rect is its whole box) is
 * written as {@code masks/<sample_id>.png} (8-bit, 255 inside), named in a trailing {@code mask_path}
 * column. Off, the dataset is byte for byte what it was before masks existed.
 *
 * <p>Crops are 16-bit grayscale PNGs compressed as {@link IngestOptions#cropCompression} says (recorded as
 * {@code params.crop_format}; the same pixel values whatever it is).
 *
 * <p>Re-runs: a crop is reused when its sample id, source file hash, frame, region, crop parameters and crop
 * format are unchanged. Outputs contain no timestamps, so the same inputs give byte-identical files, whatever the
 * number of worker threads ({@link IngestOptions#threads}: regions are cropped in parallel, results are
 * assembled in sample-id order). Each source file is read once per crop (its bytes are hashed and decoded);
 * DICOM headers are parsed once, when the dicom/ folder is indexed (the crop decodes the pixels at the offset
 * noted then; a multi-frame file's header is parsed again for the frame a region is on). The dataset is built in a temporary
 * sibling directory and renamed into place.
 */
public final class Ingest {
    public static final String REPORT_FILE = "ingest-report.json";
    public static final String NORMALISATION = "per crop: 0.5th-99.5th percentile of the resized crop -> 0..65535,"
            + " clipped (source range in source_min/source_max); model input = png value / 65535";

    /** The region attribute that tags a region, and the value that makes it a normal-marrow reference. */
    public static final String ROI_ATTRIBUTE = "roi";

    public static final String REFERENCE = "reference";

    /** The report's words for each intensity reference. */
    static String normalisation(IntensityReference r) {
        return switch (r) {
            case CROP -> NORMALISATION;
            case SLICE ->
                "per slice: 0.5th-99.5th percentile of the whole source image -> 0..65535 on the resized"
                        + " crop, clipped (source range in source_min/source_max); model input = png value / 65535";
            case REFERENCE ->
                "per reference region: 0 -> 0 and the median of the image's region tagged roi ="
                        + " reference (normal marrow) -> " + LesionCropper.REFERENCE_LEVEL + " of 0..65535, linear,"
                        + " clipped (source range in source_min/source_max); model input = png value / 65535";
        };
    }

    /** Progress callbacks (the CLI draws a progress bar). */
    public interface Listener {
        /** The DICOM headers to read before anything is cropped: {@code files} files. */
        default void indexStart(long files) {}

        /** One more DICOM header read. */
        default void indexStep() {}

        /** The crops to make: {@code total}. */
        void start(long total);

        /** One more crop made. */
        void step();

        Listener NONE = new Listener() {
            public void start(long total) {}

            public void step() {}
        };
    }

    /**
     * What a run did; {@code notes}: what a user should know about the dataset before a study, one sentence each
     * (samples from lossy-compressed pixels, a sequence whose samples come from several imaging planes).
     */
    public record Summary(
            int samples,
            int written,
            int reused,
            int skipped,
            int lesionsWithoutImage,
            Path keyFile,
            List<String> notes) {}

    private record DicomEntry(Path path, DicomReader.Indexed header) {
        DicomDescriptor descriptor() {
            return header.descriptor();
        }

        /**
         * This file as seen on frame {@code frame} (0-based) of a multi-frame DICOM: its header with that frame's
         * functional groups (its TE, TI, rescale), for the sequence rules, the dataset row and the pixel values.
         */
        DicomEntry atFrame(int frame) {
            return descriptor().frames() == 1
                    ? this
                    : new DicomEntry(
                            path, new DicomReader.Indexed(DicomReader.readHeader(path, frame), header.afterPixelTag()));
        }
    }

    private record Candidate(
            Path via,
            int imageIndex,
            int regionIndex,
            String patientId,
            CohortLesion lesion,
            Sequence sequence,
            Path image,
            DicomEntry dicom,
            BoundingBox roi,
            RoiShape region,
            String sequenceSource,
            SequenceDecision header,
            RoiShape reference,
            int frame) {
        Candidate withReference(RoiShape ref) {
            return new Candidate(
                    via,
                    imageIndex,
                    regionIndex,
                    patientId,
                    lesion,
                    sequence,
                    image,
                    dicom,
                    roi,
                    region,
                    sequenceSource,
                    header,
                    ref,
                    frame);
        }

        String shape() {
            return region.name();
        }

        String where(Path cohortDir) {
            return rel(cohortDir, via) + " image " + imageIndex + " region " + regionIndex;
        }
    }

    private final IngestOptions opt;
    private final Path cohortDir;
    private final List<ObjectNode> skipped = new ArrayList<>();
    private final Map<String, String> phi = new LinkedHashMap<>();
    /** Folder and file names of the cohort, replaced where they stand as a path component. */
    private final Map<String, String> pathNames = new LinkedHashMap<>();

    private ViaImageLocator locator;
    private Pseudonymizer pseudo;
    /** The compiled replacements of {@link #scrub}, rebuilt when a name or identifier was added. */
    private Scrubber scrubber;

    private Ingest(IngestOptions opt) {
        this.opt = opt;
        this.cohortDir = opt.cohortDir().toAbsolutePath().normalize();
    }

    public static Summary run(IngestOptions opt, Listener listener) {
        return new Ingest(opt).run(listener);
    }

    private Summary run(Listener listener) {
        if (!Files.isDirectory(cohortDir)) {
            throw HemametException.invalidInput(opt.cohortDir() + ": not a directory");
        }
        Path out = opt.outDir().toAbsolutePath().normalize();
        if (out.equals(cohortDir)) {
            throw HemametException.invalidInput(
                    opt.outDir() + ": the dataset directory cannot be the cohort directory");
        }
        try (DirectoryLock hold = DatasetLock.forWriting(out, "ingest")) {
            return runHeld(out, listener);
        }
    }

    /** {@link #run} with the dataset directory held by this process ({@link DatasetLock}). */
    private Summary runHeld(Path out, Listener listener) {
        java.time.Instant started = java.time.Instant.now();
        AtomicFiles.recover(out); // a replace killed half-way: the old dataset back, orphan temporaries gone
        refuseOutOfAnotherKind(out);
        Path keyFile = keyFileOutside(out);
        CohortTable cohort = CohortTable.read(cohortDir.resolve(CohortTable.FILE_NAME));
        SequenceRules rules =
                opt.sequenceRules() == null ? SequenceRules.defaults() : SequenceRules.load(opt.sequenceRules());
        List<ViaFile> vias = readAnnotations();
        Map<String, DicomEntry> dicoms = indexDicom(listener);
        pseudo = Pseudonymizer.loadOrCreate(keyFile);
        registerIdentifiers(cohort, dicoms);
        registerPathNames();
        Regions regions = chooseRegions(vias, cohort, rules, dicoms);
        refuseImagesOfTwoPatients(regions.chosen().values());
        ArrayNode withoutImage = lesionsWithoutImage(cohort, regions.chosen());
        refuseReferenceWithoutRegions(regions.references());
        Crops crops = cropRegions(regions.chosen(), previousSamples(out), out, listener);
        refuseEmptyOrShrunk(out, crops.samples().size());
        ObjectNode report =
                report(cohort, crops.samples(), withoutImage, opt.crop().key());
        report.set("sequence_decisions", sequenceDecisions(rules, dicoms, crops.samples(), regions.chosen()));
        report.set("source_formats", sourceFormats(crops.samples(), regions.chosen()));
        report.set("planes", planes(crops.samples()));
        writeDataset(out, crops, report, provenance(started, vias, dicoms.size()));
        return new Summary(
                crops.samples().size(),
                crops.newCrops().size(),
                crops.reusedCrops().size(),
                skipped.size(),
                withoutImage.size(),
                keyFile,
                notes(report));
    }

    private void refuseOutOfAnotherKind(Path out) {
        if (Files.exists(out)
                && (!Files.isDirectory(out)
                        || (!isEmpty(out) && !Files.isRegularFile(out.resolve(DatasetManifest.FILE_NAME))))) {
            throw HemametException.invalidInput(opt.outDir() + ": exists and is not a hemamet dataset (no "
                    + DatasetManifest.FILE_NAME + "); choose a new or empty directory");
        }
    }

    private Path keyFileOutside(Path out) {
        Path keyFile = opt.resolvedKeyFile().toAbsolutePath().normalize();
        if (keyFile.startsWith(out)) {
            throw HemametException.invalidInput(
                    opt.keyFile() + ": the key file must be outside the dataset" + " directory " + opt.outDir());
        }
        return keyFile;
    }

    /** The patients' identifiers, names and birth dates, for {@link #scrub} to replace wherever they appear. */
    private void registerIdentifiers(CohortTable cohort, Map<String, DicomEntry> dicoms) {
        for (CohortLesion l : cohort.lesions()) {
            phi.put(l.patientId(), pseudo.key(l.patientId()));
        }
        for (DicomEntry e : dicoms.values()) {
            String k = "[" + pseudo.key(e.descriptor().patient().patientId()) + "]";
            phi.putIfAbsent(e.descriptor().patient().patientId(), k);
            phi.putIfAbsent(e.descriptor().patient().patientName(), k);
            phi.putIfAbsent(
                    e.descriptor().patient().patientName().replace('^', ' ').trim(), k);
            phi.putIfAbsent(e.descriptor().patient().birthDate(), "[birth date]");
        }
        phi.keySet().removeIf(s -> s == null || s.isBlank());
    }

    /**
     * The regions to crop by sample id, and how many images have a normal-marrow reference region.
     *
     * @param chosen sample id -> its region
     */
    private record Regions(Map<String, Candidate> chosen, int references) {}

    /**
     * Resolves every region; keeps the largest of a lesion and sequence. A region tagged roi = reference is its
     * image's normal-marrow reference, never a sample.
     */
    private Regions chooseRegions(
            List<ViaFile> vias, CohortTable cohort, SequenceRules rules, Map<String, DicomEntry> dicoms) {
        Map<String, Candidate> chosen = new TreeMap<>();
        int references = 0;
        for (ViaFile vf : vias) {
            for (int ii = 0; ii < vf.images().size(); ii++) {
                ViaImage im = vf.images().get(ii);
                RoiShape reference = referenceOf(vf, im);
                references += reference == null ? 0 : 1;
                for (ViaRegion r : im.regions()) {
                    if (isReference(r)) {
                        continue;
                    }
                    Candidate c = resolve(vf, ii, im, r, cohort, rules, dicoms);
                    if (c != null) {
                        keepLarger(chosen, c.withReference(reference));
                    }
                }
            }
        }
        return new Regions(chosen, references);
    }

    private void keepLarger(Map<String, Candidate> chosen, Candidate c) {
        String sid = pseudo.key(c.patientId()) + "_" + c.lesion().lesionId() + "_"
                + c.sequence().name();
        Candidate prev = chosen.get(sid);
        if (prev == null || c.roi().area() > prev.roi().area()) {
            chosen.put(sid, c);
            if (prev != null) {
                skip(
                        prev.where(cohortDir),
                        "a larger region of the same lesion and sequence was kept (" + c.where(cohortDir) + ")");
            }
        } else {
            skip(
                    c.where(cohortDir),
                    "a larger region of the same lesion and sequence was kept (" + prev.where(cohortDir) + ")");
        }
    }

    private ArrayNode lesionsWithoutImage(CohortTable cohort, Map<String, Candidate> chosen) {
        ArrayNode withoutImage = Json.mapper().createArrayNode();
        for (CohortLesion l : cohort.lesions()) {
            boolean any = chosen.values().stream().anyMatch(c -> c.lesion() == l);
            if (!any) {
                ObjectNode o = withoutImage.addObject();
                o.put("cohort_row", l.row());
                o.put("patient_key", pseudo.key(l.patientId()));
                o.put("lesion_id", scrub(l.lesionId()));
                o.put("diagnosis", l.diagnosis().id());
                o.put("reason", "cohort.csv row " + l.row() + ": no annotated region for this lesion");
            }
        }
        return withoutImage;
    }

    private void refuseReferenceWithoutRegions(int references) {
        if (opt.crop().intensity() == IntensityReference.REFERENCE && references == 0) {
            throw HemametException.invalidInput(opt.cohortDir() + ": --intensity-reference reference needs a"
                    + " normal-marrow region on each lesion image (region attribute " + ROI_ATTRIBUTE + " = "
                    + REFERENCE + "), and no VIA file has one");
        }
    }

    /**
     * The previous dataset's samples by id, for reuse when it was made with the same crop parameters and format;
     * none with a reference region, whose drawing the manifest does not record.
     */
    private Map<String, DatasetSample> previousSamples(Path out) {
        Map<String, DatasetSample> previous = new HashMap<>();
        if (opt.crop().intensity() != IntensityReference.REFERENCE
                && Files.isRegularFile(out.resolve(DatasetManifest.FILE_NAME))
                && opt.crop().key().equals(previousParams(out))
                && opt.cropCompression().format().equals(previousCropFormat(out))) {
            try {
                for (DatasetSample s : DatasetManifest.read(out)) {
                    previous.put(s.sampleId(), s);
                }
            } catch (HemametException e) {
                previous.clear(); // unreadable old manifest: rebuild everything
            }
        }
        return previous;
    }

    /**
     * What cropping gave: the samples in sample-id order, the new crop files' bytes and the reused ones' sources by
     * their path in the dataset, and the masks' bytes.
     */
    private record Crops(
            List<DatasetSample> samples,
            Map<String, byte[]> newCrops,
            Map<String, Path> reusedCrops,
            Map<String, byte[]> masks) {}

    /** Crops every region independently on the worker threads; the results applied in sample-id order. */
    private Crops cropRegions(
            Map<String, Candidate> chosen, Map<String, DatasetSample> previous, Path out, Listener listener) {
        LesionCropper cropper = new LesionCropper(opt.crop());
        List<Map.Entry<String, Candidate>> work = new ArrayList<>(chosen.entrySet());
        listener.start(work.size());
        List<Outcome> outcomes = cropAll(work, previous, out, cropper, listener);
        Crops crops = new Crops(new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        for (int i = 0; i < work.size(); i++) {
            Outcome o = outcomes.get(i);
            if (o.skipReason() != null) {
                skip(work.get(i).getValue().where(cohortDir), o.skipReason());
                continue;
            }
            crops.samples().add(o.sample());
            if (o.maskPng() != null) {
                crops.masks().put(o.sample().maskPath(), o.maskPng());
            }
            if (o.png() != null) {
                crops.newCrops().put(o.sample().cropPath(), o.png());
            } else {
                crops.reusedCrops().put(o.sample().cropPath(), o.reusedFrom());
            }
        }
        return crops;
    }

    /** How this dataset was made, its inputs by their hashes ({@link IngestProvenance}). */
    private IngestProvenance provenance(java.time.Instant started, List<ViaFile> vias, int dicomFiles) {
        StringBuilder annotationHashes = new StringBuilder();
        for (ViaFile vf : vias) {
            annotationHashes.append(Hashing.sha256(vf.path())).append('\n');
        }
        return new IngestProvenance(
                org.hemamet.provenance.Provenance.machine(),
                opt.threads(),
                Hashing.sha256(cohortDir.resolve(CohortTable.FILE_NAME)),
                vias.size(),
                Hashing.sha256(annotationHashes.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                dicomFiles,
                started.toString(),
                java.time.Instant.now().toString());
    }

    /** Writes the dataset: complete in a temporary directory, then in place of the old one ({@link AtomicFiles}). */
    private static void writeDataset(Path out, Crops crops, ObjectNode report, IngestProvenance provenance) {
        String reportText;
        try {
            reportText = Json.mapper().writeValueAsString(report) + "\n";
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        AtomicFiles.writeDirectory(out, true, tmp -> {
            Files.createDirectories(tmp.resolve("crops"));
            for (Map.Entry<String, Path> r : crops.reusedCrops().entrySet()) {
                Files.copy(r.getValue(), tmp.resolve(r.getKey()));
            }
            for (Map.Entry<String, byte[]> n : crops.newCrops().entrySet()) {
                Files.write(tmp.resolve(n.getKey()), n.getValue());
            }
            if (!crops.masks().isEmpty()) {
                Files.createDirectories(tmp.resolve("masks"));
            }
            for (Map.Entry<String, byte[]> m : crops.masks().entrySet()) {
                Files.write(tmp.resolve(m.getKey()), m.getValue());
            }
            Files.writeString(tmp.resolve(REPORT_FILE), reportText, java.nio.charset.StandardCharsets.UTF_8);
            DatasetFiles.writeProvenance(tmp, provenance);
            DatasetManifest.write(tmp, crops.samples());
        });
    }

    /**
     * An ingest that would write no sample, or replace a previous dataset with fewer than half its samples
     * (without {@link IngestOptions#allowShrink}), refuses (exit 3) before anything is written: the old
     * dataset stays as it was.
     */
    private void refuseEmptyOrShrunk(Path out, int n) {
        if (n == 0) {
            String first = skipped.isEmpty()
                    ? "no annotated region"
                    : "first: " + skipped.get(0).path("item").asText() + ": "
                            + skipped.get(0).path("reason").asText();
            throw HemametException.dataState(opt.cohortDir() + ": no lesion gave a sample (" + skipped.size()
                    + " region(s) skipped, " + first + "); nothing written"
                    + (Files.isRegularFile(out.resolve(DatasetManifest.FILE_NAME))
                            ? ", the previous dataset " + opt.outDir() + " is unchanged"
                            : ""));
        }
        if (opt.allowShrink() || !Files.isRegularFile(out.resolve(DatasetManifest.FILE_NAME))) {
            return;
        }
        int before = previousSampleCount(out);
        if (before > 0 && 2L * n < before) {
            throw HemametException.dataState(opt.outDir() + ": the new dataset would have " + n
                    + " samples, fewer than half of the previous " + before
                    + "; nothing written (pass --allow-shrink to replace it anyway)");
        }
    }

    private static int previousSampleCount(Path out) {
        try {
            return DatasetManifest.read(out).size();
        } catch (HemametException | UncheckedIOException e) {
            return 0; // an unreadable old manifest is rebuilt
        }
    }

    /**
     * What cropping one candidate gave: a sample with its new PNG or the old crop to reuse (and its mask PNG
     * when masks are on), or a skip reason.
     */
    private record Outcome(DatasetSample sample, byte[] png, Path reusedFrom, byte[] maskPng, String skipReason) {}

    private List<Outcome> cropAll(
            List<Map.Entry<String, Candidate>> work,
            Map<String, DatasetSample> previous,
            Path out,
            LesionCropper cropper,
            Listener listener) {
        return onWorkers(
                work.size(),
                i -> cropOne(work.get(i).getKey(), work.get(i).getValue(), previous, out, cropper),
                listener::step);
    }

    /**
     * {@code task} of 0..n-1 on up to {@link IngestOptions#threads} worker threads, the results in index order;
     * {@code step} after each (one at a time). The first failure stops the workers and is thrown here.
     */
    private <T> List<T> onWorkers(int n, java.util.function.IntFunction<T> task, Runnable step) {
        Object[] results = new Object[n];
        int threads = Math.min(opt.threads(), Math.max(1, n));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        Runnable worker = () -> {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < n) {
                try {
                    results[i] = task.apply(i);
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                    return;
                }
                synchronized (step) {
                    step.run();
                }
            }
        };
        if (threads == 1) {
            worker.run();
        } else {
            List<Thread> pool = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(worker, "hemamet-ingest-" + t);
                th.setDaemon(true);
                pool.add(th);
                th.start();
            }
            try {
                for (Thread th : pool) {
                    th.join();
                }
            } catch (InterruptedException e) {
                failure.compareAndSet(null, e);
                pool.forEach(Thread::interrupt);
                Thread.currentThread().interrupt();
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        } else if (f instanceof Error err) {
            throw err;
        } else if (f != null) {
            throw HemametException.internal("ingest interrupted", f);
        }
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) java.util.Arrays.asList(results);
        return list;
    }

    /** Crops one candidate (or finds its previous crop); thread-safe: touches no shared mutable state. */
    private Outcome cropOne(
            String sid, Candidate c, Map<String, DatasetSample> previous, Path out, LesionCropper cropper) {
        try {
            Path source = c.dicom() != null ? c.dicom().path() : c.image();
            byte[] content;
            try {
                content = Files.readAllBytes(source);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source + ": " + org.hemamet.core.IoErrors.what(e), e);
            }
            String sha = Hashing.sha256(content);
            DicomDescriptor d = c.dicom() != null ? c.dicom().descriptor() : null;
            BoundingBox roi = c.roi();
            String cropPath = "crops/" + sid + ".png";
            DatasetSample old = previous.get(sid);
            double lo;
            double hi;
            double refMedian = Double.NaN;
            byte[] png = null;
            Path reused = null;
            double scaleX = 1;
            double scaleY = 1;
            if (d != null) {
                int[] wh = LoadImage.size(c.image());
                roi = LesionSource.toDicomGrid(roi, wh[0], wh[1], d);
                scaleX = (double) d.columns() / wh[0];
                scaleY = (double) d.rows() / wh[1];
            }
            int frameNumber = d != null && d.frames() > 1 ? c.frame() + 1 : 0;
            if (old != null
                    && old.frame() == frameNumber
                    && old.sourceSha256().equals(sha)
                    && old.roiX() == roi.x()
                    && old.roiY() == roi.y()
                    && old.roiWidth() == roi.width()
                    && old.roiHeight() == roi.height()
                    && old.roiShape().equals(c.shape())
                    && Files.isRegularFile(out.resolve(old.cropPath()))) {
                // (never in reference mode: previous stays empty there). The crop does not depend on a
                // reference region, but its median is recomputed, since the manifest does not record the drawing.
                reused = out.resolve(old.cropPath());
                lo = old.sourceMin();
                hi = old.sourceMax();
                if (c.reference() != null) {
                    refMedian = referenceMedian(
                            c, LesionSource.pixels(source, content, d != null, c.frame()), scaleX, scaleY);
                }
            } else {
                FloatImage img = c.dicom() != null
                        ? LesionSource.pixels(source, content, c.dicom().header(), c.frame())
                        : LesionSource.pixels(source, content, false, 0);
                content = null; // let the source bytes go before cropping
                refMedian = referenceMedian(c, img, scaleX, scaleY);
                LesionSource.Encoded enc =
                        LesionSource.crop(cropper, img, roi, refMedian, opt.cropCompression(), rel(cohortDir, source));
                png = enc.png();
                lo = enc.crop().low();
                hi = enc.crop().high();
            }
            DatasetSample sample = new DatasetSample(
                    sid,
                    pseudo.key(c.patientId()),
                    c.lesion().lesionId(),
                    c.lesion().diagnosis(),
                    c.sequence(),
                    cropPath,
                    sha,
                    c.shape(),
                    roi.x(),
                    roi.y(),
                    roi.width(),
                    roi.height(),
                    lo,
                    hi,
                    d == null ? "" : d.scanner(),
                    d == null ? Double.NaN : d.fieldStrength(),
                    d == null ? Double.NaN : d.repetitionTime(),
                    d == null ? Double.NaN : d.echoTime(),
                    d == null ? Double.NaN : d.inversionTime(),
                    d == null ? Double.NaN : d.pixelSpacingRow(),
                    opt.masks() ? maskPath(sid) : "",
                    refMedian,
                    Covariates.of(c.lesion()),
                    d == null ? "" : BodyPart.category(d.bodyPartExamined()),
                    frameNumber,
                    d == null ? "" : d.plane());
            byte[] maskPng = opt.masks() ? mask(c.region(), scaleX, scaleY, roi) : null;
            return new Outcome(sample, png, reused, maskPng, null);
        } catch (HemametException | UncheckedIOException ex) {
            return new Outcome(null, null, null, null, ex.getMessage().replace(cohortDir + "/", ""));
        }
    }

    /**
     * The median of the candidate's reference region on the source pixels (NaN when its image has none).
     * When the crop is scaled against it, a lesion whose image has no usable reference region is skipped
     * (the reason names it).
     */
    private double referenceMedian(Candidate c, FloatImage img, double scaleX, double scaleY) {
        double m =
                c.reference() == null ? Double.NaN : LesionCropper.referenceMedian(img, c.reference(), scaleX, scaleY);
        if (opt.crop().intensity() != IntensityReference.REFERENCE) {
            return m;
        }
        if (c.reference() == null) {
            throw HemametException.invalidInput("no reference region on its image (a region with attribute "
                    + ROI_ATTRIBUTE + " = " + REFERENCE + ", normal marrow), needed by --intensity-reference "
                    + REFERENCE);
        }
        if (!(m > 0)) {
            throw HemametException.invalidInput("its image's reference region has median signal " + m
                    + " (normal marrow must have a positive signal)");
        }
        return m;
    }

    /** Whether a region is tagged as a normal-marrow reference (region attribute roi = reference). */
    public static boolean isReference(ViaRegion r) {
        String v = r.attributes().get(ROI_ATTRIBUTE);
        return v != null && v.trim().equalsIgnoreCase(REFERENCE);
    }

    /** The image's first region with an area tagged roi = reference, or null. */
    private static RoiShape referenceOf(ViaFile vf, ViaImage im) {
        for (ViaRegion r : im.regions()) {
            if (isReference(r) && r.shape().hasArea()) {
                return r.shape();
            }
        }
        return null;
    }

    private static String maskPath(String sid) {
        return "masks/" + sid + ".png";
    }

    /** The region's mask on the crop grid, as an 8-bit PNG (needs no source pixels, so reused crops get one too). */
    private byte[] mask(RoiShape region, double scaleX, double scaleY, BoundingBox roi) {
        int size = opt.crop().size();
        return MaskPng.encode(CropMask.of(region, scaleX, scaleY, roi, opt.crop()), size, size);
    }

    private ObjectNode report(
            CohortTable cohort, List<DatasetSample> samples, ArrayNode withoutImage, String paramsKey) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("format_version", 1);
        r.put("hemamet_version", Version.hemamet());
        ObjectNode p = r.putObject("params");
        p.put("key", paramsKey);
        p.put("size", opt.crop().size());
        p.put("margin", opt.crop().margin());
        p.put("aspect", opt.crop().keepAspect() ? "keep (square window)" : "stretch");
        if (opt.crop().intensity() != IntensityReference.CROP) {
            p.put("intensity_reference", opt.crop().intensity().word()); // per crop: the report as before
        }
        p.put("normalisation", normalisation(opt.crop().intensity()));
        p.put("resize", "area averaging when shrinking, linear when enlarging");
        p.put("crop_format", opt.cropCompression().format());
        p.put(
                "sequence_rules",
                opt.sequenceRules() == null
                        ? "default"
                        : opt.sequenceRules().getFileName().toString());
        if (opt.masks()) {
            p.put(
                    "masks",
                    "masks/<sample_id>.png: the region on the crop grid, 8-bit, 255 inside (pixel centres;"
                            + " a rect is its whole box)");
        }
        r.put("n_lesions_in_cohort", cohort.lesions().size());
        r.put("n_samples", samples.size());
        ObjectNode counts = r.putObject("counts");
        for (Sequence s : Sequence.values()) {
            ObjectNode o = counts.putObject(s.name());
            for (Diagnosis d : Diagnosis.values()) {
                o.put(
                        d.id(),
                        samples.stream()
                                .filter(x -> x.sequence() == s && x.diagnosis() == d)
                                .count());
            }
        }
        ArrayNode sk = r.putArray("skipped");
        for (ObjectNode o : skipped) {
            ObjectNode safe = sk.addObject();
            safe.put("item", scrub(o.path("item").asText()));
            safe.put("reason", scrub(o.path("reason").asText()));
        }
        r.set("lesions_without_image", withoutImage);
        return r;
    }

    /** The previous dataset's crop storage ({@code params.crop_format}; "" when unrecorded or unreadable). */
    private static String previousCropFormat(Path out) {
        try {
            JsonNode n = Json.mapper().readTree(out.resolve(REPORT_FILE).toFile());
            return n.path("params").path("crop_format").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * The crop parameters a dataset was made with (ingest-report.json {@code params.key}); refused (exit 2,
     * naming the file) when the report is missing, unreadable or records none.
     */
    public static String recordedCropKey(Path datasetDir) {
        return cropKey(datasetDir)
                .orElseThrow(() -> HemametException.invalidInput(datasetDir.resolve(REPORT_FILE)
                        + ": not found or records no crop parameters (params.key); make the dataset with 'hemamet"
                        + " ingest'"));
    }

    /**
     * The one reader of a dataset's crop parameters (ingest-report.json {@code params.key}): empty when the
     * dataset has no report (a hand-made dataset) or a report without them (a version before them); a report
     * that is there but not readable JSON is refused (exit 2, naming the file and where). What an empty answer
     * means is the caller's: predict refuses, export falls back to the old defaults, validate skips the check.
     */
    public static java.util.Optional<String> cropKey(Path datasetDir) {
        Path report = datasetDir.resolve(REPORT_FILE);
        if (!Files.isRegularFile(report)) {
            return java.util.Optional.empty();
        }
        try {
            String key = Json.mapper()
                    .readTree(report.toFile())
                    .path("params")
                    .path("key")
                    .asText("");
            return key.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(key);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw HemametException.invalidInput(report + ": " + org.hemamet.core.JsonProblem.describe(e), e);
        } catch (IOException e) {
            throw HemametException.invalidInput(
                    report + ": cannot read (" + org.hemamet.core.IoErrors.what(e) + ")", e);
        }
    }

    private static String previousParams(Path out) {
        try {
            JsonNode n = Json.mapper().readTree(out.resolve(REPORT_FILE).toFile());
            return n.path("params").path("key").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Refuses (exit 2) an image or DICOM file annotated as the lesion of two patients: a copy-paste slip in
     * the VIA project that would put one image on both sides of the patient split.
     */
    private void refuseImagesOfTwoPatients(java.util.Collection<Candidate> candidates) {
        Map<Path, Candidate> owner = new HashMap<>();
        for (Candidate c : candidates) {
            Path src = (c.dicom() != null ? c.dicom().path() : c.image())
                    .toAbsolutePath()
                    .normalize();
            Candidate first = owner.putIfAbsent(src, c);
            if (first != null && !first.patientId().equals(c.patientId())) {
                java.util.SortedSet<String> where =
                        new java.util.TreeSet<>(List.of(first.where(cohortDir), c.where(cohortDir)));
                throw HemametException.invalidInput(c.via() + ": " + rel(cohortDir, src)
                        + " is annotated for two patients (" + String.join(", ", where)
                        + "); an image belongs to one patient");
            }
        }
    }

    /** Records a skip as said (raw: the report scrubs it once every identifier is known). */
    private void skip(String where, String reason) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("item", where);
        o.put("reason", reason);
        skipped.add(o);
    }

    /**
     * Registers every folder and file name below the cohort's image folders (dicom/, png/)
     * as an identifier that the report replaces by a keyed pseudonym ({@code [fXXXXXXXX]}): a patient folder
     * named "SMITH JOHN 19540124" or "MRN 00123456", or such a file name, never reaches an output. Sequence
     * names and names shorter than 3 characters (which cannot carry a name, MRN or date) are kept, so a path
     * stays readable: {@code dicom/[f3a9c01d2]/T2/[f77b0e1aa].dcm}. The user can find the file again with the
     * key file (the pseudonym of a name is the keyed hash of it).
     */
    private void registerPathNames() {
        for (String top : List.of("dicom", "png")) {
            Path dir = cohortDir.resolve(top);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> !p.equals(dir))
                        .forEach(p -> registerName(p.getFileName().toString()));
            } catch (IOException | UncheckedIOException e) {
                // unlistable parts are reported where they are read
            }
        }
    }

    private void registerName(String name) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        for (String n : List.of(name, stem)) {
            if (n.length() < 3 || isSequenceName(n) || pathNames.containsKey(n) || phi.containsKey(n)) {
                continue;
            }
            pathNames.put(
                    n,
                    "[f"
                            + pseudo.key("path:" + n)
                                    .replaceAll("[^A-Za-z0-9]", "")
                                    .substring(0, 8) + "]");
        }
    }

    private static boolean isSequenceName(String n) {
        for (Sequence q : Sequence.values()) {
            if (q.name().equalsIgnoreCase(n)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces the cohort's folder and file names standing as path components by their pseudonyms, then
     * every known patient identifier in a report string by the patient's key. A name's pattern is compiled
     * once and only tried on a string that holds the name ({@link Scrubber}).
     */
    String scrub(String s) {
        if (scrubber == null || !scrubber.covers(pathNames, phi)) {
            scrubber = new Scrubber(pathNames, phi);
        }
        return scrubber.apply(s);
    }

    /** The names and identifiers to replace, longest first, as of one size of the two tables (they only grow). */
    private static final class Scrubber {
        private record PathName(String name, java.util.regex.Pattern pattern, String replacement) {}

        private final int pathNamesSize;
        private final int phiSize;
        private final List<PathName> names = new ArrayList<>();
        private final List<Map.Entry<String, String>> ids = new ArrayList<>();

        Scrubber(Map<String, String> pathNames, Map<String, String> phi) {
            pathNamesSize = pathNames.size();
            phiSize = phi.size();
            List<String> ns = new ArrayList<>(pathNames.keySet());
            ns.sort(Comparator.comparingInt(String::length).reversed());
            for (String n : ns) {
                names.add(new PathName(
                        n,
                        java.util.regex.Pattern.compile(
                                "(?<=^|[/'\"\\s(])" + java.util.regex.Pattern.quote(n) + "(?=$|[/.:'\"\\s),])"),
                        java.util.regex.Matcher.quoteReplacement(pathNames.get(n))));
            }
            List<String> keys = new ArrayList<>(phi.keySet());
            keys.sort(Comparator.comparingInt(String::length).reversed());
            for (String k : keys) {
                String v = phi.get(k);
                ids.add(Map.entry(k, v.startsWith("[") ? v : "[" + v + "]"));
            }
        }

        boolean covers(Map<String, String> pathNames, Map<String, String> phi) {
            return pathNames.size() == pathNamesSize && phi.size() == phiSize;
        }

        String apply(String s) {
            String out = s;
            for (PathName n : names) {
                if (out.contains(n.name())) { // the pattern matches the name literally: no name, no match
                    out = n.pattern().matcher(out).replaceAll(n.replacement());
                }
            }
            for (Map.Entry<String, String> id : ids) {
                out = out.replace(id.getKey(), id.getValue());
            }
            return out;
        }
    }

    private List<ViaFile> readAnnotations() {
        Path dir = cohortDir.resolve("annotations");
        if (!Files.isDirectory(dir)) {
            throw HemametException.invalidInput(dir + ": not found (a cohort needs VIA files in annotations/)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".json") || n.endsWith(".csv");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw HemametException.invalidInput(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
        if (files.isEmpty()) {
            throw HemametException.invalidInput(dir + ": no VIA files (*.json, *.csv)");
        }
        List<ViaFile> out = new ArrayList<>();
        for (Path f : files) {
            out.add(ViaReader.read(f));
        }
        return out;
    }

    /** What reading one file below dicom/ gave: its header, or why it is not indexed. */
    private record HeaderRead(DicomReader.Indexed header, boolean notDicom, boolean mediaDirectory, String failure) {}

    /**
     * Indexes the DICOM files below {@code dicom/} by SOP Instance UID: headers read on the worker threads, then
     * taken in path order (the first of two files with one UID wins, as the skips say).
     */
    private Map<String, DicomEntry> indexDicom(Listener listener) {
        Map<String, DicomEntry> idx = new LinkedHashMap<>();
        Path dir = cohortDir.resolve("dicom");
        if (!Files.isDirectory(dir)) {
            return idx;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw HemametException.invalidInput(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
        listener.indexStart(files.size());
        List<HeaderRead> reads = onWorkers(files.size(), i -> readHeader(files.get(i)), listener::indexStep);
        List<String> notDicom = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            HeaderRead r = reads.get(i);
            if (r.notDicom()) {
                notDicom.add(rel(cohortDir, f));
            } else if (r.failure() != null) {
                skip(rel(cohortDir, f), r.failure());
            } else if (r.header() != null) {
                DicomEntry prev =
                        idx.putIfAbsent(r.header().descriptor().sopInstanceUid(), new DicomEntry(f, r.header()));
                if (prev != null) {
                    skip(rel(cohortDir, f), "same SOPInstanceUID as " + rel(cohortDir, prev.path()) + " (ignored)");
                }
            } // a CD/USB export's DICOMDIR: an index of the files read here anyway, no image
        }
        if (!notDicom.isEmpty()) {
            skip(
                    "dicom/",
                    notDicom.size() + " file(s) that are not DICOM (no 'DICM' at byte 128, no data set at their start)"
                            + " were not read: " + String.join(", ", notDicom.subList(0, Math.min(5, notDicom.size())))
                            + (notDicom.size() > 5 ? ", ..." : ""));
        }
        return idx;
    }

    /** One file's header; thread-safe: touches no shared mutable state. */
    private HeaderRead readHeader(Path f) {
        if (!DicomReader.isDicom(f)) {
            return new HeaderRead(null, true, false, null);
        }
        if (DicomReader.isMediaDirectory(f)) {
            return new HeaderRead(null, false, true, null);
        }
        try {
            DicomReader.Indexed h = DicomReader.readHeaderIndexed(f);
            return h.descriptor().sopInstanceUid().isEmpty()
                    ? new HeaderRead(null, false, false, "DICOM file without SOPInstanceUID")
                    : new HeaderRead(h, false, false, null);
        } catch (HemametException e) {
            return new HeaderRead(null, false, false, e.getMessage().replace(cohortDir + "/", ""));
        }
    }

    private Candidate resolve(
            ViaFile vf,
            int imageIndex,
            ViaImage im,
            ViaRegion r,
            CohortTable cohort,
            SequenceRules rules,
            Map<String, DicomEntry> dicoms) {
        String where = vf.path() + ": image '" + im.filename() + "' region " + r.index();
        String item = rel(cohortDir, vf.path()) + " image " + imageIndex + " region " + r.index();
        BoundingBox roi = r.cropBounds(vf.path(), im.filename());
        Path image = findImage(vf.path(), im.filename());
        String sop = attr(r, im, "sop_instance_uid").orElse("");
        DicomEntry dicom = null;
        if (!sop.isEmpty()) {
            dicom = dicoms.get(sop);
            if (dicom == null) {
                skip(item, "sop_instance_uid " + sop + " not found under dicom/");
                return null;
            }
        } else if (image != null) {
            String name = image.getFileName().toString();
            int dot = name.lastIndexOf('.');
            dicom = dicoms.get(dot > 0 ? name.substring(0, dot) : name);
        }
        if (image == null) {
            skip(item, notFound(im.filename()));
            return null;
        }
        LesionSource.Frame frame = dicom == null
                ? new LesionSource.Frame(0, "")
                : LesionSource.frame(
                        dicom.descriptor(),
                        attr(r, im, LesionSource.FRAME_ATTRIBUTE).orElse(""));
        if (!frame.ok()) {
            skip(item, "linked DICOM " + rel(cohortDir, dicom.path()) + ": " + frame.problem());
            return null;
        }
        if (dicom != null) {
            dicom = dicom.atFrame(frame.index());
            String modality = dicom.descriptor().modality().strip().toUpperCase(Locale.ROOT);
            if (!modality.isEmpty() && !modality.equals("MR")) {
                skip(
                        item,
                        "linked DICOM " + rel(cohortDir, dicom.path()) + ": Modality '" + modality + "', not an MR"
                                + " image ("
                                + (modality.equals("OT")
                                        ? "a secondary capture or other kind"
                                        : "another" + " modality")
                                + "); the study is of MR sequences");
                return null;
            }
        }
        Path relImage = cohortDir.relativize(image.toAbsolutePath().normalize());
        Optional<String> patient = attr(r, im, "patient_id");
        if (patient.isEmpty()
                && dicom != null
                && !dicom.descriptor().patient().patientId().isEmpty()) {
            patient = Optional.of(dicom.descriptor().patient().patientId());
        }
        if (patient.isEmpty() && relImage.getNameCount() >= 3) {
            patient = Optional.of(relImage.getName(relImage.getNameCount() - 3).toString());
        }
        if (patient.isEmpty()) {
            throw HemametException.invalidInput(where + ": cannot resolve the patient (no patient_id attribute,"
                    + " no linked DICOM, no {patient}/{sequence}/{file} path)");
        }
        Optional<String> lesionId = attr(r, im, "lesion_id");
        if (lesionId.isEmpty()) {
            throw HemametException.invalidInput(where + ": no lesion_id attribute");
        }
        SequenceDecision header =
                dicom != null ? rules.decide(dicom.descriptor().ruleFields()) : null;
        Sequence seq;
        String source;
        Optional<String> seqAttr = attr(r, im, "sequence");
        Optional<Sequence> byPath = SequenceRules.fromPath(relImage);
        if (seqAttr.isPresent()) {
            try {
                seq = Sequence.parse(seqAttr.get());
            } catch (HemametException e) {
                throw HemametException.invalidInput(where + ": " + e.getMessage());
            }
            source = SequenceAudit.ATTRIBUTE;
        } else if (header != null && header.accepted()) {
            seq = header.sequence().orElseThrow();
            source = SequenceAudit.HEADER;
        } else if (header != null && (header.excluded() || byPath.isEmpty())) {
            skip(item, notUsable(header));
            return null;
        } else if (byPath.isPresent()) {
            seq = byPath.get();
            source = SequenceAudit.PATH;
        } else {
            throw HemametException.invalidInput(where + ": cannot resolve the sequence (no sequence attribute,"
                    + " no matching DICOM header rule, no {patient}/{sequence}/{file} path)");
        }
        phi.putIfAbsent(patient.get(), pseudo.key(patient.get()));
        Optional<CohortLesion> lesion = cohort.find(patient.get(), lesionId.get());
        if (lesion.isEmpty()) {
            skip(item, "lesion '" + lesionId.get() + "' of patient " + patient.get() + " is not in cohort.csv");
            return null;
        }
        return new Candidate(
                vf.path(),
                imageIndex,
                r.index(),
                lesion.get().patientId(),
                lesion.get(),
                seq,
                image,
                dicom,
                roi,
                r.shape(),
                source,
                header,
                null,
                frame.index());
    }

    /** The report's facts a user should know before a study ({@link Summary#notes}). */
    private static List<String> notes(ObjectNode report) {
        List<String> notes = new ArrayList<>();
        int lossy = report.path("source_formats").path("n_lossy").asInt(0);
        if (lossy > 0) {
            notes.add(lossy + " sample(s) were cut from lossy-compressed images (JPEG exports or lossy DICOM; "
                    + REPORT_FILE + " source_formats lists them)");
        }
        int burnedIn = report.path("source_formats")
                .path("burned_in_annotation_sample_ids")
                .size();
        if (burnedIn > 0) {
            notes.add(burnedIn + " sample(s) come from images whose DICOM says text is burned into the pixels"
                    + " (BurnedInAnnotation YES): look at their crops for text that names the patient before you share"
                    + " the dataset (" + REPORT_FILE + " source_formats lists them)");
        }
        report.path("planes").fields().forEachRemaining(e -> {
            List<String> known = new ArrayList<>();
            e.getValue().fields().forEachRemaining(p -> {
                if (!p.getKey().equals("unknown")) {
                    known.add(p.getValue().asInt() + " " + p.getKey().toLowerCase(Locale.ROOT));
                }
            });
            if (known.size() > 1) {
                notes.add(e.getKey() + " samples come from several imaging planes (" + String.join(", ", known)
                        + "): a model trained on them learns, and accepts, each");
            }
        });
        return notes;
    }

    /**
     * The {@code source_formats} section of the report: per sequence, how many samples were cropped from lossless
     * DICOM pixels ({@code dicom}), from DICOM pixels that went through lossy compression ({@code dicom-lossy}:
     * LossyImageCompression 01 or a lossy transfer syntax, {@link DicomDescriptor#lossy}), from PNG exports and from
     * JPEG exports (lossy, 8-bit), and from DICOM secondary captures ({@code dicom-capture}: a rendered, windowed
     * image, as an export is); the ids of the samples from lossy pixels, for a sensitivity analysis without them
     * (lossy compression changes the fine texture a CNN and radiomics features see; CLAIM 2024 item 9); and the ids
     * of the samples whose DICOM says text is burned into its pixels (BurnedInAnnotation YES), whose crops a person
     * should look at before they are shared.
     */
    private ObjectNode sourceFormats(List<DatasetSample> samples, Map<String, Candidate> chosen) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put(
                "note",
                SourceFormat.DICOM.id() + ": lossless DICOM pixels; " + SourceFormat.DICOM_LOSSY.id()
                        + ": DICOM pixels that went through lossy compression (LossyImageCompression 01, JPEG"
                        + " baseline/extended, JPEG-LS near-lossless); " + SourceFormat.DICOM_CAPTURE.id()
                        + ": a DICOM secondary capture (a rendered, windowed image); " + SourceFormat.PNG.id() + "/"
                        + SourceFormat.JPEG.id() + ": exported images (a JPEG is lossy and 8-bit)");
        ObjectNode bySequence = out.putObject("by_sequence");
        java.util.TreeSet<String> lossy = new java.util.TreeSet<>();
        java.util.TreeSet<String> burnedIn = new java.util.TreeSet<>();
        for (Sequence q : Sequence.values()) {
            Map<String, Integer> n = new java.util.TreeMap<>();
            for (DatasetSample s : samples) {
                if (s.sequence() == q) {
                    SourceFormat f = sourceFormat(chosen.get(s.sampleId()));
                    n.merge(f.id(), 1, Integer::sum);
                    if (f.lossy()) {
                        lossy.add(s.sampleId());
                    }
                    Candidate c = chosen.get(s.sampleId());
                    if (c.dicom() != null && c.dicom().descriptor().burnedIn()) {
                        burnedIn.add(s.sampleId());
                    }
                }
            }
            if (!n.isEmpty()) {
                ObjectNode o = bySequence.putObject(q.name());
                n.forEach(o::put);
            }
        }
        out.put("n_lossy", lossy.size());
        ArrayNode ids = out.putArray("lossy_sample_ids");
        lossy.forEach(ids::add);
        if (!burnedIn.isEmpty()) {
            ArrayNode burned = out.putArray("burned_in_annotation_sample_ids");
            burnedIn.forEach(burned::add);
        }
        return out;
    }

    /**
     * The {@code planes} section of the report: per sequence, how many samples come from sagittal, coronal and axial
     * DICOM slices (ImageOrientationPatient; {@code unknown} for exports without a DICOM and headers without it). The
     * study's scope is sagittal; a model trained on other planes too records them, and predict accepts those.
     */
    private static ObjectNode planes(List<DatasetSample> samples) {
        ObjectNode out = Json.mapper().createObjectNode();
        for (Sequence q : Sequence.values()) {
            Map<String, Integer> n = new java.util.TreeMap<>();
            samples.stream()
                    .filter(s -> s.sequence() == q)
                    .forEach(s -> n.merge(s.plane().isEmpty() ? "unknown" : s.plane(), 1, Integer::sum));
            if (!n.isEmpty()) {
                ObjectNode o = out.putObject(q.name());
                n.forEach(o::put);
            }
        }
        return out;
    }

    private static SourceFormat sourceFormat(Candidate c) {
        return c.dicom() != null ? SourceFormat.of(c.dicom().descriptor()) : SourceFormat.ofImage(c.image());
    }

    /** Why a region on a series the header rules exclude, or cannot tell, is skipped. */
    private static String notUsable(SequenceDecision header) {
        String what = header.excluded()
                ? "the DICOM header rules exclude this series (" + header.kind().description() + ")"
                : "the DICOM header rules cannot tell the sequence";
        return what + ": " + header.describe() + " [rule " + header.rule() + "]; give the region a 'sequence'"
                + " attribute, or map the series in a --sequence-rules file, to use it";
    }

    /** The sequence_decisions section of the report (see {@link SequenceAudit}). */
    private ObjectNode sequenceDecisions(
            SequenceRules rules,
            Map<String, DicomEntry> dicoms,
            List<DatasetSample> samples,
            Map<String, Candidate> chosen) {
        Map<String, Map<String, String>> seriesFields = new LinkedHashMap<>();
        for (DicomEntry e : dicoms.values()) {
            DicomDescriptor d = e.descriptor();
            seriesFields.putIfAbsent(SequenceAudit.seriesId(d.seriesInstanceUid(), d.sopInstanceUid()), d.ruleFields());
        }
        List<SequenceAudit.SampleSource> sources = new ArrayList<>();
        for (DatasetSample s : samples) {
            Candidate c = chosen.get(s.sampleId());
            DicomDescriptor d = c.dicom() == null ? null : c.dicom().descriptor();
            String series = d == null ? null : SequenceAudit.seriesId(d.seriesInstanceUid(), d.sopInstanceUid());
            if (d != null && d.frames() > 1 && !d.ruleFields().equals(seriesFields.get(series))) {
                // a frame of a multi-frame file whose own header differs (an echo of a multi-echo series) is
                // audited as what it is, apart from its first frame
                series = series + " frame " + (c.frame() + 1);
                seriesFields.putIfAbsent(series, d.ruleFields());
            }
            sources.add(
                    new SequenceAudit.SampleSource(s.sampleId(), series, c.sequence(), c.sequenceSource(), c.header()));
        }
        return SequenceAudit.report(
                opt.sequenceRules() == null
                        ? "default"
                        : opt.sequenceRules().getFileName().toString(),
                rules,
                seriesFields,
                sources,
                id -> pseudo.key("series " + id),
                this::scrub);
    }

    private static Optional<String> attr(ViaRegion r, ViaImage im, String name) {
        String v = r.attributes().get(name);
        if (v == null || v.isBlank()) {
            v = im.fileAttributes().get(name);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** Why no file was found for a VIA image entry: none of that name, or several that its path cannot tell apart. */
    private String notFound(String filename) {
        int namesakes = locator.namesakes(filename).size();
        return namesakes < 2
                ? "image '" + filename + "' not found (relative to the VIA file, the cohort directory, or by name)"
                : "image '" + filename + "' is ambiguous: " + namesakes + " files of that name below the cohort"
                        + " directory, and its path in the VIA file does not tell which; add the image to VIA by its"
                        + " path relative to the VIA file or the cohort directory";
    }

    private Path findImage(Path via, String filename) {
        if (locator == null) {
            locator = new ViaImageLocator(cohortDir);
        }
        return locator.find(filename, List.of(via.toAbsolutePath().getParent(), cohortDir));
    }

    private static String rel(Path base, Path p) {
        Path a = p.toAbsolutePath().normalize();
        return a.startsWith(base) ? base.relativize(a).toString() : a.toString();
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
