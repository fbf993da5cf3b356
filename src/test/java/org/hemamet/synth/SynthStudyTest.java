package org.hemamet.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SplitRow;
import org.hemamet.ingest.Ingest;
import org.hemamet.ingest.IngestOptions;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.study.CellRunner;
import org.hemamet.study.StudyConfig;
import org.hemamet.study.StudyRunner;
import org.hemamet.study.TestStudies;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the synthetic cohort, whose patients have 1-3 annotated lesions: ingest makes one sample per
 * lesion x sequence, a study keeps every lesion of a patient in one partition, and the clustered statistics
 * see clusters of more than one lesion.
 */
@Tag("slow")
class SynthStudyTest {
    @TempDir
    Path tmp;

    @Test
    void multiLesionPatientsStayInOnePartitionAndTheTestPartHasClusters() throws Exception {
        Path cohort = SynthFixture.out().resolve("cohort");
        Path ds = tmp.resolve("ds");
        Ingest.Summary s = Ingest.run(
                new IngestOptions(cohort, ds, LesionCropper.Params.DEFAULT, tmp.resolve("ds.key"), null),
                Ingest.Listener.NONE);
        assertThat(s.skipped()).isZero();
        Map<String, Set<String>> lesionsOf = new HashMap<>();
        for (DatasetSample d : DatasetManifest.read(ds)) {
            lesionsOf.computeIfAbsent(d.patientKey(), k -> new HashSet<>()).add(d.lesionId());
        }
        assertThat(lesionsOf).hasSize(SynthFixture.PATIENTS);
        assertThat(lesionsOf.values()).anyMatch(l -> l.size() > 1);

        StudyConfig config = TestStudies.tiny("synth-clusters", 11, Sequence.T1, Sequence.T2)
                .search(TestStudies.grid(1e-3, 4))
                .bootstrap(200)
                .calibrationFolds(3)
                .build()
                .validated("test");
        Path run = tmp.resolve("run");
        List<CellRunner.CellOutcome> outcomes = new StudyRunner(config, ds, run, null).run();
        assertThat(outcomes).extracting(CellRunner.CellOutcome::status).containsOnly(ResultRow.OK);
        for (ResultRow r : RunFiles.readResults(run)) {
            List<SplitRow> split = RunFiles.readSplit(RunFiles.cellDir(run, r.cellId()));
            Map<String, Set<String>> partitionsOf = new HashMap<>();
            Set<String> testPatients = new HashSet<>();
            int testLesions = 0;
            for (SplitRow row : split) {
                String part = SplitRow.DROPPED.equals(row.partition()) ? row.droppedFrom() : row.partition();
                partitionsOf
                        .computeIfAbsent(row.patientKey(), k -> new HashSet<>())
                        .add(part);
                if (SplitRow.TEST.equals(row.partition())) {
                    testPatients.add(row.patientKey());
                    testLesions++;
                }
            }
            assertThat(partitionsOf.values())
                    .as(r.cellId() + ": every lesion of a patient in one partition")
                    .allMatch(p -> p.size() == 1);
            assertThat(r.nTestPatients()).isEqualTo(testPatients.size());
            assertThat(r.nTestPatients())
                    .as(r.cellId() + ": clusters of size > 1")
                    .isLessThan(testLesions);
            assertThat(r.ciLevel()).isEqualTo(ResultRow.CI_PATIENT);
        }
    }
}
