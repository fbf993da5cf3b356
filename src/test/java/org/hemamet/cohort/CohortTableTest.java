package org.hemamet.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CohortTableTest {
    @TempDir
    Path dir;

    Path csv(String body) throws Exception {
        Path f = dir.resolve("cohort.csv");
        Files.writeString(f, "patient_id,lesion_id,diagnosis,histology_confirmed,age,sex,level\n" + body);
        return f;
    }

    @Test
    void readsAndNormalisesDiagnosisAliases() throws Exception {
        CohortTable t =
                CohortTable.read(csv("P1,L1,Renal Cell Carcinoma,yes,61,M,L2\nP1,L2,multiple_myeloma,0,61,M,T12\n"
                        + "P2,L1,haemangioma,true,,,\n"));
        assertThat(t.lesions())
                .extracting(CohortLesion::diagnosis)
                .containsExactly(Diagnosis.RCC, Diagnosis.MYELOMA, Diagnosis.HEMANGIOMA);
        assertThat(t.lesions()).extracting(CohortLesion::histologyConfirmed).containsExactly(true, false, true);
        assertThat(t.find("P1", "l2")).get().extracting(CohortLesion::row).isEqualTo(3);
        assertThat(t.find("P3", "L1")).isEmpty();
    }

    /**
     * A cohort.csv saved by a spreadsheet in a locale whose decimal mark is a comma (';' between fields, as
     * Excel writes it in most of Europe), or as tab-delimited text, reads as the same table; a ';' inside a
     * comma-separated file is a value.
     */
    @Test
    void aDecimalCommaAgeReadsAsADecimalPoint() throws Exception {
        Path semi = dir.resolve("semi.csv");
        Files.writeString(semi, "patient_id;lesion_id;diagnosis;age\nP1;L1;breast;63,5\nP2;L1;lung;70\n");
        assertThat(CohortTable.read(semi).lesions())
                .extracting(CohortLesion::age)
                .containsExactly("63.5", "70");
        assertThat(Covariates.of(CohortTable.read(semi).lesions().get(0)).age()).isEqualTo("63");
        // a comma-separated file quotes it
        assertThat(CohortTable.read(csv("P1,L1,breast,,\"63,5\",F,L1\n")).lesions())
                .extracting(CohortLesion::age)
                .containsExactly("63.5");
        assertThatThrownBy(() -> CohortTable.read(csv("P1,L1,breast,,\"6,3,5\",F,L1\n")))
                .hasMessageEndingWith("row 2: age '6,3,5' is not a number of years in [0, 120]");
    }

    @Test
    void aSemicolonOrTabSeparatedCohortReadsAsTheCommaSeparatedOne() throws Exception {
        String body = "P1,L1,Renal Cell Carcinoma,yes,61,M,L2\nP1,L2,multiple_myeloma,0,61,M,T12\n";
        CohortTable comma = CohortTable.read(csv(body));
        Path semi = dir.resolve("semi.csv");
        Files.writeString(
                semi,
                "\uFEFFpatient_id;lesion_id;diagnosis;histology_confirmed;age;sex;level\r\n"
                        + body.replace(',', ';').replace("\n", "\r\n"));
        assertThat(CohortTable.read(semi).lesions()).isEqualTo(comma.lesions());
        Path tabs = dir.resolve("tabs.txt"); // a spreadsheet's "Text (Tab delimited)"
        Files.writeString(
                tabs,
                "patient_id\tlesion_id\tdiagnosis\thistology_confirmed\tage\tsex\tlevel\r\n"
                        + body.replace(',', '\t').replace("\n", "\r\n"));
        assertThat(CohortTable.read(tabs).lesions()).isEqualTo(comma.lesions());
        Path mixed = dir.resolve("mixed.csv");
        Files.writeString(mixed, "patient_id,lesion_id,diagnosis\nP1,L1;L2,breast\n");
        assertThat(CohortTable.read(mixed).lesions())
                .extracting(CohortLesion::lesionId)
                .containsExactly("L1;L2");
    }

    @Test
    void unknownDiagnosisNamesFileAndRow() throws Exception {
        Path f = csv("P1,L1,breast,yes,61,F,L2\nP2,L1,osteosarcoma,yes,50,M,L1\n");
        assertThatThrownBy(() -> CohortTable.read(f))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage(f + ": row 3: unknown diagnosis 'osteosarcoma' (expected hemangioma, breast, lung,"
                        + " prostate, rcc or myeloma)");
    }

    @Test
    void duplicateLesionNamesBothRows() throws Exception {
        Path f = csv("P1,L1,breast,yes,61,F,L2\nP2,L1,lung,yes,50,M,L1\nP1,l1,breast,yes,61,F,L3\n");
        assertThatThrownBy(() -> CohortTable.read(f))
                .hasMessage(f + ": row 4: duplicate lesion 'l1' of the patient in row 2");
    }

    @Test
    void missingColumnAndEmptyIds() throws Exception {
        Path f = dir.resolve("c.csv");
        Files.writeString(f, "patient,lesion_id,diagnosis\nP1,L1,lung\n");
        assertThatThrownBy(() -> CohortTable.read(f))
                .hasMessage(f + ": missing column 'patient_id' (header must include patient_id,lesion_id,diagnosis)");
        Path g = csv("P1,,lung,yes,1,M,L1\n");
        assertThatThrownBy(() -> CohortTable.read(g)).hasMessage(g + ": row 2: empty lesion_id");
        Path none = dir.resolve("none.csv");
        assertThatThrownBy(() -> CohortTable.read(none)).hasMessageStartingWith(none + ": not found");
    }

    @Test
    void aMalformedCsvNamesTheLineItsRecordStarts() throws Exception {
        Path f = dir.resolve("q.csv");
        Files.writeString(f, "patient_id,lesion_id,diagnosis\nP1,L1,lung\nP2,\"L1,lung\n");
        assertThatThrownBy(() -> CohortTable.read(f))
                .hasMessage(f + ": cannot read CSV (line 3: unterminated quoted field)");
        Files.writeString(f, "patient_id,lesion_id,diagnosis\nP1,\"L\n1\",lung\nP2,,lung\n");
        assertThatThrownBy(() -> CohortTable.read(f)).hasMessage(f + ": row 4: empty lesion_id");
    }
}
