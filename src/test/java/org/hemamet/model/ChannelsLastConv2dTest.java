package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The channels-last convolution computes the plain NCHW convolution (values and gradients). */
class ChannelsLastConv2dTest {
    @Test
    void channelsLastWeightHoldsTheSameValues() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            NDArray w = m.arange(0f, 2 * 3 * 3 * 3).reshape(2, 3, 3, 3);
            NDArray cl = ChannelsLastConv2d.channelsLast(w, m);
            assertThat(cl.getShape()).isEqualTo(new Shape(2, 3, 3, 3));
            assertThat(cl.toFloatArray()).containsExactly(w.toFloatArray());
        }
    }

    @Test
    void sameOutputAndGradientsAsPlainConvolution() {
        for (int in : new int[] {1, 5}) {
            try (NDManager m = EngineSetup.engine().newBaseManager()) {
                m.getEngine().setRandomSeed(7);
                NDArray x = m.randomUniform(0f, 1f, new Shape(4, in, 12, 12));
                NDArray w = m.randomUniform(-0.5f, 0.5f, new Shape(6, in, 3, 3));
                NDArray b = m.randomUniform(-0.1f, 0.1f, new Shape(6));
                float[] yPlain;
                float[] gPlain;
                float[] yCl;
                float[] gCl;
                w.setRequiresGradient(true);
                try (GradientCollector gc = EngineSetup.engine().newGradientCollector()) {
                    NDArray y = Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1))
                            .singletonOrThrow();
                    gc.backward(y.mul(y).sum());
                    yPlain = y.toFloatArray();
                    gPlain = w.getGradient().toFloatArray();
                }
                NDArray w2 = w.duplicate();
                w2.setRequiresGradient(true);
                try (GradientCollector gc = EngineSetup.engine().newGradientCollector()) {
                    NDArray y = Conv2d.conv2d(
                                    x, ChannelsLastConv2d.channelsLast(w2, m), b, new Shape(1, 1), new Shape(1, 1))
                            .singletonOrThrow();
                    gc.backward(y.mul(y).sum());
                    yCl = y.toFloatArray();
                    gCl = w2.getGradient().toFloatArray();
                }
                assertThat(yCl).hasSize(yPlain.length);
                for (int i = 0; i < yPlain.length; i++) {
                    assertThat(yCl[i])
                            .as("output %d (in=%d)", i, in)
                            .isCloseTo(yPlain[i], org.assertj.core.data.Offset.offset(1e-4f));
                }
                for (int i = 0; i < gPlain.length; i++) {
                    assertThat(gCl[i])
                            .as("weight gradient %d (in=%d)", i, in)
                            .isCloseTo(
                                    gPlain[i],
                                    org.assertj.core.data.Offset.offset(1e-3f * Math.max(1f, Math.abs(gPlain[i]))));
                }
            }
        }
    }

    @Test
    void paperCnnUsesTheChannelsLastBlockByDefault() {
        var root = PaperCnn.build(0.5);
        assertThat(PaperCnn.child(PaperCnn.child(root, 0), 0)).isInstanceOf(ChannelsLastConv2d.class);
    }

    @Test
    void channelsLastRunsOnTheCpuAndNotOnAGpuUnlessTheSettingForcesIt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ChannelsLastConv2d.FORCED == null, "HEMAMET_CHANNELS_LAST / hemamet.channelsLast not set");
        org.assertj.core.api.Assertions.assertThat(ChannelsLastConv2d.enabledOn(ai.djl.Device.cpu()))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(ChannelsLastConv2d.enabledOn(ai.djl.Device.gpu()))
                .isFalse();
    }
}
