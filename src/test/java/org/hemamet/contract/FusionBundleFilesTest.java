package org.hemamet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.baseline.LogisticBaseline;
import org.hemamet.core.HemametException;
import org.hemamet.study.LateFusion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fusion.json written and read back, its checks, and a stored stacking model applied (fast, no network). */
class FusionBundleFilesTest {
    @TempDir
    Path tmp;

    static FusionBundle.PatternModel logistic(List<String> seqs, LogisticBaseline m) {
        return new FusionBundle.PatternModel(
                seqs,
                FusionBundle.PatternModel.LOGISTIC,
                m.standardiser().mean(),
                m.standardiser().sd(),
                m.weights(),
                m.intercept(),
                m.c(),
                8);
    }

    static FusionBundle bundle(String missing, List<FusionBundle.PatternModel> models) {
        return new FusionBundle(
                FusionBundle.FORMAT_VERSION,
                "test",
                FusionBundle.LATE,
                "fusion-late__hemangioma-vs-metastases__r0",
                "hemangioma-vs-metastases",
                List.of("hemangioma", "metastasis"),
                "metastasis",
                List.of("T1", "T2"),
                List.of(
                        new FusionBundle.Member("T1", "members/T1", "T1__hemangioma-vs-metastases__r0", "a"),
                        new FusionBundle.Member("T2", "members/T2", "T2__hemangioma-vs-metastases__r0", "b")),
                missing,
                models,
                0.5,
                "fixed 0.5",
                new BundleMetadata.Metric(0.9, 0.8, 0.95),
                null,
                null,
                null,
                null);
    }

    static FusionBundle withPrevalences(FusionBundle b, Double stacking, Double development) {
        return new FusionBundle(
                b.formatVersion(),
                b.hemametVersion(),
                b.fusion(),
                b.cellId(),
                b.comparison(),
                b.classes(),
                b.positiveClass(),
                b.sequences(),
                b.members(),
                b.missing(),
                b.models(),
                b.threshold(),
                b.thresholdRule(),
                b.testAuc(),
                b.dataset(),
                b.exported(),
                stacking,
                development);
    }

    Path written(FusionBundle b) throws Exception {
        Path dir = tmp.resolve("b" + System.nanoTime());
        Files.createDirectories(dir.resolve("members/T1"));
        Files.createDirectories(dir.resolve("members/T2"));
        Files.writeString(dir.resolve("members/T1/metadata.json"), "{}");
        Files.writeString(dir.resolve("members/T2/metadata.json"), "{}");
        Files.writeString(dir.resolve(FusionBundleFiles.FILE), FusionBundleFiles.json(b));
        return dir;
    }

    @Test
    void aStoredStackingModelGivesWhatTheFittedRegressionGives() throws Exception {
        double[][] x = {{-2, -1}, {-1, -2}, {-1.5, 0.5}, {0.2, -0.4}, {1, 2}, {2, 1}, {0.5, 1.5}, {-0.3, 0.8}};
        boolean[] y = {false, false, false, true, true, true, true, false};
        LogisticBaseline m = LogisticBaseline.fit(x, y, 1.0);
        FusionBundle.PatternModel mean =
                new FusionBundle.PatternModel(List.of("T1"), "mean-logit", null, null, null, null, null, 0);
        FusionBundle.PatternModel t2 =
                new FusionBundle.PatternModel(List.of("T2"), "mean-logit", null, null, null, null, null, 0);
        Path dir = written(bundle(FusionBundle.FALLBACK, List.of(mean, t2, logistic(List.of("T1", "T2"), m))));
        FusionBundle read = FusionBundleFiles.read(dir);
        FusionBundle.PatternModel both = read.models().get(2);
        double[] z = {0.7, -0.2};
        assertThat(LateFusion.apply(both, z)).isEqualTo(m.predictPositive(new double[][] {z})[0]);
        assertThat(LateFusion.apply(read.models().get(0), new double[] {0.4}))
                .isCloseTo(1 / (1 + Math.exp(-0.4)), within(1e-15));
    }

    @Test
    void anIncompleteOrInconsistentBundleIsRefusedNamingTheFile() throws Exception {
        LogisticBaseline m = LogisticBaseline.fit(
                new double[][] {{0, 1}, {1, 0}, {2, 2}, {-1, -1}}, new boolean[] {false, true, true, false}, 1.0);
        FusionBundle.PatternModel both = logistic(List.of("T1", "T2"), m);
        // refuse: the all-sequence model alone is complete
        assertThat(FusionBundleFiles.read(written(bundle(FusionBundle.REFUSE, List.of(both))))
                        .missing())
                .isEqualTo(FusionBundle.REFUSE);
        // fallback needs every pattern
        assertRefused(bundle(FusionBundle.FALLBACK, List.of(both)), "models must cover every pattern");
        assertRefused(bundle("sometimes", List.of(both)), "missing must be fallback or refuse");
        FusionBundle.PatternModel reversed = logistic(List.of("T2", "T1"), m);
        assertRefused(bundle(FusionBundle.REFUSE, List.of(reversed)), "in that order");
        // the prevalences the fused probability is moved between must be in (0, 1)
        FusionBundle ok = bundle(FusionBundle.REFUSE, List.of(both));
        assertRefused(
                withPrevalences(ok, 0.5, 1.0),
                ": stacking_prevalence and development_prevalence must be in (0, 1), got 0.5 and 1.0");
        FusionBundle movable = FusionBundleFiles.read(written(withPrevalences(ok, 0.5, 0.75)));
        assertThat(movable.moved(0.5)).isCloseTo(0.75, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(ok.movable()).isFalse();
        assertThat(ok.moved(0.5)).isNaN();
        FusionBundle.PatternModel short1 = new FusionBundle.PatternModel(
                List.of("T1", "T2"), "logistic", new double[] {0}, new double[] {1}, new double[] {1}, 0.0, 1.0, 4);
        assertRefused(bundle(FusionBundle.REFUSE, List.of(short1)), "must be 2 finite values");
        Path noMember = written(bundle(FusionBundle.REFUSE, List.of(both)));
        Files.delete(noMember.resolve("members/T2/metadata.json"));
        assertThatThrownBy(() -> FusionBundleFiles.read(noMember)).hasMessageContaining("member T2: no model bundle");
        Path unknownField = written(bundle(FusionBundle.REFUSE, List.of(both)));
        Files.writeString(
                unknownField.resolve(FusionBundleFiles.FILE),
                Files.readString(unknownField.resolve(FusionBundleFiles.FILE)).replace("{", "{\"extra\":1,"));
        assertThatThrownBy(() -> FusionBundleFiles.read(unknownField))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith(unknownField.resolve(FusionBundleFiles.FILE) + ": not valid");
    }

    void assertRefused(FusionBundle b, String text) throws Exception {
        Path dir = written(b);
        assertThatThrownBy(() -> FusionBundleFiles.read(dir))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith(dir.resolve(FusionBundleFiles.FILE).toString())
                .hasMessageContaining(text);
    }
}
