package org.hemamet.contract;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Hashing;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;

/**
 * The one place that writes, reads and checks a model bundle (docs/contracts.md D): {@value #PARAMS} +
 * {@value #METADATA}. Every refusal is {@link HemametException#invalidInput} naming the file. Checks run on
 * the metadata as read (so messages quote the values found), in a fixed order; {@link #checkModel} for a
 * bundle a network is restored from, {@link #checkPredictable} for one predict uses.
 */
public final class BundleFiles {
    public static final String PARAMS = "model.params";
    public static final String METADATA = "metadata.json";
    /** The training feature distribution of the out-of-distribution flag ({@link OodStatistics}). */
    public static final String OOD = "ood.json";

    private static final ObjectMapper LENIENT =
            Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    /** What predict checks of {@code input.crop}: throws IllegalArgumentException saying what is wrong. */
    @FunctionalInterface
    public interface CropCheck {
        void check(Map<?, ?> crop);
    }

    private BundleFiles() {}

    // ------------------------------------------------------------------------------------- writing

    /**
     * Writes {@code model.params} and then {@code metadata.json} into {@code bundleDir} (created if needed),
     * each atomically; metadata.json comes last and records the parameters' SHA-256, so a half-replaced
     * bundle is detected when read.
     */
    public static void write(Path bundleDir, byte[] params, BundleMetadata metadata) {
        String json = json(metadata);
        AtomicFiles.writeBytes(bundleDir.resolve(PARAMS), params);
        AtomicFiles.writeString(bundleDir.resolve(METADATA), json);
    }

    /** Writes a whole bundle directory atomically (a temporary sibling renamed into place, replacing it). */
    public static void writeDirectory(Path bundleDir, byte[] params, BundleMetadata metadata) {
        writeDirectory(bundleDir, params, metadata, null);
    }

    /** As {@link #writeDirectory(Path, byte[], BundleMetadata)}, with {@value #OOD} when {@code ood} is not null. */
    public static void writeDirectory(Path bundleDir, byte[] params, BundleMetadata metadata, OodStatistics ood) {
        String json = json(metadata);
        String oodJson = ood == null ? null : oodJson(ood);
        AtomicFiles.writeDirectory(bundleDir, true, tmp -> writeInto(tmp, params, json, oodJson));
    }

    /**
     * Writes a bundle's files into {@code dir} (an existing directory being filled, e.g. a temporary one of
     * {@link AtomicFiles#writeDirectory}); {@code ood} may be null.
     */
    public static void writeInto(Path dir, byte[] params, BundleMetadata metadata, OodStatistics ood)
            throws IOException {
        writeInto(dir, params, json(metadata), ood == null ? null : oodJson(ood));
    }

    private static void writeInto(Path dir, byte[] params, String json, String oodJson) throws IOException {
        Files.write(dir.resolve(PARAMS), params);
        Files.writeString(dir.resolve(METADATA), json);
        if (oodJson != null) {
            Files.writeString(dir.resolve(OOD), oodJson);
        }
    }

    /** The metadata as written: JSON with sorted keys, absent fields left out, trailing newline. */
    public static String json(BundleMetadata metadata) {
        try {
            return Json.mapper().writeValueAsString(asMap(metadata)) + "\n";
        } catch (IOException e) {
            throw HemametException.internal("cannot serialise model metadata: " + e.getMessage(), e);
        }
    }

    /** The metadata as a map (as read from a file). */
    public static Map<String, Object> asMap(BundleMetadata metadata) {
        return Json.mapper().convertValue(metadata, MAP);
    }

    /** Typed metadata of a map (as read from a file, or given by a caller); fields of other types fail. */
    public static BundleMetadata typed(Map<String, ?> metadata) {
        return LENIENT.convertValue(metadata, BundleMetadata.class);
    }

    /** Writes {@value #OOD} into {@code bundleDir}, atomically. */
    public static void writeOod(Path bundleDir, OodStatistics ood) {
        AtomicFiles.writeString(bundleDir.resolve(OOD), oodJson(ood));
    }

    /** The statistics as written: JSON with sorted keys, trailing newline. */
    public static String oodJson(OodStatistics ood) {
        try {
            return Json.mapper().writeValueAsString(ood) + "\n";
        } catch (IOException e) {
            throw HemametException.internal("cannot serialise " + OOD + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------- reading

    /** Reads {@code metadata.json}: refuses a missing file, invalid JSON and an empty document. */
    public static Map<String, Object> readMetadata(Path metaFile) {
        Map<String, Object> meta;
        try {
            meta = Json.mapper().readValue(Files.readAllBytes(metaFile), MAP);
        } catch (NoSuchFileException e) {
            throw HemametException.invalidInput(metaFile + ": not found (not a hemamet model bundle)");
        } catch (IOException e) {
            throw HemametException.invalidInput(
                    metaFile + ": not valid JSON (" + org.hemamet.core.IoErrors.what(e) + ")", e);
        }
        if (meta == null) {
            throw HemametException.invalidInput(metaFile + ": empty");
        }
        return meta;
    }

    /** Reads {@code model.params}: refuses a missing or unreadable file. */
    public static byte[] readParams(Path paramsFile) {
        try {
            return Files.readAllBytes(paramsFile);
        } catch (NoSuchFileException e) {
            throw HemametException.invalidInput(paramsFile + ": not found");
        } catch (IOException e) {
            throw HemametException.invalidInput(paramsFile + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A bundle as {@code hemamet export} copies it: metadata (as read) and parameters; any read problem is
     * "cannot read the bundle".
     *
     * @param metadata the metadata as read
     * @param params   the parameters' bytes
     */
    public record Read(Map<String, Object> metadata, byte[] params) {}

    /** Reads a bundle to copy it; refuses one whose files cannot be read. */
    public static Read readForCopy(Path bundleDir) {
        try {
            Map<String, Object> meta = Json.mapper().readValue(Files.readAllBytes(bundleDir.resolve(METADATA)), MAP);
            return new Read(meta, Files.readAllBytes(bundleDir.resolve(PARAMS)));
        } catch (IOException e) {
            throw HemametException.invalidInput(bundleDir + ": cannot read the bundle (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads and checks {@value #OOD} of a bundle: empty when the bundle has none (older versions). Refuses
     * (naming the file) invalid JSON, a method not in {@link OodStatistics#METHODS}, no layers, a layer this
     * version cannot compute, a layer's mean, class means and precision of other sizes or with non-finite values, a layer threshold that is not a positive number, and statistics of other parameters than
     * {@code paramsSha256} (the bundle's {@code params_sha256}; not checked when null).
     */
    public static java.util.Optional<OodStatistics> readOod(Path bundleDir, String paramsSha256) {
        Path file = bundleDir.resolve(OOD);
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        OodStatistics s;
        try {
            s = LENIENT.readValue(Files.readAllBytes(file), OodStatistics.class);
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": not valid (" + org.hemamet.core.IoErrors.what(e) + ")", e);
        }
        if (s == null || s.method() == null || !OodStatistics.METHODS.contains(s.method())) {
            throw HemametException.invalidInput(file + ": method must be one of " + OodStatistics.METHODS
                    + " (a bundle of a newer hemamet?), got " + (s == null ? null : s.method()));
        }
        if (s.layers() == null || s.layers().isEmpty()) {
            throw HemametException.invalidInput(file + ": no layers");
        }
        for (OodStatistics.Layer l : s.layers()) {
            checkOodLayer(file, l);
        }
        if (paramsSha256 != null && s.paramsSha256() != null && !paramsSha256.equals(s.paramsSha256())) {
            throw HemametException.invalidInput(
                    file + ": params_sha256 differs from the bundle's model.params (statistics of another model)");
        }
        return java.util.Optional.of(s);
    }

    private static void checkOodLayer(Path file, OodStatistics.Layer l) {
        int p = l.mean() == null ? 0 : l.mean().length;
        boolean ok = p > 0 && l.precision() != null && l.precision().length == p;
        for (int i = 0; ok && i < p; i++) {
            ok = l.precision()[i] != null
                    && l.precision()[i].length == p
                    && Double.isFinite(l.mean()[i])
                    && java.util.Arrays.stream(l.precision()[i]).allMatch(Double::isFinite);
        }
        for (int c = 0; ok && l.classMeans() != null && c < l.classMeans().length; c++) {
            ok = l.classMeans()[c] != null
                    && l.classMeans()[c].length == p
                    && java.util.Arrays.stream(l.classMeans()[c]).allMatch(Double::isFinite);
        }
        if (!ok) {
            throw HemametException.invalidInput(file + ": layer " + l.name()
                    + ": mean, class_means and precision must be finite, of p, p and p x p values");
        }
        if (!OodStatistics.KNOWN_LAYERS.contains(l.name())) {
            throw HemametException.invalidInput(file + ": unknown layer " + l.name() + " (this hemamet computes "
                    + OodStatistics.KNOWN_LAYERS + ")");
        }
        if (l.threshold() == null || !(l.threshold() > 0) || l.threshold().isInfinite()) {
            throw HemametException.invalidInput(
                    file + ": layer " + l.name() + ": threshold must be a positive number, got " + l.threshold());
        }
    }

    // ------------------------------------------------------------------------------------- checks

    /** Refuses another {@code format_version} than {@value BundleMetadata#FORMAT_VERSION}. */
    public static void checkFormat(Path metaFile, Map<String, Object> meta) {
        Object fv = meta.get("format_version");
        if (!(fv instanceof Integer v) || v != BundleMetadata.FORMAT_VERSION) {
            throw HemametException.invalidInput(metaFile
                    + (fv == null
                            ? ": no format_version (a bundle of another hemamet version, or not a bundle;"
                                    + " this hemamet reads format " + BundleMetadata.FORMAT_VERSION + ")"
                            : ": unsupported format_version " + fv + " (this hemamet reads "
                                    + BundleMetadata.FORMAT_VERSION + ")"));
        }
    }

    /**
     * The checks of a bundle a network is restored from: the format, then the architecture against the one
     * this hemamet builds ({@code expected}: name, channels (0: any positive count), filters, dense; any input
     * size from 8, a dropout in [0, 1)).
     *
     * @return the bundle's architecture
     */
    public static BundleMetadata.Architecture checkModel(
            Path metaFile, Map<String, Object> meta, BundleMetadata.Architecture expected) {
        checkFormat(metaFile, meta);
        if (!(meta.get("architecture") instanceof Map<?, ?> arch)) {
            throw HemametException.invalidInput(metaFile + ": missing \"architecture\"");
        }
        if (!expected.name().equals(arch.get("name"))) {
            throw HemametException.invalidInput(metaFile + ": unsupported architecture \"" + arch.get("name")
                    + "\" (this hemamet builds \"" + expected.name() + "\")");
        }
        if (!(arch.get("input_size") instanceof Integer inputSize)) {
            throw HemametException.invalidInput(
                    metaFile + ": architecture.input_size must be an integer, got " + arch.get("input_size"));
        }
        if (inputSize < 8) {
            throw HemametException.invalidInput(metaFile + ": architecture.input_size " + inputSize + " is below 8");
        }
        int channels = expected.channels();
        if (channels == 0) { // any channel count (an early-fused network has several)
            if (!(arch.get("channels") instanceof Integer c) || c < 1) {
                throw HemametException.invalidInput(
                        metaFile + ": architecture.channels must be a positive integer, got " + arch.get("channels"));
            }
            channels = c;
        } else {
            expect(arch, "channels", expected.channels(), metaFile);
        }
        expect(arch, "filters", expected.filters(), metaFile);
        expect(arch, "dense", expected.dense(), metaFile);
        if (!(arch.get("dropout") instanceof Number d) || !(d.doubleValue() >= 0 && d.doubleValue() < 1)) {
            throw HemametException.invalidInput(
                    metaFile + ": architecture.dropout must be a number in [0, 1), got " + arch.get("dropout"));
        }
        return new BundleMetadata.Architecture(
                expected.name(), inputSize, channels, expected.filters(), expected.dense(), d.doubleValue());
    }

    /**
     * Refuses parameters whose SHA-256 differs from {@code params_sha256}; when {@code required}, also a
     * metadata without it.
     */
    public static void checkParams(Path paramsFile, Map<String, Object> meta, byte[] params, boolean required) {
        Object sha = meta.get("params_sha256");
        if ((sha == null && required) || (sha != null && !Hashing.sha256(params).equals(sha))) {
            throw HemametException.invalidInput(
                    paramsFile + ": SHA-256 differs from params_sha256 in metadata.json (corrupt or mixed bundle)");
        }
    }

    /**
     * The checks of a (loaded) bundle predict uses, in order: {@code input} present, {@code input.sequence}
     * a sequence, {@code input.size} that of the network, two {@code classes}, {@code positive_class} the
     * second, {@code threshold} in [0, 1], {@code input.crop} (when present) accepted by {@code cropCheck},
     * {@code calibration} (when present) Platt with finite slope and intercept and a prevalence in (0, 1).
     *
     * @param metaFile  the file, for messages
     * @param meta      the metadata as read
     * @param inputSize the loaded network's input side
     * @param cropCheck predict's check of the crop parameters
     * @return the typed metadata
     */
    public static BundleMetadata checkPredictable(
            Path metaFile, Map<String, Object> meta, int inputSize, CropCheck cropCheck) {
        if (!(meta.get("input") instanceof Map<?, ?> input)) {
            throw HemametException.invalidInput(
                    metaFile + ": missing \"input\" (not a model bundle written by hemamet study)");
        }
        try {
            // an early-fused network's sequences are joined by '+' in channel order (T1+T2+STIR+T1C)
            for (String s : String.valueOf(input.get("sequence")).split("\\+", -1)) {
                Sequence.parse(s);
            }
        } catch (HemametException e) {
            throw HemametException.invalidInput(metaFile + ": input.sequence " + input.get("sequence")
                    + " is not T1, T2, STIR or T1C (or, early-fused, several joined by '+')");
        }
        if (!(input.get("size") instanceof Integer size) || size != inputSize) {
            throw HemametException.invalidInput(metaFile + ": input.size " + input.get("size")
                    + " differs from architecture.input_size " + inputSize);
        }
        if (!(meta.get("classes") instanceof List<?> cls) || cls.size() != 2) {
            throw HemametException.invalidInput(metaFile + ": \"classes\" must list 2 classes [negative, positive]");
        }
        List<String> classes = cls.stream().map(String::valueOf).toList();
        String positive = String.valueOf(meta.get("positive_class"));
        if (!positive.equals(classes.get(1))) {
            throw HemametException.invalidInput(
                    metaFile + ": positive_class " + positive + " is not the second class of " + classes);
        }
        if (!(meta.get("threshold") instanceof Number t) || !(t.doubleValue() >= 0 && t.doubleValue() <= 1)) {
            throw HemametException.invalidInput(
                    metaFile + ": threshold must be a number in [0, 1], got " + meta.get("threshold"));
        }
        if (input.get("crop") instanceof Map<?, ?> c) {
            try {
                cropCheck.check(c);
            } catch (IllegalArgumentException e) {
                throw HemametException.invalidInput(metaFile + ": unsupported input.crop (" + e.getMessage() + ")");
            }
        }
        if (meta.get("calibration") instanceof Map<?, ?> cal) {
            if (!Calibration.known(cal.get("method"))
                    || !(cal.get("slope") instanceof Number slope)
                    || !(cal.get("intercept") instanceof Number intercept)
                    || !(cal.get("fit_prevalence") instanceof Number prev)
                    || !Double.isFinite(slope.doubleValue())
                    || !Double.isFinite(intercept.doubleValue())
                    || !(prev.doubleValue() > 0 && prev.doubleValue() < 1)) {
                throw HemametException.invalidInput(
                        metaFile + ": calibration must be method platt or temperature with finite slope and"
                                + " intercept and a fit_prevalence in (0, 1), got method " + cal.get("method")
                                + ", slope " + cal.get("slope") + ", intercept " + cal.get("intercept")
                                + ", fit_prevalence " + cal.get("fit_prevalence"));
            }
            if (cal.containsKey("development_prevalence")
                    && !(cal.get("development_prevalence") instanceof Map<?, ?> dev
                            && dev.get("value") instanceof Number v
                            && v.doubleValue() > 0
                            && v.doubleValue() < 1)) {
                throw HemametException.invalidInput(metaFile
                        + ": calibration.development_prevalence must have a value in (0, 1), got "
                        + (cal.get("development_prevalence") instanceof Map<?, ?> d
                                ? d.get("value")
                                : cal.get("development_prevalence")));
            }
        }
        return typed(metaFile, meta);
    }

    /** Typed metadata of a file's map; refuses fields of the wrong type, naming the file. */
    public static BundleMetadata typed(Path metaFile, Map<String, Object> meta) {
        try {
            return typed(meta);
        } catch (IllegalArgumentException e) {
            String what = e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? org.hemamet.core.JsonProblem.what(j)
                    : firstLine(e.getMessage());
            throw HemametException.invalidInput(metaFile + ": " + what, e);
        }
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
}
