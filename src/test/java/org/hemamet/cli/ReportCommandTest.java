package org.hemamet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void missingResultsCsvExitsTwoWithOneLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        CliRun.CliResult r = CliRun.run("report", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("hemamet: " + dir.resolve("results.csv") + ": not found (is " + dir
                        + " a run directory written by 'hemamet study'?)" + System.lineSeparator());
        assertThat(dir.resolve("report.html")).doesNotExist();
    }

    @Test
    void aResultsOrPredictionsCsvCutShortExitsTwoNamingItAndWritesNoReport() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        String results = "cell_id,sequence,comparison,repeat,status,message,auc,auc_lo,auc_hi\n"
                + "T2__hemangioma-vs-lung__r0,T2,hemangioma-vs-lung,0,ok,,0.75,0.6,0.9\n"
                + "T1__hemangioma-vs-lung__r0,T1,hemangioma-vs-lung,0,ok,,0.81,0.7,0.9\n";
        Files.writeString(dir.resolve("results.csv"), results.substring(0, results.length() - 12));
        CliRun.CliResult cut = CliRun.run("report", dir.toString());
        assertThat(cut.exit()).isEqualTo(2);
        assertThat(cut.err())
                .isEqualTo("hemamet: " + dir.resolve("results.csv") + " line 3: the last line has no line break (the"
                        + " file is cut short: written or copied incompletely?)" + System.lineSeparator());
        assertThat(dir.resolve("report.html")).doesNotExist();

        Files.writeString(dir.resolve("results.csv"), results);
        Files.writeString(
                dir.resolve("predictions.csv"),
                "cell_id,sample_id,patient_key,label,score\nT2__hemangioma-vs-lung__r0,s1,p1,1,0.9\n"
                        + "T2__hemangioma-vs-lung__r0,s2,p2\n");
        CliRun.CliResult shortRow = CliRun.run("report", dir.toString());
        assertThat(shortRow.exit()).isEqualTo(2);
        assertThat(shortRow.err())
                .isEqualTo("hemamet: " + dir.resolve("predictions.csv") + " line 3: 3 fields, the header has 5"
                        + " columns (the file is cut short: written or copied incompletely?)" + System.lineSeparator());
        assertThat(dir.resolve("report.html")).doesNotExist();
    }

    @Test
    void aResultsCsvWithoutCellsExitsThree() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(dir.resolve("results.csv"), "cell_id,sequence,comparison,repeat,status,message,auc\n");
        CliRun.CliResult r = CliRun.run("report", dir.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err())
                .isEqualTo("hemamet: " + dir.resolve("results.csv") + ": no cell of the CNN (a run's results.csv"
                        + " has one row per cell)" + System.lineSeparator());
        assertThat(dir.resolve("report.html")).doesNotExist();
    }

    @Test
    void missingRunDirExitsTwo() {
        Path dir = tmp.resolve("nope");
        CliRun.CliResult r = CliRun.run("report", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("hemamet: " + dir + ": not a directory (expected a study run directory)"
                        + System.lineSeparator());
    }

    @Test
    void writesReportToOutAndListsWhatIsNotAvailable() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(
                dir.resolve("results.csv"),
                "cell_id,sequence,comparison,repeat,status,message,auc,auc_lo,auc_hi\n"
                        + "T2__hemangioma-vs-lung__r0,T2,hemangioma-vs-lung,0,ok,,0.75,0.6,0.9\n");
        Path html = tmp.resolve("share/report.html");
        CliRun.CliResult r = CliRun.run("report", dir.toString(), "--out", html.toString());
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .startsWith("report: " + html + " (1 cells, 0 figures in " + tmp.resolve("share/figures"))
                .contains("not available: dataset directory (give --dataset DATASET_DIR), predictions.csv");
        assertThat(Files.readString(html)).contains("0.750 <span class=\"ci\">(0.600–0.900)</span>");
        assertThat(tmp.resolve("share/figures")).isDirectory();
    }

    @Test
    void templateIsWrittenWithoutARunAndABadAboutFileExitsTwoWithOneLine() throws Exception {
        Path t = tmp.resolve("about.yaml");
        CliRun.CliResult w = CliRun.run("report", "--template", t.toString());
        assertThat(w.exit()).isEqualTo(0);
        assertThat(w.out()).startsWith("about template: " + t);
        assertThat(Files.readString(t)).contains("# ethics: \"\"").contains("# fills: CLAIM 2024 16; TRIPOD+AI 8b, 9c");

        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(
                dir.resolve("results.csv"),
                "cell_id,sequence,comparison,repeat,status,message,auc,auc_lo,auc_hi\n"
                        + "T2__hemangioma-vs-lung__r0,T2,hemangioma-vs-lung,0,ok,,0.75,0.6,0.9\n");
        Files.writeString(t, Files.readString(t).replace("# ethics: \"\"", "ethics: \"IRB 17\"\nethic: x"));
        CliRun.CliResult bad = CliRun.run("report", dir.toString(), "--about", t.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err())
                .matches("hemamet: " + java.util.regex.Pattern.quote(t.toString())
                        + ": line \\d+, column 1: unknown field \"ethic\" \\(did you mean \"ethics\"\\?\\)"
                        + " \\(see hemamet report --template\\)\\R");
        assertThat(dir.resolve("report.html")).doesNotExist();

        Files.writeString(t, Files.readString(t).replace("\nethic: x", ""));
        CliRun.CliResult ok = CliRun.run("report", dir.toString(), "--about", t.toString());
        assertThat(ok.exit()).isEqualTo(0);
        assertThat(Files.readString(dir.resolve("report.html")))
                .contains("<th>Ethics</th><td class=\"prose\">IRB 17</td>")
                .contains(org.hemamet.core.Hashing.sha256(t));
    }

    @Test
    void noRunDirAndNoTemplateExitsTwo() {
        CliRun.CliResult r = CliRun.run("report");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("hemamet: report: give RUN_DIR (or --template FILE)" + System.lineSeparator());
    }

    @Test
    void unknownDatasetDirExitsTwo() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(
                dir.resolve("results.csv"),
                "cell_id,sequence,comparison\nT1__hemangioma-vs-lung__r0,T1,hemangioma-vs-lung\n");
        Path ds = tmp.resolve("no-dataset");
        CliRun.CliResult r = CliRun.run("report", dir.toString(), "--dataset", ds.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("hemamet: " + ds + ": dataset directory not found" + System.lineSeparator());
    }
}
