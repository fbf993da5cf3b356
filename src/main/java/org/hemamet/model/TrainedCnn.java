package org.hemamet.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.BundleMetadata;
import org.hemamet.core.Hashing;
import org.hemamet.core.HemametException;

/**
 * A trained paper CNN: prediction, explanation (Grad-CAM, occlusion) and the model bundle
 * (contracts.md D: {@code model.params} + {@code metadata.json}). Holds native memory: close it.
 *
 * <p>{@link #predictPositive} may be called from several threads; {@link #gradCam} and training are
 * serialised process-wide (see {@link Autograd}).
 */
public final class TrainedCnn implements AutoCloseable {
    /** Bundle format written and read by this version. */
    public static final int FORMAT_VERSION = BundleMetadata.FORMAT_VERSION;

    public static final String PARAMS_FILE = BundleFiles.PARAMS;
    public static final String METADATA_FILE = BundleFiles.METADATA;

    private static final int EVAL_PIXELS_PER_BATCH = 1 << 21; // 32 images at 256x256

    private final Model model;
    private final SequentialBlock block;
    private final int size;
    private final double dropout;
    private final List<EpochStats> history;
    private final CnnTrainer.TrainingInfo trainingInfo;
    private final Map<String, Object> loadedMetadata;

    private TrainedCnn(
            Model model,
            SequentialBlock block,
            int size,
            double dropout,
            List<EpochStats> history,
            CnnTrainer.TrainingInfo trainingInfo,
            Map<String, Object> loadedMetadata) {
        this.model = model;
        this.block = block;
        this.size = size;
        this.dropout = dropout;
        this.history = List.copyOf(history);
        this.trainingInfo = trainingInfo;
        this.loadedMetadata = loadedMetadata;
    }

    static TrainedCnn fromParameters(
            byte[] params, int size, double dropout, List<EpochStats> history, CnnTrainer.TrainingInfo info) {
        try {
            return restore(params, size, dropout, history, info, null);
        } catch (IOException | MalformedModelException e) {
            throw HemametException.internal("cannot restore trained parameters: " + e.getMessage(), e);
        }
    }

    private static TrainedCnn restore(
            byte[] params,
            int size,
            double dropout,
            List<EpochStats> history,
            CnnTrainer.TrainingInfo info,
            Map<String, Object> metadata)
            throws IOException, MalformedModelException {
        Engine engine = EngineSetup.engine();
        Model model = Model.newInstance(PaperCnn.NAME, Device.cpu(), engine.getEngineName());
        try {
            SequentialBlock block = PaperCnn.build(dropout);
            model.setBlock(block);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
                block.loadParameters(model.getNDManager(), in);
                if (in.read() != -1) {
                    throw new MalformedModelException("trailing bytes after the parameters");
                }
            }
            // the parameters must fit this architecture at this input size
            Shape1 check = new Shape1(block, size);
            check.verify();
            return new TrainedCnn(model, block, size, dropout, history, info, metadata);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Verifies that the loaded parameter shapes are those of the architecture at the given size. */
    private record Shape1(SequentialBlock block, int size) {
        void verify() throws MalformedModelException {
            List<long[]> want = PaperCnn.parameterShapes(size);
            List<Parameter> got = block.getParameters().values();
            if (want.size() != got.size()) {
                throw new MalformedModelException(got.size() + " parameters, expected " + want.size());
            }
            for (int i = 0; i < want.size(); i++) {
                ai.djl.ndarray.types.Shape w = new ai.djl.ndarray.types.Shape(want.get(i));
                NDArray g = got.get(i).getArray();
                if (g == null || !w.equals(g.getShape())) {
                    throw new MalformedModelException("parameter " + got.get(i).getName() + " has shape "
                            + (g == null ? "none" : g.getShape()) + ", expected " + w);
                }
            }
        }
    }

    /** Input side length S. */
    public int inputSize() {
        return size;
    }

    /** Dropout rate the network was built with. */
    public double dropout() {
        return dropout;
    }

    /** Per-epoch statistics of the training run (empty for a loaded bundle). */
    public List<EpochStats> history() {
        return history;
    }

    /** The metadata of a loaded bundle, or an empty map for a network trained in this process. */
    public Map<String, Object> metadata() {
        return loadedMetadata == null ? Map.of() : loadedMetadata;
    }

    /**
     * P(class 1) per image, in evaluation mode (batch-norm running statistics, no dropout) without
     * recording gradients, in batches.
     *
     * @param images row-major S x S images in [0, 1]
     */
    public double[] predictPositive(float[][] images) {
        checkImages(images);
        float[] logProbs;
        try (NDManager manager = model.getNDManager().newSubManager()) {
            logProbs = logProbabilities(block, manager, images, size);
        }
        double[] p = new double[images.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logProbs[2 * i + 1]);
        }
        return p;
    }

    /** Row-major n x 2 log-softmax outputs in evaluation mode, no gradient; all arrays closed. */
    static float[] logProbabilities(Block block, NDManager parent, float[][] images, int size) {
        return logProbabilities(
                block, parent, images, size, Math.max(1, Math.min(256, EVAL_PIXELS_PER_BATCH / (size * size))));
    }

    /** {@link #logProbabilities(Block, NDManager, float[][], int)} in batches of {@code bs}. */
    static float[] logProbabilities(Block block, NDManager parent, float[][] images, int size, int bs) {
        int pixels = size * size;
        int n = images.length;
        float[] out = new float[n * PaperCnn.CLASSES];
        float[] buf = new float[Math.min(bs, n) * pixels];
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (int from = 0; from < n; from += bs) {
                int m = Math.min(bs, n - from);
                for (int j = 0; j < m; j++) {
                    System.arraycopy(images[from + j], 0, buf, j * pixels, pixels);
                }
                try (NDManager step = parent.newSubManager()) {
                    NDArray x = step.create(FloatBuffer.wrap(buf, 0, m * pixels), PaperCnn.inputShape(m, size));
                    NDArray logits = block.forward(new ParameterStore(step, false), new NDList(x), false)
                            .singletonOrThrow();
                    float[] lp = logits.logSoftmax(1).toFloatArray();
                    System.arraycopy(lp, 0, out, from * PaperCnn.CLASSES, lp.length);
                }
            }
        }
        return out;
    }

    /**
     * Grad-CAM (Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via
     * Gradient-based Localization", ICCV 2017) for the positive class (1) on the last convolution block;
     * see {@link #gradCam(float[], int, int)}.
     *
     * @param image row-major S x S image in [0, 1]
     * @return row-major S x S map in [0, 1]
     */
    public float[] gradCam(float[] image) {
        return gradCam(image, PaperCnn.BLOCK3, 1);
    }

    /** Grad-CAM for the positive class (1) on convolution block {@code blockIndex}. */
    public float[] gradCam(float[] image, int blockIndex) {
        return gradCam(image, blockIndex, 1);
    }

    /**
     * Grad-CAM for class {@code targetClass} (0 = hemangioma, 1 = the positive group) on the activations
     * (after ReLU, before pooling) of convolution block {@code blockIndex} (0, 1 or 2, the last; earlier
     * blocks give finer maps, S, S/2, S/4, with less class-specific features).
     *
     * <p>A = the block's activation maps. The class score is the logit margin {@code z_t - z_other} (the
     * logit of P(t) under the 2-way softmax; z_t alone would also credit evidence the two classes
     * share), so the two classes' raw maps are each other's negatives and, after the ReLU, mark disjoint
     * regions. Weights alpha_k = spatial mean of dScore/dA_k; map = ReLU(sum_k alpha_k A_k), bilinearly
     * upsampled (half-pixel centres) to S x S and divided by its maximum. All zeros when no region speaks
     * for the class. MONAI's {@code GradCAM} and pytorch-grad-cam explain the predicted class by
     * default; callers here pass the class they explain.
     *
     * @param image row-major S x S image in [0, 1]
     * @return row-major S x S map in [0, 1]
     */
    public float[] gradCam(float[] image, int blockIndex, int targetClass) {
        if (blockIndex < 0 || blockIndex > PaperCnn.BLOCK3) {
            throw new IllegalArgumentException("blockIndex must be 0.." + PaperCnn.BLOCK3 + ", got " + blockIndex);
        }
        checkClass(targetClass);
        checkImage(image, 0);
        Engine engine = EngineSetup.engine();
        float[] low;
        int side;
        Autograd.LOCK.lock();
        try (NDManager manager = model.getNDManager().newSubManager();
                GradientCollector collector = engine.newGradientCollector()) {
            ParameterStore ps = new ParameterStore(manager, false);
            NDList h = new NDList(manager.create(image, PaperCnn.inputShape(1, size)));
            for (int b = 0; b < blockIndex; b++) {
                h = PaperCnn.child(block, b).forward(ps, h, false);
            }
            Block target = PaperCnn.child(block, blockIndex);
            for (int c = 0; c < 3; c++) { // conv, batch_norm, relu
                h = PaperCnn.child(target, c).forward(ps, h, false);
            }
            NDArray activation = h.singletonOrThrow().stopGradient();
            activation.setRequiresGradient(true);
            NDList out = PaperCnn.child(target, 3).forward(ps, new NDList(activation), false);
            for (int b = blockIndex + 1; b <= PaperCnn.BLOCK3; b++) {
                out = PaperCnn.child(block, b).forward(ps, out, false);
            }
            NDArray logits =
                    PaperCnn.child(block, PaperCnn.HEAD).forward(ps, out, false).singletonOrThrow();
            NDArray score = logits.get(0, targetClass).sub(logits.get(0, 1 - targetClass));
            collector.backward(score);
            NDArray grad = activation.getGradient();
            ai.djl.ndarray.types.Shape shape = grad.getShape(); // (1, C, h, w)
            NDArray weights =
                    grad.reshape(1, shape.get(1), -1).mean(new int[] {2}, true).reshape(1, shape.get(1), 1, 1);
            NDArray cam =
                    activation.stopGradient().mul(weights).sum(new int[] {1}).maximum(0f);
            side = (int) cam.getShape().get(1);
            low = cam.toFloatArray();
        } finally {
            Autograd.LOCK.unlock();
        }
        return normaliseToUnit(upsampleBilinear(low, side, size));
    }

    /**
     * Occlusion sensitivity (Zeiler and Fergus, "Visualizing and Understanding Convolutional Networks",
     * ECCV 2014): a {@code patch x patch} square filled with the image's mean slides with
     * {@code stride} (the last row/column of positions is aligned with the border); each pixel gets the
     * mean drop in P(class 1) over the positions that cover it; negative drops are set to 0 and the
     * map is divided by its maximum (all zeros when no occlusion lowers the score).
     *
     * @return row-major S x S map in [0, 1]
     */
    public float[] occlusionSensitivity(float[] image, int patch, int stride) {
        return occlusionSensitivity(image, patch, stride, 1);
    }

    /** {@link #occlusionSensitivity(float[], int, int)} for the drop in P({@code targetClass}). */
    public float[] occlusionSensitivity(float[] image, int patch, int stride, int targetClass) {
        checkImage(image, 0);
        checkClass(targetClass);
        if (patch < 1 || patch > size) {
            throw new IllegalArgumentException("patch must be in [1, " + size + "], got " + patch);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        int[] starts = starts(size, patch, stride);
        double mean = 0;
        for (float v : image) {
            mean += v;
        }
        float fill = (float) (mean / image.length);
        int k = starts.length;
        float[][] occluded = new float[k * k + 1][];
        occluded[0] = image;
        for (int iy = 0; iy < k; iy++) {
            for (int ix = 0; ix < k; ix++) {
                float[] copy = image.clone();
                for (int y = starts[iy]; y < starts[iy] + patch; y++) {
                    java.util.Arrays.fill(copy, y * size + starts[ix], y * size + starts[ix] + patch, fill);
                }
                occluded[1 + iy * k + ix] = copy;
            }
        }
        double[] p = predictPositive(occluded);
        double[] sum = new double[size * size];
        int[] count = new int[size * size];
        for (int iy = 0; iy < k; iy++) {
            for (int ix = 0; ix < k; ix++) {
                double drop = (p[0] - p[1 + iy * k + ix]) * (targetClass == 1 ? 1 : -1);
                for (int y = starts[iy]; y < starts[iy] + patch; y++) {
                    for (int x = starts[ix]; x < starts[ix] + patch; x++) {
                        sum[y * size + x] += drop;
                        count[y * size + x]++;
                    }
                }
            }
        }
        float[] map = new float[size * size];
        for (int i = 0; i < map.length; i++) {
            map[i] = count[i] == 0 ? 0f : (float) Math.max(0, sum[i] / count[i]);
        }
        return normaliseToUnit(map);
    }

    private static void checkClass(int targetClass) {
        if (targetClass != 0 && targetClass != 1) {
            throw new IllegalArgumentException("targetClass must be 0 or 1, got " + targetClass);
        }
    }

    private static int[] starts(int size, int patch, int stride) {
        int last = size - patch;
        int n = last / stride + 1;
        boolean extra = (n - 1) * stride != last;
        int[] s = new int[n + (extra ? 1 : 0)];
        for (int i = 0; i < n; i++) {
            s[i] = i * stride;
        }
        if (extra) {
            s[n] = last;
        }
        return s;
    }

    /** Bilinear resize of a square map (half-pixel centres, edge clamping, like align_corners=false). */
    static float[] upsampleBilinear(float[] src, int side, int size) {
        float[] dst = new float[size * size];
        double scale = (double) side / size;
        for (int y = 0; y < size; y++) {
            double sy = Math.min(Math.max((y + 0.5) * scale - 0.5, 0), side - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, side - 1);
            double fy = sy - y0;
            for (int x = 0; x < size; x++) {
                double sx = Math.min(Math.max((x + 0.5) * scale - 0.5, 0), side - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, side - 1);
                double fx = sx - x0;
                double top = src[y0 * side + x0] * (1 - fx) + src[y0 * side + x1] * fx;
                double bottom = src[y1 * side + x0] * (1 - fx) + src[y1 * side + x1] * fx;
                dst[y * size + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return dst;
    }

    /** Divides by the maximum (non-negative input); all zeros stay zeros. */
    static float[] normaliseToUnit(float[] map) {
        float max = 0;
        for (float v : map) {
            max = Math.max(max, v);
        }
        if (max > 0 && Float.isFinite(max)) {
            for (int i = 0; i < map.length; i++) {
                map[i] = Math.max(0f, map[i] / max);
            }
        } else {
            java.util.Arrays.fill(map, 0f);
        }
        return map;
    }

    private void checkImages(float[][] images) {
        Objects.requireNonNull(images, "images");
        for (int i = 0; i < images.length; i++) {
            checkImage(images[i], i);
        }
    }

    private void checkImage(float[] image, int index) {
        if (image == null || image.length != size * size) {
            throw new IllegalArgumentException("image " + index + " has "
                    + (image == null ? "no data" : image.length + " values") + ", expected " + size * size
                    + " (" + size + "x" + size + ")");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Bundle

    /**
     * Writes {@code model.params} and then {@code metadata.json} into {@code bundleDir} (created if
     * needed), each atomically (temp file + rename); {@code metadata.json} is written last and records
     * the SHA-256 of {@code model.params}, so a half-replaced bundle is detected by {@link #load}.
     *
     * <p>The given metadata (input, classes, positive_class, threshold, test_metrics, cell_id, ...) is
     * completed ({@link BundleMetadata#completedBy}) with: {@code format_version}, {@code hemamet_version},
     * {@code architecture} (always this network's), {@code versions} {djl, pytorch, java}, {@code
     * params_sha256}, and in {@code training} the fields n_train, hyper_parameters, seed, epochs_run and
     * augmentation when the caller did not set them.
     */
    public void save(Path bundleDir, BundleMetadata metadata) {
        byte[] parameters = CnnTrainer.serialise(block);
        BundleMetadata complete = (metadata == null ? BundleFiles.typed(Map.of()) : metadata)
                .completedBy(
                        architecture(size, dropout),
                        new BundleMetadata.Versions(
                                Engine.getDjlVersion(),
                                EngineSetup.engine().getVersion(),
                                System.getProperty("java.version")),
                        trainingFacts(),
                        Hashing.sha256(parameters));
        BundleFiles.write(bundleDir, parameters, complete);
    }

    /** {@link #save(Path, BundleMetadata)} of metadata given as a map (snake_case keys, as in the file). */
    public void save(Path bundleDir, Map<String, Object> metadata) {
        save(bundleDir, BundleFiles.typed(metadata == null ? Map.of() : metadata));
    }

    /** This network's architecture as a bundle records it. */
    static BundleMetadata.Architecture architecture(int inputSize, double dropout) {
        return new BundleMetadata.Architecture(
                PaperCnn.NAME, inputSize, PaperCnn.CHANNELS, PaperCnn.FILTERS, PaperCnn.DENSE, dropout);
    }

    private BundleMetadata.Training trainingFacts() {
        if (trainingInfo == null) {
            return null;
        }
        HyperParams hp = trainingInfo.hyperParams();
        Augmentation a = trainingInfo.augmentation();
        return new BundleMetadata.Training(
                trainingInfo.nTrain(),
                null,
                null,
                null,
                new BundleMetadata.HyperParameters(hp.learningRate(), hp.batchSize(), hp.epochs(), hp.dropout()),
                trainingInfo.seed(),
                null,
                trainingInfo.epochsRun(),
                new BundleMetadata.Augmentation(a.flip(), a.maxRotationDegrees(), a.intensityJitter()));
    }

    /**
     * Loads a bundle written by {@link #save}. Refuses (HemametException.invalidInput, naming the file)
     * a missing or unreadable file, an unsupported {@code format_version}, another architecture, and
     * parameters that do not match metadata.json (checks: {@link BundleFiles#checkModel}).
     */
    public static TrainedCnn load(Path bundleDir) {
        Path metaFile = bundleDir.resolve(METADATA_FILE);
        Path paramsFile = bundleDir.resolve(PARAMS_FILE);
        Map<String, Object> meta = BundleFiles.readMetadata(metaFile);
        BundleMetadata.Architecture arch =
                BundleFiles.checkModel(metaFile, meta, architecture(0, 0)); // any input size and dropout
        byte[] params = BundleFiles.readParams(paramsFile);
        BundleFiles.checkParams(paramsFile, meta, params, false);
        try {
            return restore(
                    params,
                    arch.inputSize(),
                    arch.dropout(),
                    List.of(),
                    null,
                    java.util.Collections.unmodifiableMap(meta));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw HemametException.invalidInput(
                    paramsFile + ": does not match the architecture in metadata.json (" + firstLine(e.getMessage())
                            + ")",
                    e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Arrays held by this network's manager and its sub-managers (for leak tests). */
    int liveArrays() {
        return model.getNDManager().getManagedArrays().size();
    }

    @Override
    public void close() {
        model.close();
    }
}
