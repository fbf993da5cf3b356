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
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Hashing;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.core.Version;

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
    public static final int FORMAT_VERSION = 1;

    public static final String PARAMS_FILE = "model.params";
    public static final String METADATA_FILE = "metadata.json";

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
     * copied and completed with: {@code format_version}, {@code hemamet_version}, {@code architecture}
     * (always this network's), {@code versions} {djl, pytorch, java}, {@code params_sha256}, and in
     * {@code training} the fields n_train, hyper_parameters, seed, epochs_run and augmentation when
     * the caller did not set them.
     */
    public void save(Path bundleDir, Map<String, Object> metadata) {
        Map<String, Object> meta = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        meta.put("format_version", FORMAT_VERSION);
        meta.put("hemamet_version", Version.hemamet());
        Map<String, Object> arch = new LinkedHashMap<>();
        arch.put("name", PaperCnn.NAME);
        arch.put("input_size", size);
        arch.put("channels", PaperCnn.CHANNELS);
        arch.put("filters", PaperCnn.FILTERS);
        arch.put("dense", PaperCnn.DENSE);
        arch.put("dropout", dropout);
        meta.put("architecture", arch);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("djl", Engine.getDjlVersion());
        versions.put("pytorch", EngineSetup.engine().getVersion());
        versions.put("java", System.getProperty("java.version"));
        meta.put("versions", versions);
        Map<String, Object> training = new LinkedHashMap<>();
        if (meta.get("training") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> training.put(String.valueOf(k), v));
        }
        if (trainingInfo != null) {
            training.putIfAbsent("n_train", trainingInfo.nTrain());
            HyperParams hp = trainingInfo.hyperParams();
            Map<String, Object> hpMap = new LinkedHashMap<>();
            hpMap.put("learning_rate", hp.learningRate());
            hpMap.put("batch_size", hp.batchSize());
            hpMap.put("epochs", hp.epochs());
            hpMap.put("dropout", hp.dropout());
            training.putIfAbsent("hyper_parameters", hpMap);
            training.putIfAbsent("seed", trainingInfo.seed());
            training.putIfAbsent("epochs_run", trainingInfo.epochsRun());
            Augmentation a = trainingInfo.augmentation();
            Map<String, Object> augMap = new LinkedHashMap<>();
            augMap.put("flip", a.flip());
            augMap.put("max_rotation_degrees", a.maxRotationDegrees());
            augMap.put("intensity_jitter", a.intensityJitter());
            training.putIfAbsent("augmentation", augMap);
        }
        if (!training.isEmpty()) {
            meta.put("training", training);
        }
        byte[] parameters = CnnTrainer.serialise(block);
        meta.put("params_sha256", Hashing.sha256(parameters));
        String json;
        try {
            json = Json.mapper().writeValueAsString(meta) + "\n";
        } catch (IOException e) {
            throw HemametException.internal("cannot serialise model metadata: " + e.getMessage(), e);
        }
        AtomicFiles.writeBytes(bundleDir.resolve(PARAMS_FILE), parameters);
        AtomicFiles.writeString(bundleDir.resolve(METADATA_FILE), json);
    }

    /**
     * Loads a bundle written by {@link #save}. Refuses (HemametException.invalidInput, naming the file)
     * a missing or unreadable file, an unsupported {@code format_version}, another architecture, and
     * parameters that do not match metadata.json.
     */
    public static TrainedCnn load(Path bundleDir) {
        Path metaFile = bundleDir.resolve(METADATA_FILE);
        Path paramsFile = bundleDir.resolve(PARAMS_FILE);
        Map<String, Object> meta;
        try {
            meta = Json.mapper()
                    .readValue(Files.readAllBytes(metaFile), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (NoSuchFileException e) {
            throw HemametException.invalidInput(metaFile + ": not found (not a hemamet model bundle)");
        } catch (IOException e) {
            throw HemametException.invalidInput(metaFile + ": not valid JSON (" + firstLine(e.getMessage()) + ")", e);
        }
        if (meta == null) {
            throw HemametException.invalidInput(metaFile + ": empty");
        }
        Object fv = meta.get("format_version");
        if (!(fv instanceof Integer v) || v != FORMAT_VERSION) {
            throw HemametException.invalidInput(
                    metaFile + ": unsupported format_version " + fv + " (this hemamet reads " + FORMAT_VERSION + ")");
        }
        if (!(meta.get("architecture") instanceof Map<?, ?> arch)) {
            throw HemametException.invalidInput(metaFile + ": missing \"architecture\"");
        }
        if (!PaperCnn.NAME.equals(arch.get("name"))) {
            throw HemametException.invalidInput(metaFile + ": unsupported architecture \"" + arch.get("name")
                    + "\" (this hemamet builds \"" + PaperCnn.NAME + "\")");
        }
        int inputSize = intField(arch, "input_size", metaFile);
        if (inputSize < 8) {
            throw HemametException.invalidInput(metaFile + ": architecture.input_size " + inputSize + " is below 8");
        }
        expect(arch, "channels", PaperCnn.CHANNELS, metaFile);
        expect(arch, "filters", PaperCnn.FILTERS, metaFile);
        expect(arch, "dense", PaperCnn.DENSE, metaFile);
        if (!(arch.get("dropout") instanceof Number d) || !(d.doubleValue() >= 0 && d.doubleValue() < 1)) {
            throw HemametException.invalidInput(
                    metaFile + ": architecture.dropout must be a number in [0, 1), got " + arch.get("dropout"));
        }
        byte[] params;
        try {
            params = Files.readAllBytes(paramsFile);
        } catch (NoSuchFileException e) {
            throw HemametException.invalidInput(paramsFile + ": not found");
        } catch (IOException e) {
            throw HemametException.invalidInput(paramsFile + ": cannot read (" + e.getMessage() + ")", e);
        }
        Object sha = meta.get("params_sha256");
        if (sha != null && !Hashing.sha256(params).equals(sha)) {
            throw HemametException.invalidInput(
                    paramsFile + ": SHA-256 differs from params_sha256 in metadata.json (corrupt or mixed bundle)");
        }
        try {
            return restore(
                    params,
                    inputSize,
                    ((Number) arch.get("dropout")).doubleValue(),
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

    private static int intField(Map<?, ?> arch, String key, Path file) {
        if (!(arch.get(key) instanceof Integer v)) {
            throw HemametException.invalidInput(
                    file + ": architecture." + key + " must be an integer, got " + arch.get(key));
        }
        return v;
    }

    private static void expect(Map<?, ?> arch, String key, Object expected, Path file) {
        if (!expected.equals(arch.get(key))) {
            throw HemametException.invalidInput(
                    file + ": architecture." + key + " is " + arch.get(key) + ", this hemamet builds " + expected);
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
