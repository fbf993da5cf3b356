package org.hemamet.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/**
 * Grad-CAM (Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
 * Localization", ICCV 2017) of a {@link TrainedCnn} on one convolution block. As MONAI's
 * {@code GradCAM}, the network and the target layer go to the constructor, the image and the class to
 * {@link #compute}.
 *
 * <p>A = the block's activation maps (after ReLU, before pooling). The class score is the logit margin
 * {@code z_t - z_other} (the logit of P(t) under the 2-way softmax; z_t alone would also credit
 * evidence the two classes share), so the two classes' raw maps are each other's negatives and, after
 * the ReLU, mark disjoint regions. Weights alpha_k = spatial mean of dScore/dA_k; map = ReLU(sum_k
 * alpha_k A_k), bilinearly upsampled (half-pixel centres) to S x S and divided by its maximum. All
 * zeros when no region speaks for the class. MONAI's {@code GradCAM} and pytorch-grad-cam explain the
 * predicted class by default; callers here pass the class they explain.
 *
 * <p>Computations hold the process-wide autograd lock (see {@link Autograd}); every array lives in a
 * sub-manager of the network closed before {@link #compute} returns.
 */
public final class GradCam {
    /** Index of the last convolution block, the default target (coarsest map, most class-specific). */
    public static final int LAST_BLOCK = PaperCnn.BLOCK3;

    private final TrainedCnn model;
    private final int blockIndex;

    /** Grad-CAM on the last convolution block. */
    public GradCam(TrainedCnn model) {
        this(model, LAST_BLOCK);
    }

    /**
     * Grad-CAM on convolution block {@code blockIndex} (0, 1 or 2, the last; earlier blocks give
     * finer maps, S, S/2, S/4, with less class-specific features).
     */
    public GradCam(TrainedCnn model, int blockIndex) {
        if (blockIndex < 0 || blockIndex > PaperCnn.BLOCK3) {
            throw new IllegalArgumentException("blockIndex must be 0.." + PaperCnn.BLOCK3 + ", got " + blockIndex);
        }
        this.model = model;
        this.blockIndex = blockIndex;
    }

    /**
     * The map for class {@code targetClass} (0 = hemangioma, 1 = the positive group).
     *
     * @param image row-major S x S image in [0, 1] (channel-major C x S x S for a network of C {@link
     *     TrainedCnn#channels()}, e.g. an early-fused one: the map is then one map for all channels)
     * @return row-major S x S map in [0, 1]
     */
    public float[] compute(float[] image, int targetClass) {
        SaliencyMaps.checkTargetClass(targetClass);
        model.checkImage(image, 0);
        Engine engine = EngineSetup.engine();
        float[] low;
        int side;
        Autograd.LOCK.lock();
        try (NDManager manager = model.newScope();
                GradientCollector collector = engine.newGradientCollector()) {
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray activation =
                    activation(ps, manager.create(image, PaperCnn.inputShape(1, model.channels(), model.inputSize())));
            NDArray logits = logits(ps, activation);
            NDArray score = logits.get(0, targetClass).sub(logits.get(0, 1 - targetClass));
            collector.backward(score);
            NDArray cam = weightedActivation(activation);
            side = (int) cam.getShape().get(1);
            low = cam.toFloatArray();
        } finally {
            Autograd.LOCK.unlock();
        }
        return SaliencyMaps.normaliseToUnit(SaliencyMaps.upsampleBilinear(low, side, model.inputSize()));
    }

    /** The target block's activation after its ReLU, detached and recording its gradient. */
    private NDArray activation(ParameterStore ps, NDArray input) {
        NDList h = new NDList(input);
        for (int b = 0; b < blockIndex; b++) {
            h = PaperCnn.child(model.block(), b).forward(ps, h, false);
        }
        Block target = PaperCnn.child(model.block(), blockIndex);
        for (int c = 0; c < 3; c++) { // conv, batch_norm, relu
            h = PaperCnn.child(target, c).forward(ps, h, false);
        }
        NDArray activation = h.singletonOrThrow().stopGradient();
        activation.setRequiresGradient(true);
        return activation;
    }

    /** The logits (1 x 2) from the target block's activation on: its pooling, the later blocks, the head. */
    private NDArray logits(ParameterStore ps, NDArray activation) {
        NDList out =
                PaperCnn.child(PaperCnn.child(model.block(), blockIndex), 3).forward(ps, new NDList(activation), false);
        for (int b = blockIndex + 1; b <= PaperCnn.BLOCK3; b++) {
            out = PaperCnn.child(model.block(), b).forward(ps, out, false);
        }
        return PaperCnn.child(model.block(), PaperCnn.HEAD)
                .forward(ps, out, false)
                .singletonOrThrow();
    }

    /** ReLU(sum_k alpha_k A_k) with alpha_k the spatial mean of the gradient: (1, h, w). */
    private static NDArray weightedActivation(NDArray activation) {
        NDArray grad = activation.getGradient();
        Shape shape = grad.getShape(); // (1, C, h, w)
        NDArray weights =
                grad.reshape(1, shape.get(1), -1).mean(new int[] {2}, true).reshape(1, shape.get(1), 1, 1);
        return activation.stopGradient().mul(weights).sum(new int[] {1}).maximum(0f);
    }
}
