package org.hemamet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Obuchowski's clustered AUC variance against an independent implementation written from the paper
 * (scripts/golden/clustered_auc.py, cross-checked against iMRMC's doAUCcluster), its reduction to DeLong
 * with one case per cluster, and the cluster bootstrap.
 */
class ClusteredAucTest {
    private static final double TOL = 1e-12;

    record Clustered(int[] labels, double[] a, double[] b, String[] clusters) {}

    @ParameterizedTest
    @ValueSource(
            strings = {"mixed_clusters", "one_class_clusters", "coarse_ties", "singletons", "strong_cluster_effect"})
    void matchesTheIndependentImplementation(String name) {
        Clustered d = fixture(name);
        Map<String, Double> e = expected().get(name);
        assertThat(ClusteredAuc.variance(d.labels(), d.a(), d.clusters())).isCloseTo(e.get("var_a"), within(TOL));
        assertThat(ClusteredAuc.variance(d.labels(), d.b(), d.clusters())).isCloseTo(e.get("var_b"), within(TOL));
        DeLong.Comparison t = ClusteredAuc.pairedTest(d.labels(), d.a(), d.b(), d.clusters(), 0.95);
        assertThat(t.aucA()).isCloseTo(e.get("auc_a"), within(TOL));
        assertThat(t.aucB()).isCloseTo(e.get("auc_b"), within(TOL));
        assertThat(t.covariance()).isCloseTo(e.get("cov_ab"), within(TOL));
        assertThat(t.z()).isCloseTo(e.get("paired_z"), within(1e-9));
        assertThat(t.pValue()).isCloseTo(e.get("paired_p"), within(1e-9));
        assertThat(t.method()).isEqualTo("obuchowski-paired");
        assertThat(ClusteredAuc.clusterCount(d.clusters()))
                .isEqualTo(e.get("clusters").intValue());
    }

    @Test
    void oneCasePerClusterIsDeLong() {
        Clustered d = fixture("mixed_clusters");
        String[] singletons = new String[d.labels().length];
        for (int i = 0; i < singletons.length; i++) {
            singletons[i] = "case" + i;
        }
        assertThat(ClusteredAuc.variance(d.labels(), d.a(), singletons))
                .isCloseTo(DeLong.variance(d.labels(), d.a()), within(1e-15));
        DeLong.Comparison clustered = ClusteredAuc.pairedTest(d.labels(), d.a(), d.b(), singletons, 0.95);
        DeLong.Comparison delong = DeLong.pairedTest(d.labels(), d.a(), d.b(), 0.95);
        assertThat(clustered.z()).isCloseTo(delong.z(), within(1e-12));
        Estimate ci = ClusteredAuc.auc(d.labels(), d.a(), singletons, 0.95);
        Estimate dl = DeLong.auc(d.labels(), d.a(), 0.95);
        assertThat(ci.lower()).isCloseTo(dl.lower(), within(1e-12));
        assertThat(ci.upper()).isCloseTo(dl.upper(), within(1e-12));
        assertThat(ci.method()).isEqualTo(ClusteredAuc.METHOD);
    }

    @Test
    void aPatientCountedTwiceDoesNotNarrowTheInterval() {
        Clustered d = fixture("singletons");
        Clustered twice = duplicatedWithinClusters(d);
        double once = ClusteredAuc.variance(d.labels(), d.a(), d.clusters());
        // the same lesion read twice carries no new information: the clustered variance does not move ...
        assertThat(ClusteredAuc.variance(twice.labels(), twice.a(), twice.clusters()))
                .isCloseTo(once, within(1e-15));
        // ... while the per-lesion DeLong variance halves, as if there were twice as many patients
        assertThat(DeLong.variance(twice.labels(), twice.a())).isLessThan(0.6 * DeLong.variance(d.labels(), d.a()));
    }

    @Test
    void tooFewClustersGiveANoteNotAnException() {
        int[] labels = {1, 1, 0, 0, 0};
        double[] scores = {0.9, 0.8, 0.3, 0.2, 0.85};
        String[] clusters = {"p1", "p1", "p2", "p3", "p4"};
        Estimate e = ClusteredAuc.auc(labels, scores, clusters, 0.95);
        assertThat(e.value()).isCloseTo(Roc.auc(labels, scores), within(1e-15));
        assertThat(e.lower()).isNaN();
        assertThat(e.note()).contains("at least 2 clusters with positives");
        assertThat(ClusteredAuc.variance(labels, scores, clusters)).isNaN();
        assertThat(ClusteredAuc.auc(new int[] {0, 0}, new double[] {1, 2}, new String[] {"a", "b"}, 0.95)
                        .note())
                .contains("only one class present");
    }

    @Test
    void clusterBootstrapKeepsPatientsWhole() {
        Clustered d = fixture("singletons");
        Clustered twice = duplicatedWithinClusters(d);
        Estimate once = Bootstrap.clusterPercentile(d.labels(), d.a(), d.clusters(), Roc::auc, 2000, 7L, 0.95);
        Estimate clustered =
                Bootstrap.clusterPercentile(twice.labels(), twice.a(), twice.clusters(), Roc::auc, 2000, 7L, 0.95);
        Estimate perCase = Bootstrap.stratifiedPercentile(twice.labels(), twice.a(), Roc::auc, 2000, 7L, 0.95);
        double width = once.upper() - once.lower();
        // resampling patients, the duplicated data give the same interval as the original
        assertThat(clustered.upper() - clustered.lower()).isCloseTo(width, within(0.02));
        assertThat(perCase.upper() - perCase.lower()).isLessThan(0.8 * width);
        assertThat(clustered.method()).isEqualTo(Bootstrap.CLUSTER_PERCENTILE);
        // determinism: the same seed gives the same interval
        Estimate again =
                Bootstrap.clusterPercentile(twice.labels(), twice.a(), twice.clusters(), Roc::auc, 2000, 7L, 0.95);
        assertThat(again).isEqualTo(clustered);
    }

    @Test
    void clusterBootstrapResamplesWholeClustersWithinStrata() {
        int[] labels = {1, 1, 0, 0, 1, 0, 0};
        double[] scores = {0.9, 0.7, 0.4, 0.5, 0.6, 0.1, 0.2};
        // negatives-only: neg (2 cases), neg2 (1); positives-only: pos, pos2 (1 each); mixed: mixed (1 + 1)
        String[] clusters = {"mixed", "pos", "neg", "neg", "pos2", "mixed", "neg2"};
        List<Integer> sizes = new ArrayList<>();
        List<Integer> positives = new ArrayList<>();
        Bootstrap.clusterReplicates(labels, scores, clusters, 200, 3L, (l, s) -> {
            sizes.add(l.length);
            int p = 0;
            for (int v : l) {
                p += v;
            }
            positives.add(p);
            return 0;
        });
        // each stratum keeps its number of clusters: 2 positives-only clusters of 1 positive plus the mixed
        // cluster's positive make 3 positives in every resample; the negatives-only draws vary the size
        assertThat(positives).containsOnly(3);
        assertThat(sizes).containsOnly(6, 7, 8).contains(6, 7, 8);
    }

    private static Clustered duplicatedWithinClusters(Clustered d) {
        int n = d.labels().length;
        int[] l = new int[2 * n];
        double[] a = new double[2 * n];
        double[] b = new double[2 * n];
        String[] c = new String[2 * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                l[2 * i + k] = d.labels()[i];
                a[2 * i + k] = d.a()[i];
                b[2 * i + k] = d.b()[i];
                c[2 * i + k] = d.clusters()[i];
            }
        }
        return new Clustered(l, a, b, c);
    }

    static Clustered fixture(String name) {
        List<String[]> rows = csv(name + ".csv");
        int n = rows.size();
        int[] labels = new int[n];
        double[] a = new double[n];
        double[] b = new double[n];
        String[] clusters = new String[n];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            clusters[i] = r[1];
            labels[i] = Integer.parseInt(r[2]);
            a[i] = Double.parseDouble(r[3]);
            b[i] = Double.parseDouble(r[4]);
        }
        return new Clustered(labels, a, b, clusters);
    }

    static Map<String, Map<String, Double>> expected() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String[] r : csv("expected.csv")) {
            out.computeIfAbsent(r[0], k -> new LinkedHashMap<>()).put(r[1], Double.parseDouble(r[2]));
        }
        return out;
    }

    private static List<String[]> csv(String file) {
        try (InputStream in = ClusteredAucTest.class.getResourceAsStream("/metrics/golden/clustered/" + file)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<String[]> rows = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    rows.add(lines[i].split(","));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
