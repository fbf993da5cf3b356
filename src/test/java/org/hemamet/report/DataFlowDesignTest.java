package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.hemamet.study.StudyConfig;
import org.junit.jupiter.api.Test;

/** The partition table's sentence says which part the balancing dropped lesions from. */
class DataFlowDesignTest {
    @Test
    void droppedSaysTrainingOnlyByDefaultAndBothPartsWithBalanceTest() {
        StudyConfig quick = StudyConfig.profile("quick");
        assertThat(quick.balanceTest()).isFalse();
        assertThat(DataFlowSection.design(quick))
                .contains("'Dropped' counts the lesions the balancing removed")
                .contains("the training part only; the test part keeps every lesion")
                .doesNotContain("training samples the balancing removed");
        StudyConfig paperOrder =
                quick.toBuilder().balanceTest(true).fusion(null).build();
        assertThat(DataFlowSection.design(paperOrder))
                .contains("the test part too")
                .contains("dropped_from");
    }
}
