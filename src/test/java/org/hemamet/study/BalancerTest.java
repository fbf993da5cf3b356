package org.hemamet.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalancerTest {
    record L(String key, int label) {}

    static List<L> lesions(int neg, int pos) {
        List<L> l = new ArrayList<>();
        for (int i = 0; i < neg; i++) {
            l.add(new L("n" + i, 0));
        }
        for (int i = 0; i < pos; i++) {
            l.add(new L("p" + i, 1));
        }
        return l;
    }

    @Test
    void downsampleKeepsMinorityAndDropsMajorityToItsSize() {
        var b = Balancer.downsample(lesions(5, 12), L::label, L::key, 1);
        assertThat(b.kept().stream().filter(x -> x.label() == 0)).hasSize(5);
        assertThat(b.kept().stream().filter(x -> x.label() == 1)).hasSize(5);
        assertThat(b.dropped()).hasSize(7).allMatch(x -> x.label() == 1);
    }

    @Test
    void downsampleChoiceDependsOnLesionAndSeedNotOnListContent() {
        // the same lesions are kept whatever other lesions are present (same on every sequence)
        List<L> all = lesions(3, 10);
        List<L> subset = new ArrayList<>(all);
        subset.remove(0); // one hemangioma missing on this sequence -> keep 2 metastases
        var a = Balancer.downsample(all, L::label, L::key, 42);
        var b = Balancer.downsample(subset, L::label, L::key, 42);
        List<String> keptA =
                a.kept().stream().filter(x -> x.label() == 1).map(L::key).toList();
        List<String> keptB =
                b.kept().stream().filter(x -> x.label() == 1).map(L::key).toList();
        assertThat(keptA).containsAll(keptB);
    }

    @Test
    void oversampleRepeatsMinority() {
        List<L> o = Balancer.oversample(lesions(3, 8), L::label);
        assertThat(o.stream().filter(x -> x.label() == 0)).hasSize(8);
        assertThat(o).hasSize(16);
    }
}
