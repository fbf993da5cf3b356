package org.hemamet.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What cohort.csv gives dataset.csv: age top-coded at 90, sex and level; nothing when none is given. */
class CovariatesTest {
    @Test
    void agesOfNinetyAndOverAreTopCodedAndLevelsUpperCased() {
        CohortLesion old = new CohortLesion("MRN1", "L1", Diagnosis.LUNG, true, "97", "F", "l2", 2);
        assertThat(Covariates.of(old)).isEqualTo(new Covariates("90", "F", "L2"));
        CohortLesion young = new CohortLesion("MRN2", "L1", Diagnosis.HEMANGIOMA, false, "54.7", "M", "T11", 3);
        assertThat(Covariates.of(young).age()).isEqualTo("54");
        CohortLesion none = new CohortLesion("MRN3", "L1", Diagnosis.HEMANGIOMA, false, "", "", "", 4);
        assertThat(Covariates.of(none).present()).isFalse();
    }
}
