package org.hemamet.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetSampleTest {
    static final DatasetSample FULL = new DatasetSample(
            "p1_L2_T2",
            "p1",
            "L2",
            Diagnosis.RCC,
            Sequence.T2,
            "crops/p1_L2_T2.png",
            "ab".repeat(32),
            "polygon",
            101,
            102,
            13,
            14,
            35.5,
            3539,
            "SIEMENS Aera",
            1.5,
            4435,
            98,
            143,
            0.67,
            "masks/p1_L2_T2.png",
            740,
            new Covariates("57", "M", "L3"),
            "SPINE",
            3,
            "AXIAL");

    /** A builder from a sample copies every field; the identity changes alone. */
    @Test
    void toBuilderCopiesEveryField() {
        assertThat(FULL.toBuilder().build()).isEqualTo(FULL);
        DatasetSample other = FULL.withIdentity("p9_L2_T1", "p9", Sequence.T1, "crops/p9_L2_T1.png");
        assertThat(other.lesionId()).isEqualTo("L2");
        assertThat(other.withIdentity(FULL.sampleId(), FULL.patientKey(), FULL.sequence(), FULL.cropPath()))
                .isEqualTo(FULL);
    }

    /** What a fresh builder leaves unset reads as unknown or absent: no mask, no reference, no covariates. */
    @Test
    void aFreshBuilderLeavesWhatIsNotSetUnknown() {
        DatasetSample s = DatasetSample.builder("a", "k", "L1", Diagnosis.HEMANGIOMA, Sequence.T1, "crops/a.png")
                .build();
        assertThat(List.of(s.sourceSha256(), s.roiShape(), s.scanner(), s.maskPath(), s.bodyPart()))
                .containsOnly("");
        assertThat(List.of(s.fieldStrength(), s.repetitionTime(), s.echoTime(), s.inversionTime(), s.pixelSpacing()))
                .allMatch(v -> v.isNaN());
        assertThat(s.sourceMin()).isZero();
        assertThat(s.sourceMax()).isEqualTo(1.0);
        assertThat(s.hasMask()).isFalse();
        assertThat(s.hasReference()).isFalse();
        assertThat(s.covariates()).isEqualTo(Covariates.NONE);
        assertThat(s.frame()).isZero();
    }

    /** A frame is a 1-based number; a negative one is refused where the sample is made. */
    @Test
    void aNegativeFrameIsRefused() {
        assertThatThrownBy(() -> FULL.toBuilder().frame(-1).build()).hasMessageContaining("frame -1");
    }
}
