package org.hemamet.synth;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.hemamet.cohort.Sequence;

/**
 * Synthesises one patient in three steps: sample the scene from the parameter table ({@link SceneSampler}:
 * anatomy, tissues, lesion, texture, acquisitions), form its images ({@link SceneRenderer}: signal
 * equations, 2x render with partial-volume downsampling, coil bias, then the receiver's Rician noise,
 * gain and 12-bit quantisation) and write the patient's DICOM series, key-image PNGs, drawn regions and
 * true masks ({@link PatientFiles}).
 */
final class PatientSynthesizer {
    /** A lesion the reader annotated: its id within the patient (L1, L2, ...) and its vertebral level. */
    record AnnotatedLesion(String lesionId, String level) {}

    /** One drawn VIA region: the lesion it outlines and its VIA 2 {@code shape_attributes}. */
    record Region(String lesionId, Map<String, Object> shapeAttributes) {}

    /**
     * The annotated key image of one series, its drawn lesion regions (L1 first) and the normal-marrow
     * reference region ({@link ReferenceAnnotator}; null when the slice shows no other vertebral body).
     */
    record KeyImage(
            Sequence sequence,
            String sopInstanceUid,
            String pngPath,
            long pngSize,
            List<Region> regions,
            Map<String, Object> referenceShape) {}

    /** What a rendered patient contributes to the cohort table, the VIA project and the ground truth. */
    record Result(
            PatientPlan plan,
            List<AnnotatedLesion> lesions,
            List<KeyImage> keyImages,
            List<Map<String, Object>> truth) {}

    private final SceneSampler sampler;
    private final PatientFiles files;

    PatientSynthesizer(PhantomParameters p, int matrix, long seed, Path cohortDir, Path truthDir) {
        this.sampler = new SceneSampler(p, matrix);
        this.files = new PatientFiles(seed, cohortDir, truthDir);
    }

    Result render(PatientPlan plan) throws IOException {
        PatientScene scene = sampler.sample(plan);
        Map<Sequence, SceneRenderer.RenderedSeries> images = SceneRenderer.render(scene);
        return files.write(scene, images);
    }

    static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            ImageIO.write(img, "png", bos);
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double round1(double d) {
        return Math.round(d * 10) / 10.0;
    }

    static double round4(double d) {
        return Math.round(d * 1e4) / 1e4;
    }
}
