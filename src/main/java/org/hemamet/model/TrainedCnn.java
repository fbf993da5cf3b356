package org.hemamet.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
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
 * A trained paper CNN: the model handle that predicts, and the model bundle (contracts.md D:
 * {@code model.params} + {@code metadata.json}). Explanations are {@link GradCam} and
 * {@link OcclusionSensitivity}, constructed over it. Holds native memory: close it.
 *
 * <p>{@link #predictPositive} may be called from several threads; {@link GradCam} and training are
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
    private final int channels;
    private final double dropout;
    private final List<EpochStats> history;
    private final CnnTrainer.TrainingInfo trainingInfo;
    private final Map<String, Object> loadedMetadata;

    private TrainedCnn(
            Model model,
            SequentialBlock block,
            int size,
            int channels,
            double dropout,
            List<EpochStats> history,
            CnnTrainer.TrainingInfo trainingInfo,
            Map<String, Object> loadedMetadata) {
        this.model = model;
        this.block = block;
        this.size = size;
        this.channels = channels;
        this.dropout = dropout;
        this.history = List.copyOf(history);
        this.trainingInfo = trainingInfo;
        this.loadedMetadata = loadedMetadata;
    }

    static TrainedCnn fromParameters(
            byte[] params,
            int size,
            int channels,
            double dropout,
            List<EpochStats> history,
            CnnTrainer.TrainingInfo info,
            ComputeDevice device) {
        try {
            return restore(params, size, channels, dropout, history, info, null, device);
        } catch (IOException | MalformedModelException e) {
            throw HemametException.internal("cannot restore trained parameters: " + e.getMessage(), e);
        }
    }

    private static TrainedCnn restore(
            byte[] params,
            int size,
            int channels,
            double dropout,
            List<EpochStats> history,
            CnnTrainer.TrainingInfo info,
            Map<String, Object> metadata,
            ComputeDevice device)
            throws IOException, MalformedModelException {
        Engine engine = EngineSetup.engine();
        Model model = Model.newInstance(PaperCnn.NAME, device.djl(), engine.getEngineName());
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
            Shape1 check = new Shape1(block, size, channels);
            check.verify();
            return new TrainedCnn(model, block, size, channels, dropout, history, info, metadata);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Verifies that the loaded parameter shapes are those of the architecture at the given size. */
    private record Shape1(SequentialBlock block, int size, int channels) {
        void verify() throws MalformedModelException {
            List<long[]> want = PaperCnn.parameterShapes(size, channels);
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

    /** Input channels C (1 for a per-sequence network). */
    public int channels() {
        return channels;
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
     * @param images row-major S x S images in [0, 1] (channel-major C x S x S with C {@link #channels()})
     */
    public double[] predictPositive(float[][] images) {
        checkImages(images);
        float[] logProbs;
        try (NDManager manager = model.getNDManager().newSubManager()) {
            logProbs = logProbabilities(block, manager, images, channels, size, evalBatch(size));
        }
        double[] p = new double[images.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logProbs[2 * i + 1]);
        }
        return p;
    }

    /**
     * Features of every depth per image: the spatial mean of each convolution block's output (after its
     * pooling; {@code 32, 64, 128} values) and the penultimate features (the dense layer's {@value
     * PaperCnn#DENSE} outputs after its ReLU, the input of the dropout and output layer), in evaluation mode
     * without gradients; all arrays closed. The per-layer features of Lee et al. 2018's
     * feature ensemble (their "average pooling" of each block's feature maps).
     *
     * @return per image, one array per depth: block 1, block 2, block 3, penultimate
     */
    public float[][][] layerFeatures(float[][] images) {
        checkImages(images);
        int pixels = channels * size * size;
        int bs = evalBatch(size);
        float[][][] out = new float[images.length][][];
        try (NDManager manager = newScope();
                Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (int from = 0; from < images.length; from += bs) {
                int m = Math.min(bs, images.length - from);
                float[] buf = new float[m * pixels];
                for (int j = 0; j < m; j++) {
                    System.arraycopy(images[from + j], 0, buf, j * pixels, pixels);
                }
                try (NDManager step = manager.newSubManager()) {
                    ParameterStore ps = new ParameterStore(step, false);
                    NDList h = new NDList(step.create(FloatBuffer.wrap(buf), PaperCnn.inputShape(m, channels, size)));
                    float[][] depth = new float[PaperCnn.BLOCK3 + 2][];
                    int[] width = new int[depth.length];
                    for (int b = 0; b <= PaperCnn.BLOCK3; b++) {
                        h = PaperCnn.child(block, b).forward(ps, h, false);
                        NDArray a = h.singletonOrThrow();
                        depth[b] = a.mean(new int[] {3})
                                .mean(new int[] {2})
                                .toFloatArray(); // NCHW (channels-last is memory only)
                        width[b] = (int) a.getShape().get(1);
                    }
                    Block head = PaperCnn.child(block, PaperCnn.HEAD);
                    for (int c = 0; c < 3; c++) {
                        h = PaperCnn.child(head, c).forward(ps, h, false);
                    }
                    depth[depth.length - 1] = h.singletonOrThrow().toFloatArray();
                    width[depth.length - 1] = PaperCnn.DENSE;
                    for (int j = 0; j < m; j++) {
                        float[][] per = new float[depth.length][];
                        for (int d = 0; d < depth.length; d++) {
                            per[d] = java.util.Arrays.copyOfRange(depth[d], j * width[d], (j + 1) * width[d]);
                        }
                        out[from + j] = per;
                    }
                }
            }
        }
        return out;
    }

    /** Images per evaluation batch at input side {@code size}: 32 at 256 x 256, 256 at 64 x 64 and below. */
    static int evalBatch(int size) {
        return Math.max(1, Math.min(256, EVAL_PIXELS_PER_BATCH / (size * size)));
    }

    /** Row-major n x 2 log-softmax outputs in evaluation mode, no gradient; all arrays closed. */
    static float[] logProbabilities(Block block, NDManager parent, float[][] images, int size) {
        return logProbabilities(block, parent, images, 1, size, evalBatch(size));
    }

    /**
     * {@link #logProbabilities(Block, NDManager, float[][], int)} in batches of {@code bs}: the images go to
     * the network's device in copies of up to {@link DeviceImages#CHUNK_FLOATS} floats, and each copy's
     * outputs come back in one read.
     */
    static float[] logProbabilities(Block block, NDManager parent, float[][] images, int size, int bs) {
        return logProbabilities(block, parent, images, 1, size, bs);
    }

    /** {@link #logProbabilities(Block, NDManager, float[][], int, int)} of {@code channels}-channel images. */
    static float[] logProbabilities(Block block, NDManager parent, float[][] images, int channels, int size, int bs) {
        if (!parent.getDevice().isGpu()) {
            return hostBatches(block, parent, images, channels, size, bs);
        }
        int n = images.length;
        int perChunk = Math.max(bs, DeviceImages.CHUNK_FLOATS / (channels * size * size) / bs * bs);
        float[] out = new float[n * PaperCnn.CLASSES];
        for (int from = 0; from < n; from += perChunk) {
            int to = Math.min(n, from + perChunk);
            try (NDManager chunk = parent.newSubManager()) {
                NDArray x = DeviceImages.images(chunk, java.util.Arrays.copyOfRange(images, from, to), channels, size);
                float[] lp = logProbabilities(block, chunk, x, bs);
                System.arraycopy(lp, 0, out, from * PaperCnn.CLASSES, lp.length);
            }
        }
        return out;
    }

    /**
     * On the CPU: each batch copied from the host into a reused buffer and its outputs read at once (no
     * staging copy of the whole set, which costs the CPU more than it saves).
     */
    private static float[] hostBatches(
            Block block, NDManager parent, float[][] images, int channels, int size, int bs) {
        int pixels = channels * size * size;
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
                    NDArray x =
                            step.create(FloatBuffer.wrap(buf, 0, m * pixels), PaperCnn.inputShape(m, channels, size));
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
     * Row-major n x 2 log-softmax outputs of images already on the network's device ((n, 1, S, S)), in
     * evaluation mode without gradient, in batches of {@code bs}; read back once; all arrays closed.
     */
    static float[] logProbabilities(Block block, NDManager parent, NDArray images, int bs) {
        int n = Math.toIntExact(images.getShape().get(0));
        try (Autograd.NoGrad ignored = Autograd.noGrad();
                NDManager scope = parent.newSubManager()) {
            NDList outputs = new NDList();
            for (int from = 0; from < n; from += bs) {
                int m = Math.min(bs, n - from);
                try (NDManager batch = scope.newSubManager()) {
                    NDArray x = CnnTrainer.rows(images, from, m, batch);
                    NDArray logits = block.forward(new ParameterStore(batch, false), new NDList(x), false)
                            .singletonOrThrow();
                    NDArray logProbs = logits.logSoftmax(1);
                    logProbs.attach(scope); // the batch's activations go with its manager
                    outputs.add(logProbs);
                }
            }
            return NDArrays.concat(outputs).toFloatArray();
        }
    }

    /** The network's block tree (for {@link GradCam}). */
    SequentialBlock block() {
        return block;
    }

    /** A sub-manager of the network's manager for one computation's arrays (close it). */
    NDManager newScope() {
        return model.getNDManager().newSubManager();
    }

    private void checkImages(float[][] images) {
        Objects.requireNonNull(images, "images");
        for (int i = 0; i < images.length; i++) {
            checkImage(images[i], i);
        }
    }

    void checkImage(float[] image, int index) {
        if (image == null || image.length != channels * size * size) {
            throw new IllegalArgumentException("image " + index + " has "
                    + (image == null ? "no data" : image.length + " values") + ", expected " + channels * size * size
                    + " (" + (channels == 1 ? "" : channels + "x") + size + "x" + size + ")");
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
                        architecture(size, channels, dropout),
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
        return architecture(inputSize, PaperCnn.CHANNELS, dropout);
    }

    /** {@link #architecture(int, double)} with {@code channels} input channels. */
    static BundleMetadata.Architecture architecture(int inputSize, int channels, double dropout) {
        return new BundleMetadata.Architecture(
                PaperCnn.NAME, inputSize, channels, PaperCnn.FILTERS, PaperCnn.DENSE, dropout);
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
                new BundleMetadata.Augmentation(a.flip(), a.maxRotationDegrees(), a.intensityJitter()),
                trainingInfo.device().description(),
                trainingInfo.precision().label());
    }

    /**
     * Loads a bundle written by {@link #save}. Refuses (HemametException.invalidInput, naming the file)
     * a missing or unreadable file, an unsupported {@code format_version}, another architecture, and
     * parameters that do not match metadata.json (checks: {@link BundleFiles#checkModel}).
     */
    public static TrainedCnn load(Path bundleDir) {
        return load(bundleDir, EngineSetup.device());
    }

    /** {@link #load(Path)} onto {@code device}. */
    public static TrainedCnn load(Path bundleDir, ComputeDevice device) {
        Path metaFile = bundleDir.resolve(METADATA_FILE);
        Path paramsFile = bundleDir.resolve(PARAMS_FILE);
        Map<String, Object> meta = BundleFiles.readMetadata(metaFile);
        BundleMetadata.Architecture arch =
                BundleFiles.checkModel(metaFile, meta, architecture(0, 0, 0)); // any input size, channels, dropout
        byte[] params = BundleFiles.readParams(paramsFile);
        BundleFiles.checkParams(paramsFile, meta, params, false);
        try {
            return restore(
                    params,
                    arch.inputSize(),
                    arch.channels(),
                    arch.dropout(),
                    List.of(),
                    null,
                    java.util.Collections.unmodifiableMap(meta),
                    device);
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
