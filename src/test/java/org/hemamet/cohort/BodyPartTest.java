package org.hemamet.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BodyPartExamined values as scanners write them, reduced to the categories the dataset keeps. */
class BodyPartTest {
    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
            value = {
                "SPINE|SPINE",
                "LSPINE|SPINE",
                "tspine|SPINE",
                "L-SPINE|SPINE",
                "SPINE CHEST|SPINE",
                "SACRUM|SPINE",
                "CHEST|TRUNK",
                "ABDOMEN|TRUNK",
                "WHOLEBODY|TRUNK",
                "PELVIS|TRUNK",
                "HEAD|HEAD",
                "BRAIN|HEAD",
                " Head |HEAD",
                "KNEE|EXTREMITY",
                "SHOULDER|EXTREMITY",
                "BREAST|BREAST",
                "HEART|ORGAN",
                "PROSTATE|ORGAN",
                "CLINICAL|OTHER",
                "HEADNECK|OTHER",
                "EARS|OTHER",
                "|''"
            },
            delimiter = '|')
    void categoryOfAHeaderValue(String raw, String category) {
        assertThat(BodyPart.category(raw)).isEqualTo(category);
    }

    @Test
    void theSpineAndTheTrunkAreOneRegionTheHeadAnother() {
        assertThat(BodyPart.TRUNK.sameRegion(BodyPart.SPINE)).isTrue();
        assertThat(BodyPart.SPINE.sameRegion(BodyPart.TRUNK)).isTrue();
        assertThat(BodyPart.HEAD.sameRegion(BodyPart.SPINE)).isFalse();
        assertThat(BodyPart.SPINE.sameRegion(BodyPart.HEAD)).isFalse();
        assertThat(BodyPart.EXTREMITY.sameRegion(BodyPart.EXTREMITY)).isTrue();
    }

    @Test
    void onlyCategoriesAreReadBack() {
        assertThat(BodyPart.parse("SPINE")).contains(BodyPart.SPINE);
        assertThat(BodyPart.parse("")).isEmpty();
        assertThatThrownBy(() -> BodyPart.parse("LSPINE")).hasMessageContaining("body_part 'LSPINE' is not one of");
        assertThat(BodyPart.join(List.of("TRUNK", "", "SPINE", "SPINE"))).isEqualTo("SPINE,TRUNK");
    }
}
