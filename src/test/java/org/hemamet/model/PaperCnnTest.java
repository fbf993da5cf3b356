package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaperCnnTest {
    @Test
    void layerShapesAndParameterCountsAt256MatchThePaperNetwork() {
        List<PaperCnn.Layer> layers = PaperCnn.describe(256, 0.5);
        assertThat(layers)
                .extracting(PaperCnn.Layer::name)
                .containsExactly(
                        "block1/conv",
                        "block1/batch_norm",
                        "block1/relu",
                        "block1/max_pool",
                        "block2/conv",
                        "block2/batch_norm",
                        "block2/relu",
                        "block2/max_pool",
                        "block3/conv",
                        "block3/batch_norm",
                        "block3/relu",
                        "block3/max_pool",
                        "head/flatten",
                        "head/dense",
                        "head/relu",
                        "head/dropout",
                        "head/dense_out");
        assertThat(layers.get(0).outputShape()).containsExactly(1, 32, 256, 256);
        assertThat(layers.get(3).outputShape()).containsExactly(1, 32, 128, 128);
        assertThat(layers.get(7).outputShape()).containsExactly(1, 64, 64, 64);
        assertThat(layers.get(10).outputShape()).containsExactly(1, 128, 64, 64);
        assertThat(layers.get(11).outputShape()).containsExactly(1, 128, 32, 32);
        assertThat(layers.get(12).outputShape()).containsExactly(1, 131072);
        assertThat(layers.get(13).outputShape()).containsExactly(1, 128);
        assertThat(layers.get(16).outputShape()).containsExactly(1, 2);
        // 3*3*1*32+32, 3*3*32*64+64, 3*3*64*128+128, 131072*128+128, 128*2+2
        assertThat(layers.get(0).trainableParameters()).isEqualTo(320);
        assertThat(layers.get(4).trainableParameters()).isEqualTo(18_496);
        assertThat(layers.get(8).trainableParameters()).isEqualTo(73_856);
        assertThat(layers.get(13).trainableParameters()).isEqualTo(16_777_344);
        assertThat(layers.get(16).trainableParameters()).isEqualTo(258);
        assertThat(layers.get(1).trainableParameters()).isEqualTo(64);
        assertThat(layers.get(1).nonTrainableParameters()).isEqualTo(64);
        long trainable =
                layers.stream().mapToLong(PaperCnn.Layer::trainableParameters).sum();
        long fixed = layers.stream()
                .mapToLong(PaperCnn.Layer::nonTrainableParameters)
                .sum();
        assertThat(trainable).isEqualTo(16_870_722L);
        assertThat(fixed).isEqualTo(448L);
        assertThat(PaperCnn.trainableParameters(256)).isEqualTo(16_870_722L);
        long fromShapes = PaperCnn.parameterShapes(256).stream()
                .mapToLong(s -> java.util.Arrays.stream(s).reduce(1, (a, b) -> a * b))
                .sum();
        assertThat(fromShapes).isEqualTo(16_870_722L + 448L);
    }

    @Test
    void quickProfileSizeHasItsOwnFlattenWidth() {
        List<PaperCnn.Layer> layers = PaperCnn.describe(64, 0.5);
        assertThat(layers.get(12).outputShape()).containsExactly(1, 8 * 8 * 128);
        long trainable =
                layers.stream().mapToLong(PaperCnn.Layer::trainableParameters).sum();
        assertThat(trainable).isEqualTo(PaperCnn.trainableParameters(64)).isEqualTo(1_142_082L);
    }
}
