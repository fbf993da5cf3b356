package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.FusionRow;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.ResultRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SplitRow;
import org.hemamet.report.ReportWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny study with fusion: [late, early] (T1 and T2; every fifth patient without T2): the early-fused cell is
 * a cell and a row of its own, on the sequence cells' patient split, compared with the best single sequence.
 */
@Tag("slow")
class StudyEarlyFusionTest {
    static final String CMP = "hemangioma-vs-metastases";

    @TempDir
    Path tmp;

    @Test
    void theEarlyFusedCellRunsOnTheSequenceCellsSplitAndIsComparedWithTheBestSequence() throws Exception {
        Path dataset = StudyFixtures.separable(tmp.resolve("ds"), 24, 24, 32, 1, false, 2);
        List<DatasetSample> kept = new ArrayList<>();
        for (DatasetSample s : DatasetManifest.read(dataset)) {
            int patient = Integer.parseInt(s.patientKey().substring(1));
            if (!(s.sequence() == Sequence.T2 && patient % 5 == 0)) {
                kept.add(s);
            }
        }
        DatasetManifest.write(dataset, kept);
        Files.writeString(
                dataset.resolve("ingest-report.json"),
                "{\"params\":{\"key\":\"" + org.hemamet.preprocess.LesionCropper.Params.DEFAULT.key() + "\"}}\n");
        Path run = tmp.resolve("run");
        StudyConfig config = StudyFixtures.tinyConfig(7).withFusion(List.of(LateFusion.NAME, EarlyFusion.NAME));
        new StudyRunner(config, dataset, run, null).run();

        String early = EarlyFusion.NAME_MODEL + "__" + CMP + "__r0";
        List<ResultRow> all = RunFiles.readAllResults(run);
        ResultRow f = all.stream()
                .filter(r -> EarlyFusion.NAME_MODEL.equals(r.model()))
                .findFirst()
                .orElseThrow();
        assertThat(f.cellId()).isEqualTo(early);
        assertThat(f.status()).as(f.message()).isEqualTo(ResultRow.OK);
        assertThat(f.sequence()).isEqualTo("T1+T2");
        assertThat(f.aucLo()).isLessThanOrEqualTo(f.auc());
        assertThat(RunFiles.readResults(run)).noneMatch(r -> EarlyFusion.NAME_MODEL.equals(r.model()));

        // the same patient split as the sequence cells: same training and test patients
        assertThat(parts(run, early, SplitRow.TEST)).isEqualTo(parts(run, "T1__" + CMP + "__r0", SplitRow.TEST));
        Set<String> trainT1 = parts(run, "T1__" + CMP + "__r0", SplitRow.TRAIN);
        trainT1.addAll(parts(run, "T2__" + CMP + "__r0", SplitRow.TRAIN));
        assertThat(trainT1).containsAll(parts(run, early, SplitRow.TRAIN));
        // every test lesion of any sequence is an early-fused test lesion, the T1-only ones included
        Set<String> fusedTest = new HashSet<>();
        Set<String> cellTest = new HashSet<>();
        for (PredictionRow p : RunFiles.readAllPredictions(run)) {
            if (EarlyFusion.NAME_MODEL.equals(p.model())) {
                fusedTest.add(p.lesionKey());
            } else if (p.fromCnn()) {
                cellTest.add(p.lesionKey());
            }
        }
        assertThat(fusedTest).isEqualTo(cellTest);

        // the bundle holds the 2C-channel network
        var meta = BundleFiles.readMetadata(
                RunFiles.cellDir(run, early).resolve(RunFiles.MODEL).resolve(BundleFiles.METADATA));
        assertThat(((java.util.Map<?, ?>) meta.get("architecture")).get("channels"))
                .isEqualTo(4);

        List<FusionRow> vs = RunFiles.readFusion(run);
        assertThat(vs).extracting(FusionRow::model).containsExactly(LateFusion.NAME_MODEL, EarlyFusion.NAME_MODEL);
        FusionRow e = vs.get(1);
        assertThat(e.auc()).isEqualTo(f.auc());
        assertThat(e.bestSequence()).isIn("T1", "T2");
        assertThat(e.pValue()).isBetween(0.0, 1.0);
        assertThat(Files.readString(run.resolve(RunFiles.SUMMARY)))
                .contains("## Early fusion vs the best single sequence")
                .contains("| hemangioma-vs-metastases | 0 | T1+T2 |");
        Path html = tmp.resolve("report.html");
        ReportWriter.write(run, dataset, html);
        assertThat(Files.readString(html)).contains("id=\"fusion-table\"").contains(EarlyFusion.NAME_MODEL);

        // export --fusion early, then predict over the dataset: the study's early-fused test scores come back
        Path bundle = tmp.resolve("early");
        var exported = org.hemamet.cli.CliRun.run(
                "export", run.toString(), "--fusion", "early", "--comparison", CMP, "--out", bundle.toString());
        assertThat(exported.exit()).as(exported.both()).isZero();
        Path out = tmp.resolve("early.csv");
        var p = org.hemamet.cli.CliRun.run(
                "predict", "--model", bundle.toString(), "--dataset", dataset.toString(), "--out", out.toString());
        assertThat(p.exit()).as(p.both()).isZero();
        java.util.Map<String, Double> predicted = new java.util.HashMap<>();
        java.util.Map<String, String> missing = new java.util.HashMap<>();
        for (var r : org.hemamet.core.Csv.readTable(out).records()) {
            predicted.put(
                    r.values().get("patient_key") + "/" + r.values().get("lesion_id"),
                    Double.parseDouble(r.values().get("probability")));
            missing.put(
                    r.values().get("patient_key") + "/" + r.values().get("lesion_id"),
                    r.values().get("missing"));
        }
        List<PredictionRow> studied = RunFiles.readAllPredictions(run).stream()
                .filter(r -> EarlyFusion.NAME_MODEL.equals(r.model()))
                .toList();
        assertThat(studied).isNotEmpty();
        for (PredictionRow r : studied) {
            assertThat(predicted.get(r.lesionKey()))
                    .as(r.lesionKey())
                    .isCloseTo(r.score(), org.assertj.core.api.Assertions.within(1e-6));
        }
        assertThat(missing).containsValue("T2"); // every fifth patient lacks T2: a masked channel

        // predict --via: regions grouped by lesion_id, channels by the images' sequence, not by file order
        Path images = java.nio.file.Files.createDirectories(tmp.resolve("via"));
        disc(images.resolve("a.png"), 200);
        disc(images.resolve("b.png"), 60);
        String l1 = rect(8, 8, 24, 24, "L1");
        String viaA = image("a.png", "T1", l1 + "," + rect(34, 34, 24, 24, "L2"));
        String viaB = image("b.png", "T2", l1);
        Path via = images.resolve("v.json");
        Files.writeString(via, "{" + viaA + "," + viaB + "}");
        List<String[]> forward = viaRows(bundle, via, tmp.resolve("via1.csv"));
        Files.writeString(via, "{" + viaB + "," + viaA + "}");
        List<String[]> reversed = viaRows(bundle, via, tmp.resolve("via2.csv"));
        assertThat(forward).hasSize(2);
        assertThat(forward.get(0)).startsWith("L1", "T1+T2", "");
        assertThat(forward.get(1)).startsWith("L2", "T1", "T2");
        assertThat(Double.parseDouble(forward.get(0)[3])).isBetween(0.0, 1.0);

        // predict --heatmap on lesion L1 of a VIA file: each sequence's panel outlines the lesion's box (cyan; the
        // grey image and the inferno map have no cyan), as the single-sequence overlay does
        Files.writeString(via, "{" + image("a.png", "T1", l1) + "," + viaB + "}");
        Path png = tmp.resolve("l1.png");
        var heat = org.hemamet.cli.CliRun.run(
                "predict",
                "--model",
                bundle.toString(),
                "--via",
                via.toString(),
                "--out",
                tmp.resolve("via3.csv").toString(),
                "--heatmap",
                png.toString());
        assertThat(heat.exit()).as(heat.both()).isZero();
        var made = org.hemamet.predict.HeatMapPng.read(png).orElseThrow();
        assertThat(made.model()).isEqualTo("fusion-early");
        assertThat(made.input()).isEqualTo("via");
        assertThat(made.inputSha256()).isEqualTo(org.hemamet.core.Hashing.sha256(via));
        assertThat(made.roi()).isNull();
        java.awt.image.BufferedImage panels = javax.imageio.ImageIO.read(png.toFile());
        int half = panels.getWidth() / 2;
        assertThat(cyan(panels, 0, half - 3)).as("T1 panel's box").isGreaterThan(50);
        assertThat(cyan(panels, half + 3, panels.getWidth()))
                .as("T2 panel's box")
                .isGreaterThan(50);
        assertThat(reversed)
                .extracting(r -> r[0] + "=" + r[3])
                .containsExactlyInAnyOrder(
                        forward.get(0)[0] + "=" + forward.get(0)[3], forward.get(1)[0] + "=" + forward.get(1)[3]);
    }

    /** Pixels of columns [from, to) that are the lesion box's cyan (red low, green and blue high). */
    private static int cyan(java.awt.image.BufferedImage img, int from, int to) {
        int n = 0;
        for (int x = from; x < to; x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                java.awt.Color c = new java.awt.Color(img.getRGB(x, y));
                n += c.getRed() < 80 && c.getGreen() > 180 && c.getBlue() > 180 ? 1 : 0;
            }
        }
        return n;
    }

    /** predict --via's rows: lesion_id, sequences, missing, probability. */
    private static List<String[]> viaRows(Path bundle, Path via, Path out) throws Exception {
        var r = org.hemamet.cli.CliRun.run(
                "predict", "--model", bundle.toString(), "--via", via.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.both()).isZero();
        List<String[]> rows = new ArrayList<>();
        for (var rec : org.hemamet.core.Csv.readTable(out).records()) {
            var v = rec.values();
            // what each sequence's crop was cut from, one entry per sequence the lesion has
            assertThat(v.get("source_formats"))
                    .matches("[A-Z0-9]+=(png|jpeg|dicom)(;[A-Z0-9]+=(png|jpeg|dicom))*")
                    .satisfies(f -> assertThat(f.split(";"))
                            .hasSameSizeAs(v.get("sequences").split("\\+")));
            rows.add(new String[] {v.get("lesion_id"), v.get("sequences"), v.get("missing"), v.get("probability")});
        }
        return rows;
    }

    private static String image(String name, String sequence, String regions) {
        return "\"" + name + "1\":{\"filename\":\"" + name + "\",\"size\":1,\"file_attributes\":{\"sequence\":\""
                + sequence + "\"},\"regions\":[" + regions + "]}";
    }

    private static String rect(int x, int y, int w, int h, String lesion) {
        return "{\"shape_attributes\":{\"name\":\"rect\",\"x\":" + x + ",\"y\":" + y + ",\"width\":" + w
                + ",\"height\":" + h + "},\"region_attributes\":{\"lesion_id\":\"" + lesion + "\"}}";
    }

    /** A 64 x 64 8-bit image, a disc of grey level {@code level} in each 24-pixel lesion box on a dark ground. */
    private static void disc(Path file, int level) throws Exception {
        var im = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean in = Math.hypot(x - 20, y - 20) < 9 || Math.hypot(x - 46, y - 46) < 9;
                im.getRaster().setSample(x, y, 0, in ? level : 30 + (x * 7 + y * 3) % 11);
            }
        }
        javax.imageio.ImageIO.write(im, "png", file.toFile());
    }

    private static Set<String> parts(Path run, String cell, String partition) {
        Set<String> s = new HashSet<>();
        RunFiles.readSplit(RunFiles.cellDir(run, cell)).stream()
                .filter(r -> r.partition().equals(partition))
                .forEach(r -> s.add(r.patientKey()));
        return s;
    }
}
