package org.hemamet.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.RunProvenance;
import org.hemamet.core.HemametException;
import org.hemamet.ingest.Ingest;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.study.StudyRunner;

/**
 * The development side of a validation: the crop parameters the models were trained with and the dataset
 * they were developed on (when it can be found), against which the external dataset is checked.
 *
 * @param cropKey       the crop parameters' key ({@link LesionCropper.Params#key()})
 * @param cropSource    where they came from: the bundle's {@code input.crop}, the development dataset's
 *                      {@code ingest-report.json}, or the defaults (as {@code hemamet export} does)
 * @param datasetSha256 the development dataset's hash as recorded ("" when not recorded)
 * @param datasetDir    the development dataset directory, or null when it is not known or not there
 * @param note          why the development dataset is not known ("" when it is)
 */
record Development(String cropKey, String cropSource, String datasetSha256, Path datasetDir, String note) {

    /**
     * The development side of one bundle: {@code developmentDir} when given, else the dataset the bundle's
     * run recorded ({@code runDir} null: the bundle's own run when it lies in one, {@code cells/<id>/model}).
     */
    static Development of(Path bundleDir, BundleMetadata meta, Path runDir, Path developmentDir) {
        Path run = runDir != null ? runDir : enclosingRun(bundleDir);
        RunProvenance prov = run == null ? null : provenance(run);
        String recordedHash = prov != null && prov.datasetSha256() != null
                ? prov.datasetSha256()
                : meta.dataset() != null && meta.dataset().sha256() != null
                        ? meta.dataset().sha256()
                        : "";
        Path dir = developmentDir;
        String note = "";
        if (dir == null && prov != null && prov.datasetDir() != null) {
            dir = Path.of(prov.datasetDir());
        }
        if (dir == null) {
            note = "the development dataset is not known (pass --development DIR)";
        } else if (!Files.isRegularFile(dir.resolve(DatasetManifest.FILE_NAME))) {
            if (developmentDir != null) {
                throw HemametException.invalidInput(
                        developmentDir + ": not a dataset (no " + DatasetManifest.FILE_NAME + ")");
            }
            note = "the development dataset is no longer where its run recorded it (pass --development DIR)";
            dir = null;
        } else if (!recordedHash.isEmpty()) {
            String actual = StudyRunner.datasetHash(dir);
            if (!actual.equals(recordedHash)) {
                throw HemametException.invalidInput(dir + ": dataset hash " + shortHash(actual)
                        + " differs from the development dataset's " + shortHash(recordedHash)
                        + " that the model records: not the dataset the model was developed on");
            }
        }
        BundleMetadata.Crop crop = meta.input() == null ? null : meta.input().crop();
        String key;
        String source;
        String reportKey = dir == null ? null : ingestCropKey(dir);
        if (crop != null && crop.key() != null) {
            key = crop.key();
            source = "the bundle's input.crop";
        } else if (reportKey != null) {
            key = reportKey;
            source = "the development dataset's " + Ingest.REPORT_FILE;
        } else {
            key = LesionCropper.Params.DEFAULT.key();
            source = "defaults (neither the bundle nor its dataset records crop parameters)";
        }
        return new Development(key, source, recordedHash, dir, note);
    }

    /** This development side with the crop parameters a bundle records itself, when it does. */
    Development forBundle(BundleMetadata meta) {
        BundleMetadata.Crop crop = meta.input() == null ? null : meta.input().crop();
        return crop == null || crop.key() == null
                ? this
                : new Development(crop.key(), "the bundle's input.crop", datasetSha256, datasetDir, note);
    }

    /**
     * This development side with the crop parameters a late-fused model's member records, when it does; its
     * source names the member's sequence, so that a refusal says which member differs.
     */
    Development forMember(String sequence, BundleMetadata meta) {
        Development d = forBundle(meta);
        return new Development(
                d.cropKey(), d.cropSource() + " (the " + sequence + " member)", datasetSha256, datasetDir, note);
    }

    /** The patients (pseudonym keys) of the development dataset. */
    Set<String> patients() {
        Set<String> s = new HashSet<>();
        DatasetManifest.read(datasetDir).forEach(x -> s.add(x.patientKey()));
        return s;
    }

    /** The SHA-256 of each source image of the development dataset (unrecorded ones left out). */
    Set<String> sourceImages() {
        return sourceImages(DatasetManifest.read(datasetDir));
    }

    static Set<String> sourceImages(Iterable<DatasetSample> samples) {
        Set<String> s = new HashSet<>();
        for (DatasetSample x : samples) {
            String h = x.sourceSha256();
            if (h != null && h.length() == 64 && !h.chars().allMatch(c -> c == '0')) {
                s.add(h);
            }
        }
        return s;
    }

    /** The crop key a dataset's {@code ingest-report.json} records, or null when it records none. */
    static String ingestCropKey(Path datasetDir) {
        return Ingest.cropKey(datasetDir).orElse(null);
    }

    /** The run a bundle lies in ({@code RUN/cells/<cell_id>/model}), or null. */
    static Path enclosingRun(Path bundleDir) {
        Path b = bundleDir.toAbsolutePath().normalize();
        Path cell = b.getParent();
        Path cells = cell == null ? null : cell.getParent();
        if (cells == null || !cells.getFileName().toString().equals(RunFiles.CELLS) || cells.getParent() == null) {
            return null;
        }
        return Files.isRegularFile(cells.getParent().resolve(RunFiles.PROVENANCE)) ? cells.getParent() : null;
    }

    private static RunProvenance provenance(Path runDir) {
        try {
            return RunFiles.readProvenance(runDir);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String shortHash(String h) {
        return h.length() > 12 ? h.substring(0, 12) : h;
    }
}
