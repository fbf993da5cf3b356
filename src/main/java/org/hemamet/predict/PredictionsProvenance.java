package org.hemamet.predict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.contract.PredictionProvenance;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Csv;
import org.hemamet.core.Hashing;
import org.hemamet.model.ModelInfo;
import org.hemamet.provenance.Provenance;

/** Writes {@link PredictionProvenance} beside a batch's CSV, once the CSV is complete. */
public final class PredictionsProvenance {
    private PredictionsProvenance() {}

    /** A VIA file as the input of a batch. */
    public static final String VIA = "via";

    /** An ingested dataset as the input of a batch. */
    public static final String DATASET = "dataset";

    /**
     * What the command knows of a batch.
     *
     * @param model     cnn, radiomics, fusion-late or fusion-early
     * @param cellId    the bundle's development cell
     * @param threshold the decision threshold applied
     * @param bundle    the bundle directory (--model)
     * @param input     {@link #VIA} or {@link #DATASET}
     * @param inputPath the VIA file or the dataset directory (hashed, never written)
     * @param options   the options that change a prediction, absent ones left out
     * @param started   when the command started
     */
    public record Batch(
            String model,
            String cellId,
            Double threshold,
            Path bundle,
            String input,
            Path inputPath,
            Map<String, Object> options,
            Instant started) {}

    /** Writes {@code CSV.provenance.json} ({@link PredictionProvenance#fileFor}) for the CSV just written. */
    public static Path write(Path csv, Batch b) {
        Provenance.Environment env = Provenance.environment();
        PredictionProvenance p = new PredictionProvenance(
                csv.getFileName().toString(),
                Hashing.sha256(csv),
                Csv.readTable(csv).records().size(),
                b.model(),
                b.cellId(),
                bundleSha256(b.bundle()),
                b.threshold(),
                b.input(),
                b.input().equals(DATASET) ? DatasetManifest.hash(b.inputPath()) : Hashing.sha256(b.inputPath()),
                b.options(),
                env.hemametVersion(),
                env.javaVersion(),
                env.os(),
                env.cpu(),
                env.availableProcessors(),
                env.hostHash(),
                b.model().equals("radiomics") ? null : ModelInfo.versions(),
                b.started().toString(),
                Instant.now().toString());
        Path file = PredictionProvenance.fileFor(csv);
        AtomicFiles.writeString(file, RunFiles.json(p));
        return file;
    }

    /**
     * SHA-256 over a bundle directory: for each regular file below it, in path order, its path inside the
     * bundle ('/'-separated), a tab, its SHA-256 and a newline. Any changed, added or removed file changes it.
     */
    static String bundleSha256(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile)
                    .sorted(java.util.Comparator.comparing(f -> relative(dir, f)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder manifest = new StringBuilder();
        for (Path f : files) {
            manifest.append(relative(dir, f))
                    .append('\t')
                    .append(Hashing.sha256(f))
                    .append('\n');
        }
        return Hashing.sha256(manifest.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String relative(Path dir, Path f) {
        return dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
    }
}
