package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.TestTrees;
import org.hemamet.predict.PredictFixtureAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What needs a finished study, asked of one that has not finished (stopped, still running, its merge not run):
 * exit 3 saying how far it got and how it goes on, where it said "is this a run directory?" (exit 2).
 */
class UnfinishedRunTest {
    @TempDir
    Path tmp;

    private static final String CELL = "T1__hemangioma-vs-metastases__r0"; // the fixture's one cell

    @Test
    void reportValidateAndExportSayTheStudyHasNotFinished() throws Exception {
        Path run = TestTrees.copy(PredictFixtureAccess.run(), tmp.resolve("run"));
        Files.delete(run.resolve(RunFiles.RESULTS)); // the merge has not run
        String stands = " ('hemamet status " + run + "' says where it stands)";
        String resumes = run + ": the study has not finished: 1 of 1 cells done, 'hemamet study' with the same"
                + " arguments resumes it; ";

        CliResult report = CliRun.run(
                "report", run.toString(), "--out", tmp.resolve("r.html").toString());
        assertThat(report.exit()).as(report.both()).isEqualTo(HemametException.DATA_STATE);
        assertThat(report.err())
                .isEqualTo(
                        "hemamet: " + resumes + "the report needs its results.csv" + stands + System.lineSeparator());
        CliResult validate = CliRun.run(
                "validate",
                "--run",
                run.toString(),
                "--dataset",
                PredictFixtureAccess.dataset().toString(),
                "--out",
                tmp.resolve("val").toString());
        assertThat(validate.exit()).as(validate.both()).isEqualTo(HemametException.DATA_STATE);
        assertThat(validate.err())
                .isEqualTo("hemamet: " + resumes + "validating its models needs its results.csv" + stands
                        + System.lineSeparator());

        AtomicFiles.deleteRecursively(RunFiles.cellDir(run, CELL)); // its one cell not done either
        try (RunLock hold = RunLock.acquire(run, "study")) {
            hold.describeCell(1, 1, CELL);
            CliResult export = CliRun.run(
                    "export",
                    run.toString(),
                    "--cell",
                    "T1/hemangioma-vs-metastases",
                    "--out",
                    tmp.resolve("b").toString());
            assertThat(export.exit()).as(export.both()).isEqualTo(HemametException.DATA_STATE);
            assertThat(export.err())
                    .startsWith("hemamet: " + run + ": the study has not finished: 0 of 1 cells done, a hemamet run is"
                            + " at it now (process " + ProcessHandle.current().pid() + " ")
                    .endsWith("; --cell T1/hemangioma-vs-metastases --repeat 0 is not done yet" + stands
                            + System.lineSeparator());
        }
        assertThat(tmp.resolve("r.html")).doesNotExist();
        assertThat(tmp.resolve("val")).doesNotExist();
        assertThat(tmp.resolve("b")).doesNotExist();
    }
}
