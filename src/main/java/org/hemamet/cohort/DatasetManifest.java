package org.hemamet.cohort;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Csv;
import org.hemamet.core.HemametException;

/**
 * Reads and writes {@code dataset.csv} (see {@link DatasetSample} for the columns). The trailing
 * {@value #MASK_COLUMN} column is written only when some sample has a mask, so a dataset without masks is
 * byte for byte what it was before masks existed; a file without the column reads as samples without
 * masks. The trailing {@value #REFERENCE_COLUMN} column (after {@value #MASK_COLUMN} when present) is written
 * only when some sample's image has a normal-marrow reference region; the trailing age, sex and level
 * columns ({@link Covariates}) only when cohort.csv gives any of them; the trailing {@value #BODY_PART_COLUMN}
 * column only when some sample's DICOM header gives a BodyPartExamined; the trailing {@value #FRAME_COLUMN}
 * column only when some sample comes from a multi-frame DICOM; the trailing {@value #PLANE_COLUMN} column (last)
 * only when some sample's DICOM is not sagittal (so a dataset of sagittal slices, the study's scope, is written as
 * before planes were recorded).
 */
public final class DatasetManifest {
    public static final String FILE_NAME = "dataset.csv";

    /** Column order of dataset.csv. */
    public static final List<String> COLUMNS = List.of(
            "sample_id",
            "patient_key",
            "lesion_id",
            "diagnosis",
            "sequence",
            "crop_path",
            "source_sha256",
            "roi_shape",
            "roi_x",
            "roi_y",
            "roi_width",
            "roi_height",
            "source_min",
            "source_max",
            "scanner",
            "field_strength",
            "repetition_time",
            "echo_time",
            "inversion_time",
            "pixel_spacing");

    /** The optional last column: the mask PNG path, when ingest wrote masks. */
    public static final String MASK_COLUMN = "mask_path";

    /**
     * The optional last columns: the patient's age (top-coded at 90), sex and the lesion's vertebral level from
     * cohort.csv ({@link Covariates}), when cohort.csv gives any of them.
     */
    public static final List<String> COVARIATE_COLUMNS = List.of("age", "sex", "level");

    /**
     * The optional last column (after the covariates): the source DICOM's BodyPartExamined as a {@link
     * BodyPart} category, when some sample's header gives one.
     */
    public static final String BODY_PART_COLUMN = "body_part";

    /**
     * The optional last column: the 1-based frame of a multi-frame source DICOM the region is on, when some
     * sample comes from one (empty for the others).
     */
    public static final String FRAME_COLUMN = "frame";

    /**
     * The optional last column: each sample's imaging plane (SAGITTAL, CORONAL, AXIAL; empty when unknown), when some
     * sample's source DICOM is not sagittal.
     */
    public static final String PLANE_COLUMN = "plane";

    /** The optional last column: the reference region's median signal, when some image has one. */
    public static final String REFERENCE_COLUMN = "reference_median";

    private DatasetManifest() {}

    /** Reads {@code dir/dataset.csv} ({@link Csv#readTable}: a file cut short is refused); errors name the file and line. */
    public static List<DatasetSample> read(Path datasetDir) {
        Path file = datasetDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw HemametException.invalidInput(
                    file + ": not found (is " + datasetDir + " a dataset made by 'hemamet ingest'?)");
        }
        Csv.Table table;
        try {
            table = Csv.readTable(file);
        } catch (Csv.CsvException e) {
            throw HemametException.invalidInput(e.getMessage(), e);
        }
        List<DatasetSample> out = new ArrayList<>();
        for (Csv.Record record : table.records()) {
            Map<String, String> m = record.values();
            try {
                out.add(new DatasetSample(
                        req(m, "sample_id"),
                        req(m, "patient_key"),
                        req(m, "lesion_id"),
                        Diagnosis.lookup(req(m, "diagnosis"))
                                .orElseThrow(() ->
                                        new IllegalArgumentException("unknown diagnosis '" + m.get("diagnosis") + "'")),
                        Sequence.parse(req(m, "sequence")),
                        req(m, "crop_path"),
                        m.getOrDefault("source_sha256", ""),
                        m.getOrDefault("roi_shape", ""),
                        integer(m, "roi_x"),
                        integer(m, "roi_y"),
                        integer(m, "roi_width"),
                        integer(m, "roi_height"),
                        dbl(m, "source_min"),
                        dbl(m, "source_max"),
                        m.getOrDefault("scanner", ""),
                        dbl(m, "field_strength"),
                        dbl(m, "repetition_time"),
                        dbl(m, "echo_time"),
                        dbl(m, "inversion_time"),
                        dbl(m, "pixel_spacing"),
                        m.getOrDefault(MASK_COLUMN, "").trim(),
                        dbl(m, REFERENCE_COLUMN),
                        new Covariates(
                                m.getOrDefault(COVARIATE_COLUMNS.get(0), ""),
                                m.getOrDefault(COVARIATE_COLUMNS.get(1), ""),
                                m.getOrDefault(COVARIATE_COLUMNS.get(2), "")),
                        m.getOrDefault(BODY_PART_COLUMN, "").trim(),
                        integer(m, FRAME_COLUMN),
                        m.getOrDefault(PLANE_COLUMN, "").trim()));
            } catch (RuntimeException e) {
                throw HemametException.invalidInput(file + ": row " + record.line() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Writes {@code dir/dataset.csv} atomically, rows in the given order. */
    /**
     * The dataset's content hash, as a study records it ({@code dataset_sha256}, {@code dataset.sha256}):
     * SHA-256 over dataset.csv's bytes and the SHA-256 of every crop and mask it lists, in its order.
     */
    public static String hash(Path datasetDir) {
        var md = org.hemamet.core.Hashing.sha256();
        try {
            md.update(Files.readAllBytes(datasetDir.resolve(FILE_NAME)));
            for (DatasetSample s : read(datasetDir)) {
                md.update(org.hemamet.core.Hashing.sha256(datasetDir.resolve(s.cropPath()))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (s.hasMask()) {
                    md.update(org.hemamet.core.Hashing.sha256(datasetDir.resolve(s.maskPath()))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    public static void write(Path datasetDir, List<DatasetSample> samples) {
        AtomicFiles.writeString(datasetDir.resolve(FILE_NAME), toCsv(samples));
    }

    public static String toCsv(List<DatasetSample> samples) {
        CsvMapper mapper = new CsvMapper();
        boolean masks = samples.stream().anyMatch(DatasetSample::hasMask);
        CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(b::addColumn);
        boolean references = samples.stream().anyMatch(DatasetSample::hasReference);
        if (masks) {
            b.addColumn(MASK_COLUMN);
        }
        if (references) {
            b.addColumn(REFERENCE_COLUMN);
        }
        boolean covariates = samples.stream().anyMatch(x -> x.covariates().present());
        if (covariates) {
            COVARIATE_COLUMNS.forEach(b::addColumn);
        }
        boolean bodyParts = samples.stream().anyMatch(x -> !x.bodyPart().isEmpty());
        if (bodyParts) {
            b.addColumn(BODY_PART_COLUMN);
        }
        boolean frames = samples.stream().anyMatch(x -> x.frame() > 0);
        if (frames) {
            b.addColumn(FRAME_COLUMN);
        }
        boolean planes = samples.stream()
                .anyMatch(x -> !x.plane().isEmpty() && !x.plane().equals("SAGITTAL"));
        if (planes) {
            b.addColumn(PLANE_COLUMN);
        }
        CsvSchema schema = b.build();
        List<List<Object>> rows = new ArrayList<>();
        for (DatasetSample s : samples) {
            List<Object> row = new ArrayList<>(List.of(
                    s.sampleId(),
                    s.patientKey(),
                    s.lesionId(),
                    s.diagnosis().id(),
                    s.sequence().name(),
                    s.cropPath(),
                    s.sourceSha256(),
                    s.roiShape(),
                    s.roiX(),
                    s.roiY(),
                    s.roiWidth(),
                    s.roiHeight(),
                    num(s.sourceMin()),
                    num(s.sourceMax()),
                    s.scanner(),
                    num(s.fieldStrength()),
                    num(s.repetitionTime()),
                    num(s.echoTime()),
                    num(s.inversionTime()),
                    num(s.pixelSpacing())));
            if (masks) {
                row.add(s.maskPath());
            }
            if (references) {
                row.add(num(s.referenceMedian()));
            }
            if (covariates) {
                row.add(s.covariates().age());
                row.add(s.covariates().sex());
                row.add(s.covariates().level());
            }
            if (bodyParts) {
                row.add(s.bodyPart());
            }
            if (frames) {
                row.add(s.frame() > 0 ? Integer.toString(s.frame()) : "");
            }
            if (planes) {
                row.add(s.plane());
            }
            rows.add(row);
        }
        try (Writer w = new StringWriter()) {
            mapper.writer(schema).writeValues(w).writeAll(rows).close();
            return w.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String num(double v) {
        return Double.isNaN(v)
                ? ""
                : (v == Math.rint(v) && Math.abs(v) < 1e15
                        ? String.format(Locale.ROOT, "%.1f", v)
                        : Double.toString(v));
    }

    private static String req(Map<String, String> m, String k) {
        String v = m.get(k);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing value in column '" + k + "'");
        }
        return v.trim();
    }

    private static int integer(Map<String, String> m, String k) {
        String v = m.get(k);
        return v == null || v.isBlank() ? 0 : Integer.parseInt(v.trim());
    }

    private static double dbl(Map<String, String> m, String k) {
        String v = m.get(k);
        return v == null || v.isBlank() ? Double.NaN : Double.parseDouble(v.trim());
    }
}
