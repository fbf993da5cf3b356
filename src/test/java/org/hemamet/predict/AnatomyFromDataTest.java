package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.core.Json;
import org.hemamet.dicom.DicomDescriptor;
import org.hemamet.dicom.DicomReader;
import org.hemamet.dicom.TestDicom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: the body part a bundle says its network was trained on comes from the data (the training
 * images' BodyPartExamined, kept by ingest as a category in dataset.csv), not a constant; predict compares
 * an image's category with it.
 */
class AnatomyFromDataTest {
    @BeforeAll
    static void build() {
        PredictFixture.build();
    }

    @Test
    void ingestKeepsTheCategoryNeverTheHeaderText() throws Exception {
        List<DatasetSample> samples = DatasetManifest.read(PredictFixture.dataset);
        assertThat(samples)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.bodyPart()).isEqualTo("SPINE"));
        String csv = Files.readString(PredictFixture.dataset.resolve(DatasetManifest.FILE_NAME));
        assertThat(csv.lines().findFirst().orElseThrow()).endsWith("," + DatasetManifest.BODY_PART_COLUMN);
    }

    @Test
    void theBundleRecordsTheTrainingImagesBodyPart() throws Exception {
        Map<?, ?> meta = Json.mapper()
                .readValue(PredictFixture.bundle.resolve("metadata.json").toFile(), Map.class);
        Map<?, ?> anatomy = (Map<?, ?>) meta.get("anatomy");
        assertThat(anatomy.get("body_part")).isEqualTo("SPINE");
        assertThat((String) anatomy.get("source")).startsWith("the training images: BodyPartExamined of");
    }

    @Test
    void aBundleWhoseTrainingHeadersGaveNoneStandsForTheStudysScope() {
        assertThat(BundleMetadata.Anatomy.ofTraining(List.of("", ""))).isEqualTo(BundleMetadata.Anatomy.STUDIED);
        assertThat(BundleMetadata.Anatomy.ofTraining(List.of("TRUNK", "SPINE", ""))
                        .bodyPart())
                .isEqualTo("SPINE,TRUNK");
    }

    /**
     * A model trained on axial slices too records both planes and predicts on an axial slice; one trained on sagittal
     * slices alone (or on a dataset that records no plane) refuses it, naming the plane.
     */
    @Test
    void theTrainingPlanesDecideWhichPlanesPredictAccepts(@TempDir Path tmp) throws Exception {
        BundleMetadata.Anatomy both =
                BundleMetadata.Anatomy.ofTraining(List.of("SPINE", "SPINE", ""), List.of("AXIAL", "SAGITTAL", ""));
        assertThat(both.plane()).isEqualTo("AXIAL,SAGITTAL");
        assertThat(both.source()).contains("ImageOrientationPatient of 2 of 3 samples");
        BundleMetadata.Anatomy sagittal = BundleMetadata.Anatomy.ofTraining(List.of("SPINE"), List.of());
        assertThat(sagittal.plane()).isEqualTo("SAGITTAL");
        assertThat(BundleMetadata.Anatomy.ofTraining(List.of(""), List.of("")))
                .isEqualTo(BundleMetadata.Anatomy.STUDIED);

        Path axial = Files.createTempFile(tmp, "axial", ".dcm");
        Files.delete(axial);
        Files.copy(PredictFixture.BY_SHA.values().iterator().next().dicom(), axial);
        TestDicom.setFields(axial, Map.of("ImageOrientationPatient", "1\\0\\0\\0\\1\\0"));
        DicomDescriptor d = DicomReader.readHeader(axial);
        assertThat(d.plane()).isEqualTo(DicomDescriptor.AXIAL);
        assertThat(AnatomyCheck.mismatches(d, both)).isEmpty();
        assertThat(AnatomyCheck.mismatches(d, sagittal))
                .containsExactly("ImageOrientationPatient axial (slice normal along head-foot)");
        assertThat(AnatomyCheck.words(both)).isEqualTo("axial,sagittal SPINE MR images");
    }

    private static DicomDescriptor header(Path tmp, String bodyPart) throws Exception {
        Path f = Files.createTempFile(tmp, "part", ".dcm");
        Files.delete(f);
        Files.copy(PredictFixture.BY_SHA.values().iterator().next().dicom(), f);
        TestDicom.setFields(f, Map.of("BodyPartExamined", bodyPart));
        return DicomReader.readHeader(f);
    }

    @Test
    void predictComparesCategoriesLikeWithLike(@TempDir Path tmp) throws Exception {
        BundleMetadata.Anatomy spine = BundleMetadata.Anatomy.ofTraining(List.of("SPINE"));
        BundleMetadata.Anatomy head = BundleMetadata.Anatomy.ofTraining(List.of("HEAD"));
        // a spine model: the spine under any label, and its regions, pass; the head is another region
        assertThat(AnatomyCheck.mismatches(header(tmp, "LSPINE"), spine)).isEmpty();
        assertThat(AnatomyCheck.mismatches(header(tmp, "CHEST"), spine)).isEmpty();
        assertThat(AnatomyCheck.mismatches(header(tmp, ""), spine)).isEmpty();
        assertThat(AnatomyCheck.mismatches(header(tmp, "CLINICAL"), spine)).isEmpty();
        assertThat(AnatomyCheck.mismatches(header(tmp, "BRAIN"), spine))
                .containsExactly("BodyPartExamined category HEAD");
        assertThat(AnatomyCheck.mismatches(header(tmp, "KNEE"), spine))
                .containsExactly("BodyPartExamined category EXTREMITY");
        // a model whose data said HEAD: a brain image is like its training images, a spine image is not
        assertThat(AnatomyCheck.mismatches(header(tmp, "BRAIN"), head)).isEmpty();
        assertThat(AnatomyCheck.mismatches(header(tmp, "TSPINE"), head))
                .containsExactly("BodyPartExamined category SPINE");
    }
}
