package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.core.Json;
import org.hemamet.preprocess.IntensityReference;
import org.hemamet.preprocess.LesionCropper;
import org.junit.jupiter.api.Test;

/** The bundle records the dataset's intensity reference, and predict reads back the very parameters. */
class CropParamsTest {
    @Test
    void everyIntensityReferenceRoundTripsThroughTheBundle() {
        for (IntensityReference r : IntensityReference.values()) {
            LesionCropper.Params p = new LesionCropper.Params(128, 0.25, false, 0.5, 99.5, r);
            assertThat(CropParams.parseKey(p.key())).isEqualTo(p);
            BundleMetadata.Crop crop = CropParams.toCrop(p, "test");
            assertThat(crop.intensityReference()).isEqualTo(r.word());
            Map<?, ?> m = Json.mapper().convertValue(crop, Map.class);
            assertThat(m.get("intensity_reference")).isEqualTo(r.word());
            assertThat(CropParams.fromMap(m)).isEqualTo(p);
        }
    }

    @Test
    void aKeyWithoutIntensityReadsAsPerCropAndAContradictionIsRefused() {
        assertThat(CropParams.parseKey("size=256;margin=0.1;aspect=keep;percentiles=0.5-99.5;resize=area/linear;v1"))
                .isEqualTo(LesionCropper.Params.DEFAULT.withIntensity(IntensityReference.CROP));
        Map<String, Object> m = Json.mapper()
                .convertValue(
                        CropParams.toCrop(LesionCropper.Params.DEFAULT.withIntensity(IntensityReference.SLICE), "test"),
                        Map.class);
        m.put("intensity_reference", "crop");
        assertThatThrownBy(() -> CropParams.fromMap(m)).hasMessageContaining("disagree");
    }
}
