package org.hemamet.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The paper's CNN: input C x S x S (C = 1, the paper's, for a per-sequence cell; more for an early-fused cell,
 * whose channels the study defines: the first convolution's weight is then 32 x C x 3 x 3, nothing else
 * changes); three blocks of 3x3 convolution (32, 64, 128 filters, same
 * padding) -&gt; batch normalisation -&gt; ReLU -&gt; 2x2 max-pooling; flatten; dense 128 + ReLU; dropout;
 * dense 2 (logits; the softmax is applied by the loss and by prediction).
 *
 * <p>Block tree (the order of {@code model.params}): root = [block1, block2, block3, head]; each
 * conv block = [conv, batch_norm, relu, max_pool]; head = [flatten, dense, relu, dropout, dense_out].
 * Weights are Glorot-uniform initialised (Keras' default), biases zero, batch-norm gamma 1 / beta 0
 * (epsilon 1e-5, running-statistics momentum 0.9 in DJL's convention, i.e. PyTorch's 0.1).
 *
 * <p>At S = 256 the network has 16,870,722 trainable parameters plus 448 batch-norm running
 * statistics (mean and variance of 32 + 64 + 128 channels).
 */
public final class PaperCnn {
    /** Architecture name in the model bundle. */
    public static final String NAME = "paper-cnn";
    /** Input channels of a per-sequence network (the paper's). */
    public static final int CHANNELS = 1;
    /** Filters of the three convolution blocks. */
    public static final List<Integer> FILTERS = List.of(32, 64, 128);
    /** Units of the hidden dense layer. */
    public static final int DENSE = 128;
    /** Output classes (0 = hemangioma, 1 = positive group). */
    public static final int CLASSES = 2;

    static final int BLOCK3 = 2;
    static final int HEAD = 3;

    private PaperCnn() {}

    /** One layer of {@link #describe}: name, output shape (batch 1) and parameter counts. */
    public record Layer(String name, long[] outputShape, long trainableParameters, long nonTrainableParameters) {
        @Override
        public String toString() {
            return name + " " + Arrays.toString(outputShape) + " trainable=" + trainableParameters + " non-trainable="
                    + nonTrainableParameters;
        }
    }

    /** Glorot (Xavier) uniform, limit sqrt(6 / (fan_in + fan_out)) as in Keras. */
    static Initializer weightInitializer() {
        return new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);
    }

    /** Builds the (uninitialised) block, computing in float32. */
    static SequentialBlock build(double dropout) {
        return build(dropout, Precision.FP32);
    }

    /**
     * Builds the (uninitialised) block. With {@link Precision#BF16} the convolution blocks compute in
     * bfloat16 while training and the head's flatten returns to float32 (see {@link Precision}); the
     * parameters and their saved form are those of the float32 network.
     */
    static SequentialBlock build(double dropout, Precision precision) {
        return build(dropout, precision.computeType());
    }

    /** {@link #build(double, Precision)} with the convolution blocks computing in {@code compute}. */
    static SequentialBlock build(double dropout, DataType compute) {
        SequentialBlock root = new SequentialBlock();
        for (int filters : FILTERS) {
            root.add(new SequentialBlock()
                    .add(ChannelsLastConv2d.same3x3(filters, compute))
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2))));
        }
        root.add(new SequentialBlock()
                .add(compute != DataType.FLOAT32 ? flattenToFloat32() : Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(DENSE).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate((float) dropout).build())
                .add(Linear.builder().setUnits(CLASSES).build()));
        return root;
    }

    /** The batch flatten, its output in float32 (a lower-precision activation is cast back, differentiably). */
    private static Block flattenToFloat32() {
        return LambdaBlock.singleton(
                a -> ChannelsLastConv2d.cast(Blocks.batchFlatten(a), DataType.FLOAT32, a.getManager()), "batchFlatten");
    }

    /** Input shape for a batch of single-channel images. */
    static Shape inputShape(long batch, int size) {
        return inputShape(batch, CHANNELS, size);
    }

    /** Input shape for a batch of {@code channels}-channel images. */
    static Shape inputShape(long batch, int channels, int size) {
        return new Shape(batch, channels, size, size);
    }

    /** Child {@code i} of a sequential block. */
    static Block child(Block block, int i) {
        return block.getChildren().valueAt(i);
    }

    /** The spatial side after the three poolings. */
    static int featureSide(int size) {
        return size / 2 / 2 / 2;
    }

    /** Trainable parameter count for input size S (closed form, no engine needed). */
    public static long trainableParameters(int size) {
        return trainableParameters(size, CHANNELS);
    }

    /** Trainable parameter count for input size S and {@code channels} input channels. */
    public static long trainableParameters(int size, int channels) {
        long total = 0;
        int in = channels;
        for (int f : FILTERS) {
            total += 9L * in * f + f; // conv weight + bias
            total += 2L * f; // batch-norm gamma + beta
            in = f;
        }
        long flat = (long) featureSide(size) * featureSide(size) * in;
        total += flat * DENSE + DENSE;
        total += (long) DENSE * CLASSES + CLASSES;
        return total;
    }

    /**
     * Shapes of all parameters in block order (conv weight, bias; batch-norm gamma, beta, running mean,
     * running variance; dense weight, bias; output weight, bias), without touching the engine.
     */
    static List<long[]> parameterShapes(int size) {
        return parameterShapes(size, CHANNELS);
    }

    /** {@link #parameterShapes(int)} with {@code channels} input channels. */
    static List<long[]> parameterShapes(int size, int channels) {
        List<long[]> shapes = new ArrayList<>();
        long in = channels;
        for (int f : FILTERS) {
            shapes.add(new long[] {f, in, 3, 3});
            shapes.add(new long[] {f});
            for (int k = 0; k < 4; k++) {
                shapes.add(new long[] {f});
            }
            in = f;
        }
        long flat = (long) featureSide(size) * featureSide(size) * in;
        shapes.add(new long[] {DENSE, flat});
        shapes.add(new long[] {DENSE});
        shapes.add(new long[] {CLASSES, DENSE});
        shapes.add(new long[] {CLASSES});
        return shapes;
    }

    /**
     * Builds and initialises the network for input size S and lists every layer with its output shape
     * (batch 1) and parameter counts, like Keras' {@code model.summary()}.
     */
    public static List<Layer> describe(int size, double dropout) {
        if (size < 8) {
            throw new IllegalArgumentException("size must be >= 8, got " + size);
        }
        SequentialBlock root = build(dropout);
        // constant weights: describing must not draw from PyTorch's global generator (training does)
        root.setInitializer(new ConstantInitializer(0f), Parameter.Type.WEIGHT);
        List<Layer> layers = new ArrayList<>();
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            Shape[] shapes = {inputShape(1, size)};
            root.initialize(manager, DataType.FLOAT32, shapes);
            String[] convNames = {"conv", "batch_norm", "relu", "max_pool"};
            String[] headNames = {"flatten", "dense", "relu", "dropout", "dense_out"};
            for (int b = 0; b < root.getChildren().size(); b++) {
                Block group = child(root, b);
                boolean head = b == HEAD;
                for (int c = 0; c < group.getChildren().size(); c++) {
                    Block layer = child(group, c);
                    shapes = layer.getOutputShapes(shapes);
                    long trainable = 0;
                    long fixed = 0;
                    for (Parameter p : layer.getParameters().values()) {
                        long n = p.getArray().getShape().size();
                        if (p.requiresGradient()) {
                            trainable += n;
                        } else {
                            fixed += n;
                        }
                    }
                    String name = (head ? "head/" + headNames[c] : "block" + (b + 1) + "/" + convNames[c]);
                    layers.add(new Layer(name, shapes[0].getShape(), trainable, fixed));
                }
            }
        }
        return layers;
    }
}
