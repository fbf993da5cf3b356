package org.hemamet.cohort;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import org.hemamet.core.Mutations;

/** The cohort table under mutation fuzzing (issue 16; slow tier): read, or refused with one line naming it. */
@Tag("slow")
class CohortTableFuzzTest {
    static final String COHORT = "patient_id,lesion_id,diagnosis,histology_confirmed,age,sex,level\n"
            + "MRN4223907,L1,prostate,true,78,M,L3\n"
            + "MRN1000001,L1,hemangioma,false,55,F,T11\n"
            + "MRN1000001,L2,hemangioma,false,55,F,L2\n"
            + "\"MRN 77\",L1,myeloma,true,61,F,T9\n";

    @Property(tries = 1500, seed = "16")
    void aMutatedCohortIsReadOrRefusedWithOneLine(@ForAll("mutatedCohort") byte[] bytes) throws Exception {
        Path f = Files.createTempFile("fuzz", ".csv");
        try {
            Mutations.assertParsesOrRefuses(f, bytes, CohortTable::read);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedCohort() {
        return Mutations.of(List.of(COHORT.getBytes(StandardCharsets.UTF_8)));
    }
}
