package org.hemamet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam over every trainable parameter in one native call: libtorch's fused Adam kernel ({@code
 * at::_fused_adam_}, the kernel of {@code torch.optim.Adam(fused=True)}) through an entry of hemamet's own
 * that {@code scripts/gpu/build-jni.sh} compiles into DJL's PyTorch JNI ({@code
 * scripts/gpu/hemamet_fused_adam.cc}). DJL 0.36 updates one parameter per call, about 11 libtorch operations
 * each and a zeroing of its gradient: for the paper CNN's 16 parameters about 190 kernel launches a step,
 * which on a GPU costs the host more time than the forward and backward pass (docs/performance.md, "GPU").
 * Here a step is three launches.
 *
 * <p>The arithmetic is DJL's Adam (D. P. Kingma and J. Ba, "Adam: a method for stochastic optimization",
 * ICLR 2015), {@code w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)}, with DJL's defaults (b1 0.9,
 * b2 0.999, eps 1e-8, no weight decay, no gradient rescaling or clipping): libtorch's kernel divides
 * {@code sqrt(v)} by {@code sqrt(1 - b2^t)} before adding its epsilon, so it is given {@code eps / sqrt(1 -
 * b2^t)}. Rounding differs from the per-parameter path; both are float32.
 *
 * <p>Used on a GPU when the loaded JNI has the entry (DJL's released JNI has not: the per-parameter path is
 * then used, and always on the CPU, whose results stay bit-for-bit those of earlier versions). {@code
 * HEMAMET_FUSED_ADAM=0} turns it off.
 */
final class FusedAdam implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FusedAdam.class);

    /** DJL's Adam defaults (float32 constants, as the per-parameter path passes them). */
    static final double BETA1 = 0.9f;

    static final double BETA2 = 0.999f;
    static final double EPSILON = 1e-8f;

    /** The version of the native entry's contract this class speaks. */
    private static final int NATIVE_VERSION = 1;

    private static Boolean available;

    private final NDManager state;
    private final long[] params;
    private final long[] means;
    private final long[] variances;
    private final long[] steps;
    private final double learningRate;
    private int t;

    /**
     * @param trainable the parameters to update (their arrays are updated in place, so their handles are
     *     fixed for the training)
     * @param manager where the moments and step counters live (closed with this)
     */
    static FusedAdam of(List<Parameter> trainable, NDManager manager, double learningRate) {
        return new FusedAdam(trainable.stream().map(Parameter::getArray).toList(), manager, learningRate);
    }

    private FusedAdam(List<NDArray> weights, NDManager manager, double learningRate) {
        this.learningRate = learningRate;
        this.state = manager.newSubManager();
        List<NDArray> m = new ArrayList<>();
        List<NDArray> v = new ArrayList<>();
        List<NDArray> s = new ArrayList<>();
        params = new long[weights.size()];
        for (int i = 0; i < params.length; i++) {
            NDArray w = weights.get(i);
            params[i] = handle(w);
            m.add(state.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            v.add(state.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            s.add(state.zeros(new Shape(), DataType.FLOAT32, w.getDevice()));
        }
        means = handles(m);
        variances = handles(v);
        steps = handles(s);
    }

    /**
     * Whether steps go through the fused kernel on {@code device}: a GPU, a JNI with the entry of this
     * version, and not turned off by {@code HEMAMET_FUSED_ADAM=0}.
     */
    static boolean usedOn(ComputeDevice device) {
        return device.isGpu() && !"0".equals(System.getenv("HEMAMET_FUSED_ADAM")) && checkedOn(device);
    }

    /** Largest weight difference the self-check accepts after {@link #CHECK_STEPS} steps (float32 rounding). */
    static final double CHECK_TOLERANCE = 1e-5;

    static final int CHECK_STEPS = 5;

    private static Double checkedDifference;

    /**
     * Whether the entry is loaded and, the first time it is asked in this process, passes {@link
     * #checkAgainstPerParameter} on {@code device}; a failed check is logged and the per-parameter path used.
     */
    static synchronized boolean checkedOn(ComputeDevice device) {
        if (!nativeAvailable()) {
            return false;
        }
        if (checkedDifference == null) {
            try {
                checkedDifference = checkAgainstPerParameter(device, CHECK_STEPS);
            } catch (RuntimeException e) {
                LOG.warn("fused Adam disabled: its check failed ({})", e.getMessage());
                checkedDifference = Double.NaN;
            }
            if (!(checkedDifference <= CHECK_TOLERANCE)) {
                LOG.warn("fused Adam disabled: its weights differ from DJL's Adam by {}", checkedDifference);
            }
        }
        return checkedDifference <= CHECK_TOLERANCE;
    }

    /** The self-check's difference (null before it ran). */
    static synchronized Double checkedDifference() {
        return checkedDifference;
    }

    /** What the optimizer step of a training on {@code device} is, for provenance and the benchmark. */
    static String describe(ComputeDevice device) {
        return usedOn(device)
                ? "adam, fused multi-tensor kernel (libtorch _fused_adam_)"
                : "adam, per parameter (DJL adamUpdate)";
    }

    /** Whether the loaded DJL JNI carries hemamet's fused-Adam entry. */
    static synchronized boolean nativeAvailable() {
        if (available == null) {
            EngineSetup.engine();
            try {
                available = nativeVersion() == NATIVE_VERSION;
            } catch (UnsatisfiedLinkError e) {
                available = false;
            }
        }
        return available;
    }

    /** One Adam step of every parameter with the gradient it holds; the gradients are zeroed after it. */
    void step() {
        t++;
        double epsilon = EPSILON / Math.sqrt(1 - Math.pow(BETA2, t));
        nativeStep(params, means, variances, steps, learningRate, BETA1, BETA2, epsilon);
    }

    @Override
    public void close() {
        state.close();
    }

    /**
     * The largest absolute difference between weights updated by this kernel and by DJL's per-parameter Adam
     * from the same start with the same gradients (three weights of the paper CNN's kinds of shape, {@code
     * steps} steps of lr 1e-3), on {@code device}: a check that the fused entry computes DJL's update
     * (rounding aside). Values come from a fixed formula, not from libtorch's generator, whose state the
     * training owns.
     */
    static double checkAgainstPerParameter(ComputeDevice device, int steps) {
        Shape[] shapes = {new Shape(32, 1, 3, 3), new Shape(128), new Shape(2, 128)};
        ai.djl.training.optimizer.Optimizer reference = ai.djl.training.optimizer.Optimizer.adam()
                .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(1e-3f))
                .build();
        try (NDManager m =
                NDManager.newBaseManager(device.djl(), EngineSetup.engine().getEngineName())) {
            List<NDArray> fusedWeights = new ArrayList<>();
            List<NDArray> djlWeights = new ArrayList<>();
            for (int i = 0; i < shapes.length; i++) {
                fusedWeights.add(m.create(values(shapes[i], i), shapes[i]));
                djlWeights.add(m.create(values(shapes[i], i), shapes[i]));
            }
            fusedWeights.forEach(w -> w.setRequiresGradient(true));
            djlWeights.forEach(w -> w.setRequiresGradient(true));
            try (FusedAdam fused = new FusedAdam(fusedWeights, m, 1e-3)) {
                for (int t = 0; t < steps; t++) {
                    List<NDArray> c = new ArrayList<>();
                    for (int i = 0; i < shapes.length; i++) {
                        c.add(m.create(values(shapes[i], 7 * t + i + 3), shapes[i]));
                    }
                    backward(fusedWeights, c);
                    fused.step();
                    backward(djlWeights, c);
                    for (int i = 0; i < shapes.length; i++) {
                        NDArray w = djlWeights.get(i);
                        try (NDArray g = w.getGradient()) {
                            reference.update("w" + i, w, g);
                        }
                    }
                }
            }
            double max = 0;
            for (int i = 0; i < shapes.length; i++) {
                max = Math.max(
                        max,
                        fusedWeights.get(i).sub(djlWeights.get(i)).abs().max().getFloat());
            }
            return max;
        }
    }

    /** Values in (-1, 1) of a fixed pattern, different for each {@code k}. */
    private static float[] values(Shape shape, int k) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(0.37 * i + 1.3 * k + 0.1);
        }
        return v;
    }

    /** Sets each weight's gradient to its {@code c} (the gradient of sum(w * c)). */
    private static void backward(List<NDArray> weights, List<NDArray> c) {
        try (ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getEngine(
                        EngineSetup.engine().getEngineName())
                .newGradientCollector()) {
            NDArray loss = null;
            for (int i = 0; i < weights.size(); i++) {
                NDArray term = weights.get(i).mul(c.get(i)).sum();
                loss = loss == null ? term : loss.add(term);
            }
            collector.backward(loss);
        }
    }

    private static long handle(NDArray a) {
        if (!(a instanceof PtNDArray p)) {
            throw new IllegalStateException(
                    "fused Adam needs PyTorch arrays, got " + a.getClass().getName());
        }
        return p.getHandle();
    }

    private static long[] handles(List<NDArray> arrays) {
        long[] h = new long[arrays.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = handle(arrays.get(i));
        }
        return h;
    }

    private static native int nativeVersion();

    private static native void nativeStep(
            long[] params,
            long[] means,
            long[] variances,
            long[] steps,
            double lr,
            double beta1,
            double beta2,
            double eps);
}
