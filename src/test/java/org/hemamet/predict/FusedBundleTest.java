package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hemamet.cli.CliRun;
import org.hemamet.cli.CliRun.CliResult;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Sequence;
import org.hemamet.contract.FusedPredictionRow;
import org.hemamet.contract.FusionBundle;
import org.hemamet.contract.FusionBundleFiles;
import org.hemamet.contract.PredictionRow;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.Csv;
import org.hemamet.core.HemametException;
import org.hemamet.core.TestTrees;
import org.hemamet.preprocess.LesionCropper;
import org.hemamet.study.LateFusion;
import org.hemamet.study.StudyFixturesAccess;
import org.hemamet.study.StudyRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny study with late fusion (T1 and T2; every fifth patient without T2), its fused model exported with
 * {@code hemamet export --fusion late} and applied by {@code hemamet predict} to the study's own dataset.
 */
@Tag("slow")
class FusedBundleTest {
    static final String CMP = "hemangioma-vs-metastases";

    @TempDir
    static Path tmp;

    static Path dataset;
    static Path run;
    static Path bundle;

    @BeforeAll
    static void study() throws Exception {
        dataset = StudyFixturesAccess.separable(tmp.resolve("ds"), 24, 24, 32, 1, 2);
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
                "{\"params\":{\"key\":\"" + LesionCropper.Params.DEFAULT.key() + "\"}}\n");
        run = tmp.resolve("run");
        new StudyRunner(StudyFixturesAccess.tinyConfig(7).withFusion(List.of(LateFusion.NAME)), dataset, run, null)
                .run();
        bundle = tmp.resolve("fused");
        CliResult e = CliRun.run(
                "export", run.toString(), "--fusion", "late", "--comparison", CMP, "--out", bundle.toString());
        assertThat(e.exit()).as(e.both()).isZero();
    }

    @Test
    void predictOnTheStudysOwnTestLesionsReproducesItsLateFusionProbabilities() throws Exception {
        FusionBundle b = FusionBundleFiles.read(bundle);
        assertThat(b.sequences()).containsExactly("T1", "T2");
        assertThat(b.missing()).isEqualTo(FusionBundle.FALLBACK);
        assertThat(b.models()).hasSize(3); // T1, T2, T1+T2
        assertThat(b.threshold()).isEqualTo(0.5);
        Path out = tmp.resolve("fused.csv");
        CliResult r = CliRun.run(
                "predict", "--model", bundle.toString(), "--dataset", dataset.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.both()).isZero();
        var prov = org.hemamet.core.Json.mapper()
                .readValue(
                        tmp.resolve("fused.provenance.json").toFile(), org.hemamet.contract.PredictionProvenance.class);
        assertThat(prov.model()).isEqualTo("fusion-late");
        assertThat(prov.cellId()).isEqualTo(b.cellId());
        assertThat(prov.input()).isEqualTo("dataset");
        assertThat(prov.inputSha256()).isEqualTo(org.hemamet.cohort.DatasetManifest.hash(dataset));
        assertThat(prov.predictionsSha256()).isEqualTo(org.hemamet.core.Hashing.sha256(out));
        Map<String, FusedPredictionRow> byLesion = new HashMap<>();
        for (FusedPredictionRow p : Csv.read(out, FusedPredictionRow.class)) {
            byLesion.put(p.patientKey() + "/" + p.lesionId(), p);
        }
        List<PredictionRow> studyFused = RunFiles.readAllPredictions(run).stream()
                .filter(p -> LateFusion.NAME_MODEL.equals(p.model()))
                .toList();
        assertThat(studyFused).hasSizeGreaterThan(5);
        int lackingT2 = 0;
        for (PredictionRow s : studyFused) {
            FusedPredictionRow p = byLesion.get(s.lesionKey());
            assertThat(p).as(s.lesionKey()).isNotNull();
            assertThat(p.probability()).as(s.lesionKey()).isCloseTo(s.score(), within(1e-9));
            assertThat(p.sourceFormats())
                    .as("a dataset's crops: its ingest report says")
                    .isNullOrEmpty();
            lackingT2 += p.missing().equals("T2") ? 1 : 0;
        }
        // the fallback path (a lesion scored from T1 alone) is among those reproduced
        assertThat(lackingT2).isPositive();
        assertNoPathIn(bundle);
    }

    @Test
    void aBundleThatRequiresEverySequenceRefusesALesionLackingOneWithOneLineAndExit2() throws Exception {
        Path strict = tmp.resolve("fused-strict");
        CliResult e = CliRun.run(
                "export",
                run.toString(),
                "--fusion",
                "late",
                "--comparison",
                CMP,
                "--missing",
                "refuse",
                "--out",
                strict.toString());
        assertThat(e.exit()).as(e.both()).isZero();
        assertThat(FusionBundleFiles.read(strict).models()).hasSize(1);
        Path out = tmp.resolve("strict.csv");
        CliResult r = CliRun.run(
                "predict", "--model", strict.toString(), "--dataset", dataset.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.both()).isEqualTo(HemametException.INVALID_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("lacks T2").contains("missing: refuse");
        assertThat(out).doesNotExist();
    }

    @Test
    void aBundleAndInputThatDoNotMatchAreRefusedWithOneLineAndExit2() throws Exception {
        // a member bundle missing
        Path broken = tmp.resolve("fused-broken");
        TestTrees.copy(bundle, broken);
        org.hemamet.core.AtomicFiles.deleteRecursively(broken.resolve(FusionBundleFiles.memberDir("T2")));
        expectRefusal(
                CliRun.run(
                        "predict",
                        "--model",
                        broken.toString(),
                        "--dataset",
                        dataset.toString(),
                        "--out",
                        tmp.resolve("b.csv").toString()),
                "member T2: no model bundle");
        // a member of another model than fusion.json records
        Path mixed = tmp.resolve("fused-mixed");
        TestTrees.copy(bundle, mixed);
        Path t2 = mixed.resolve(FusionBundleFiles.memberDir("T2"));
        org.hemamet.core.AtomicFiles.deleteRecursively(t2);
        TestTrees.copy(bundle.resolve(FusionBundleFiles.memberDir("T1")), t2);
        expectRefusal(
                CliRun.run(
                        "predict",
                        "--model",
                        mixed.toString(),
                        "--dataset",
                        dataset.toString(),
                        "--out",
                        tmp.resolve("m.csv").toString()),
                "params_sha256 differs");
        // a dataset cropped otherwise
        Path other = tmp.resolve("other-ds");
        TestTrees.copy(dataset, other);
        String key = new LesionCropper.Params(128, 0.1, true, 0.5, 99.5).key();
        Files.writeString(other.resolve("ingest-report.json"), "{\"params\":{\"key\":\"" + key + "\"}}\n");
        expectRefusal(
                CliRun.run(
                        "predict",
                        "--model",
                        bundle.toString(),
                        "--dataset",
                        other.toString(),
                        "--out",
                        tmp.resolve("o.csv").toString()),
                key);
        // single-image options on a fused bundle
        expectRefusal(
                CliRun.run("predict", "--model", bundle.toString(), "--image", "x.png", "--roi", "1,1,2,2"),
                "a fused bundle predicts --via FILE or --dataset DIR");
    }

    @Test
    void aViaFileGroupsOnePatientsRegionsByLesionIdAndSequence() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("via"));
        disc(dir.resolve("a.png"), true);
        disc(dir.resolve("b.png"), true);
        disc(dir.resolve("c.png"), false);
        String l1 = "\"region_attributes\":{\"lesion_id\":\"L1\"}";
        String l2 = "\"region_attributes\":{\"lesion_id\":\"L2\"}";
        Path via = dir.resolve("v.json");
        Files.writeString(
                via,
                "{" + image("a.png", "T1", rect(8, 8, 24, 24, l1) + "," + rect(34, 34, 24, 24, l2)) + ","
                        + image("b.png", "T2", rect(8, 8, 24, 24, l1)) + ","
                        + image("c.png", "STIR", rect(8, 8, 24, 24, l1)) + "}");
        Path out = tmp.resolve("via.csv");
        CliResult r =
                CliRun.run("predict", "--model", bundle.toString(), "--via", via.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(r.out())
                .contains("2 lesion(s)")
                .contains("1 crop(s) of sequences the model does not fuse skipped [STIR]");
        List<FusedPredictionRow> rows = Csv.read(out, FusedPredictionRow.class);
        assertThat(rows).extracting(FusedPredictionRow::lesionId).containsExactly("L1", "L2");
        FusedPredictionRow both = rows.get(0);
        assertThat(both.sequences()).isEqualTo("T1+T2");
        assertThat(both.missing()).isEmpty();
        assertThat(rows.get(1).sequences()).isEqualTo("T1");
        assertThat(rows.get(1).missing()).isEqualTo("T2");
        // what each sequence's crop was cut from (PNG exports here)
        assertThat(both.sourceFormats()).isEqualTo("T1=png;T2=png");
        assertThat(rows.get(1).sourceFormats()).isEqualTo("T1=png");
        // each member's probability is what the single-sequence predict gives for that crop
        double t1;
        try (Predictor p = Predictor.open(bundle.resolve(FusionBundleFiles.memberDir("T1")))) {
            t1 = p.predict(p.prepare(dir.resolve("a.png"), new org.hemamet.annotation.BoundingBox(8, 8, 24, 24)))
                    .positive();
        }
        assertThat(both.memberProbabilities()).startsWith("T1=" + String.format(java.util.Locale.ROOT, "%.9f", t1));
        // and the fused one is the stored T1+T2 model applied to their logits
        FusionBundle b = FusionBundleFiles.read(bundle);
        double[] logits = java.util.Arrays.stream(both.memberProbabilities().split(";"))
                .mapToDouble(kv -> org.hemamet.metrics.LogisticCalibration.logit(Double.parseDouble(kv.split("=")[1])))
                .toArray();
        assertThat(both.probability()).isCloseTo(LateFusion.apply(b.models().get(2), logits), within(1e-6));
        // a region without lesion_id cannot be grouped: refused
        Files.writeString(via, "{" + image("a.png", "T1", rect(8, 8, 24, 24, "\"region_attributes\":{}")) + "}");
        expectRefusal(
                CliRun.run(
                        "predict",
                        "--model",
                        bundle.toString(),
                        "--via",
                        via.toString(),
                        "--out",
                        tmp.resolve("v2.csv").toString()),
                "has no lesion_id");
    }

    static String image(String name, String sequence, String regions) {
        return "\"" + name + "1\":{\"filename\":\"" + name + "\",\"size\":1,\"file_attributes\":{\"sequence\":\""
                + sequence + "\"},\"regions\":[" + regions + "]}";
    }

    static String rect(int x, int y, int w, int h, String attrs) {
        return "{\"shape_attributes\":{\"name\":\"rect\",\"x\":" + x + ",\"y\":" + y + ",\"width\":" + w
                + ",\"height\":" + h + "}," + attrs + "}";
    }

    /** A 64 x 64 8-bit image with a bright (or dark) disc in each lesion box. */
    static void disc(Path file, boolean bright) throws Exception {
        java.awt.image.BufferedImage im =
                new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        java.util.Random r = new java.util.Random(file.getFileName().toString().hashCode());
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                double v = 0.45 + 0.05 * r.nextGaussian();
                int cx = x < 32 ? 20 : 46;
                int cy = y < 32 ? 20 : 46;
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < 49) {
                    v += bright ? 0.35 : -0.35;
                }
                im.getRaster().setSample(x, y, 0, (int) Math.round(255 * Math.max(0, Math.min(1, v))));
            }
        }
        javax.imageio.ImageIO.write(im, "png", file.toFile());
    }

    static void expectRefusal(CliResult r, String text) {
        assertThat(r.exit()).as(r.both()).isEqualTo(HemametException.INVALID_INPUT);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(text);
    }

    /** No file of the bundle holds a path of this machine. */
    static void assertNoPathIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")) {
                    assertThat(Files.readString(p)).as(p.toString()).doesNotContain(tmp.toString());
                }
            }
        }
    }
}
