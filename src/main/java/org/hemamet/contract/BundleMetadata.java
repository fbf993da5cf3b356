package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.core.Version;

/**
 * A model bundle's {@code metadata.json} (docs/contracts.md D). Assembled here only, in three stages: the
 * study describes the cell's model ({@link #forCell}), the network completes it when it saves itself
 * ({@link #completedBy}: format, architecture, versions, training defaults, parameters' SHA-256), and
 * {@code hemamet export} adds what makes the bundle stand alone ({@link #exportedWith}: crop, dataset,
 * export). Checked by {@link BundleFiles} only. Absent (null) fields are left out when written; fields
 * this version does not know are kept ({@link #other}).
 *
 * @param formatVersion  the bundle format ({@value #FORMAT_VERSION})
 * @param hemametVersion the hemamet that saved the network
 * @param architecture   the network
 * @param input          what the network takes
 * @param classes        {@code [negative, positive]}
 * @param positiveClass  the class whose probability the network outputs
 * @param comparison     the study comparison
 * @param threshold      decision threshold on P(positive)
 * @param thresholdRule  how it was chosen
 * @param training       how the network was trained
 * @param testMetrics    the study's test-set metrics of the network
 * @param calibration    the probability calibration (absent in bundles of older versions)
 * @param versions       the deep-learning stack that saved it
 * @param cellId         the study cell
 * @param paramsSha256   SHA-256 of {@code model.params}
 * @param dataset        the dataset the study ran on (added by export)
 * @param exported       the export (added by export)
 * @param anatomy        what the images the network was trained on are (absent in bundles of older versions)
 * @param development    hashes of the development dataset's patients and source images, for an external
 *                       validation's overlap check without that dataset (added by export)
 * @param other          fields this version does not know, kept as read
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleMetadata(
        Integer formatVersion,
        String hemametVersion,
        Architecture architecture,
        Input input,
        List<String> classes,
        String positiveClass,
        String comparison,
        Double threshold,
        String thresholdRule,
        Training training,
        TestMetrics testMetrics,
        Calibration calibration,
        Versions versions,
        String cellId,
        String paramsSha256,
        Dataset dataset,
        Exported exported,
        Anatomy anatomy,
        Development development,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

    /** Bundle format written and read by this version. */
    public static final int FORMAT_VERSION = 1;

    public BundleMetadata {
        other = other == null ? new LinkedHashMap<>() : other;
    }

    /**
     * The network.
     *
     * @param name      {@code paper-cnn}
     * @param inputSize input side S (S x S)
     * @param channels  input channels
     * @param filters   filters of the convolution blocks
     * @param dense     units of the dense layer
     * @param dropout   dropout before the last layer
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Architecture(
            String name, Integer inputSize, Integer channels, List<Integer> filters, Integer dense, Double dropout) {}

    /**
     * What the network takes.
     *
     * @param sequence      the MRI sequence it was trained on
     * @param size          input side (= architecture.input_size)
     * @param channels      channels
     * @param normalisation how a crop becomes the input, in words
     * @param crop          the dataset's crop parameters (added by export)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(String sequence, Integer size, Integer channels, String normalisation, Crop crop) {
        /** The normalisation of a study's bundle. */
        public static final String STUDY_NORMALISATION =
                "ingest crop (scaled to 0..65535 against the dataset's intensity reference, input.crop;"
                        + " 16-bit PNG)"
                        + " / 65535, area-averaged to size x size";

        /** A copy with crop parameters. */
        public Input withCrop(Crop newCrop) {
            return new Input(sequence, size, channels, normalisation, newCrop);
        }
    }

    /**
     * The crop parameters of the dataset the network was trained on (as ingest made the crops).
     *
     * @param size            crop side
     * @param margin          margin around the lesion box, as a share of its size
     * @param keepAspect      square window around the box
     * @param lowerPercentile intensity percentile mapped to 0
     * @param upperPercentile intensity percentile mapped to 1
     * @param intensityReference what the intensities were scaled against: {@code crop}, {@code slice} or
     *                        {@code reference} (absent in bundles of older versions: {@code crop})
     * @param key             ingest's parameter key (the source of truth)
     * @param source          where the parameters come from
     * @param steps           the crop steps, in words
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Crop(
            Integer size,
            Double margin,
            Boolean keepAspect,
            Double lowerPercentile,
            Double upperPercentile,
            String intensityReference,
            String key,
            String source,
            String steps) {}

    /**
     * How the network was trained.
     *
     * @param nTrain          training lesions (after balancing, before oversampling)
     * @param nTrainNeg       of them negative
     * @param nTrainPos       of them positive
     * @param balancing       the study's balancing
     * @param hyperParameters the hyper-parameters
     * @param seed            the training seed
     * @param rootSeed        the study's root seed
     * @param epochsRun       epochs run
     * @param augmentation    the augmentation
     * @param device          where it was trained ({@code cpu}, or {@code gpu(N)} and the GPU's name)
     * @param precision       the arithmetic of training ({@code fp32} or {@code bf16} mixed precision)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Training(
            Integer nTrain,
            Integer nTrainNeg,
            Integer nTrainPos,
            String balancing,
            HyperParameters hyperParameters,
            Long seed,
            Long rootSeed,
            Integer epochsRun,
            Augmentation augmentation,
            String device,
            String precision) {

        /** This record's fields, each taken from {@code defaults} where absent here. */
        public Training orElse(Training defaults) {
            if (defaults == null) {
                return this;
            }
            return new Training(
                    first(nTrain, defaults.nTrain),
                    first(nTrainNeg, defaults.nTrainNeg),
                    first(nTrainPos, defaults.nTrainPos),
                    first(balancing, defaults.balancing),
                    first(hyperParameters, defaults.hyperParameters),
                    first(seed, defaults.seed),
                    first(rootSeed, defaults.rootSeed),
                    first(epochsRun, defaults.epochsRun),
                    first(augmentation, defaults.augmentation),
                    first(device, defaults.device),
                    first(precision, defaults.precision));
        }
    }

    /**
     * Training hyper-parameters.
     *
     * @param learningRate Adam learning rate
     * @param batchSize    batch size
     * @param epochs       epochs
     * @param dropout      dropout
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HyperParameters(Double learningRate, Integer batchSize, Integer epochs, Double dropout) {}

    /**
     * Training augmentation.
     *
     * @param flip               random horizontal flips
     * @param maxRotationDegrees largest random rotation
     * @param intensityJitter    intensity jitter
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Augmentation(Boolean flip, Double maxRotationDegrees, Double intensityJitter) {}

    /**
     * The study's test-set metrics of the network.
     *
     * @param accuracy    accuracy
     * @param sensitivity sensitivity
     * @param specificity specificity
     * @param auc         ROC AUC
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestMetrics(Metric accuracy, Metric sensitivity, Metric specificity, Metric auc) {}

    /**
     * A metric with its 95 % interval.
     *
     * @param value the value
     * @param lower lower limit
     * @param upper upper limit
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metric(Double value, Double lower, Double upper) {
        /** The metric of a results.csv interval. */
        public static Metric of(Interval i) {
            return new Metric(i.value(), i.lo(), i.hi());
        }
    }

    /**
     * The deep-learning stack that saved the network.
     *
     * @param djl     DJL's version
     * @param pytorch PyTorch's version
     * @param java    Java's version
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Versions(String djl, String pytorch, String java) {}

    /**
     * The dataset of the study (from the run's provenance.json).
     *
     * @param sha256              the dataset's SHA-256
     * @param studySeed           the study's root seed
     * @param studyHemametVersion the hemamet that ran the study
     * @param configSha256        SHA-256 of the study config
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dataset(String sha256, Long studySeed, String studyHemametVersion, String configSha256) {
        /** No provenance: an empty object. */
        public static final Dataset UNKNOWN = new Dataset(null, null, null, null);
    }

    /**
     * An export.
     *
     * @param cellId         the cell exported
     * @param hemametVersion the hemamet that exported it
     * @param exported       when (ISO-8601, seconds)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Exported(String cellId, String hemametVersion, String exported) {}

    /**
     * What the images a network was trained on are, as predict checks a DICOM header against them.
     *
     * @param modality the DICOM Modality ({@code MR})
     * @param plane    the imaging planes from ImageOrientationPatient of the training images, sorted and comma-joined
     *                 ({@code SAGITTAL}, or e.g. {@code AXIAL,SAGITTAL}); {@code SAGITTAL}, the study's scope, when no
     *                 training image's plane was recorded. Predict refuses an image of another plane.
     * @param bodyPart the body-part categories of the training images' BodyPartExamined (org.hemamet.cohort
     *                 BodyPart names, sorted and comma-joined, e.g. {@code SPINE} or {@code SPINE,TRUNK});
     *                 {@code SPINE}, the study's scope, when no training image's header gives one. Predict
     *                 refuses an image whose category is another region.
     * @param source   where these come from, in words
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Anatomy(String modality, String plane, String bodyPart, String source) {
        /** What every hemamet study trains on. */
        public static final Anatomy STUDIED = new Anatomy(
                "MR",
                "SAGITTAL",
                "SPINE",
                "the study's scope: sagittal spine MR slices (the dataset records no header summary of"
                        + " BodyPartExamined or ImageOrientationPatient)");

        /**
         * What a network trained on images of these body-part categories ({@code trainingBodyParts}, one
         * per training sample, "" where its header gave none) was trained on: their categories when any is
         * known, else the study's scope ({@link #STUDIED}); sagittal images.
         */
        public static Anatomy ofTraining(List<String> trainingBodyParts) {
            return ofTraining(trainingBodyParts, List.of());
        }

        /**
         * As {@link #ofTraining(List)}, with the training samples' imaging planes ({@code trainingPlanes}, ""
         * where unknown or unrecorded; none at all when the dataset records no planes, i.e. all its DICOMs are
         * sagittal): the planes seen, else the study's sagittal scope.
         */
        public static Anatomy ofTraining(List<String> trainingBodyParts, List<String> trainingPlanes) {
            java.util.SortedSet<String> parts = known(trainingBodyParts);
            java.util.SortedSet<String> planes = known(trainingPlanes);
            if (parts.isEmpty() && planes.isEmpty()) {
                return STUDIED;
            }
            long withPart = trainingBodyParts.stream()
                    .filter(c -> c != null && !c.isEmpty())
                    .count();
            long withPlane = trainingPlanes.stream()
                    .filter(c -> c != null && !c.isEmpty())
                    .count();
            return new Anatomy(
                    "MR",
                    planes.isEmpty() ? "SAGITTAL" : String.join(",", planes),
                    parts.isEmpty() ? "SPINE" : String.join(",", parts),
                    "the training images: "
                            + (parts.isEmpty()
                                    ? "body part the study's scope"
                                    : "BodyPartExamined of " + withPart + " of " + trainingBodyParts.size()
                                            + " samples, as categories")
                            + "; "
                            + (planes.isEmpty()
                                    ? "plane the study's scope"
                                    : "ImageOrientationPatient of " + withPlane + " of " + trainingPlanes.size()
                                            + " samples")
                            + "; modality the study's scope");
        }

        private static java.util.SortedSet<String> known(List<String> values) {
            java.util.SortedSet<String> known = new java.util.TreeSet<>();
            for (String c : values) {
                if (c != null && !c.isEmpty()) {
                    known.add(c);
                }
            }
            return known;
        }
    }

    /**
     * What a study knows of a cell's model.
     *
     * @param cellId        the cell
     * @param sequence      its sequence
     * @param inputSize     the network input side
     * @param comparison    the comparison
     * @param positiveClass the comparison's positive class name
     * @param threshold     the threshold
     * @param thresholdRule how it was chosen
     * @param training      training facts the study knows (the network adds the rest)
     * @param testMetrics   test-set metrics
     * @param calibration   the calibration, or null
     */
    public static BundleMetadata forCell(
            String cellId,
            String sequence,
            int inputSize,
            String comparison,
            String positiveClass,
            Double threshold,
            String thresholdRule,
            Training training,
            TestMetrics testMetrics,
            Calibration calibration) {
        return new Fields(null).set(f -> {
            f.input = new Input(sequence, inputSize, 1, Input.STUDY_NORMALISATION, null);
            f.classes = List.of("hemangioma", positiveClass);
            f.positiveClass = positiveClass;
            f.comparison = comparison;
            f.threshold = threshold;
            f.thresholdRule = thresholdRule;
            f.training = training;
            f.testMetrics = testMetrics;
            f.calibration = calibration;
            f.cellId = cellId;
            f.anatomy = Anatomy.STUDIED;
        });
    }

    /**
     * The metadata completed by the network that saves itself: format and hemamet version, its
     * architecture and versions (always its own), training facts where absent, the parameters' SHA-256.
     */
    public BundleMetadata completedBy(
            Architecture ownArchitecture, Versions ownVersions, Training trainingDefaults, String parametersSha256) {
        Training t = training == null ? trainingDefaults : training.orElse(trainingDefaults);
        return with(f -> {
            f.formatVersion = FORMAT_VERSION;
            f.hemametVersion = Version.hemamet();
            f.architecture = ownArchitecture;
            f.training = t;
            f.versions = ownVersions;
            f.paramsSha256 = parametersSha256;
        });
    }

    /**
     * This metadata with {@code d} as its calibration's development prevalence where the calibration records none
     * (export, for bundles of older studies); unchanged without a calibration or {@code d}.
     */
    public BundleMetadata withDevelopmentPrevalence(Calibration.DevelopmentPrevalence d) {
        return calibration == null ? this : with(f -> f.calibration = calibration.orDevelopmentPrevalence(d));
    }

    /** This metadata with the development dataset's hashes (export). */
    public BundleMetadata withDevelopment(Development d) {
        return with(f -> f.development = d);
    }

    /** The same metadata with {@code what} as the anatomy the network was trained on. */
    public BundleMetadata withAnatomy(Anatomy what) {
        return with(f -> f.anatomy = what);
    }

    /**
     * A copy whose input records {@code crop}, the crop parameters of the dataset the network was trained on
     * (the study records them in each cell's bundle; null leaves the input as it is).
     */
    public BundleMetadata withInputCrop(Crop crop) {
        if (crop == null || input == null) {
            return this;
        }
        Input in = input.withCrop(crop);
        return with(f -> f.input = in);
    }

    /** A copy whose input has {@code channels} channels (an early-fused network's: 2 per fused sequence). */
    public BundleMetadata withInputChannels(int channels) {
        Input in = new Input(input.sequence(), input.size(), channels, input.normalisation(), input.crop());
        return with(f -> f.input = in);
    }

    /**
     * The development dataset as hashes, so that {@code hemamet validate --model} can rule out an overlap
     * with an external dataset without the development dataset at hand. Each value is hashed as {@link
     * #hash}: the first 16 hex digits of SHA-256 of {@code params_sha256 + ":" + value} (salted by the
     * bundle's parameters, so the lists of two bundles cannot be matched with each other; 64 bits, so a
     * chance collision among thousands of values is negligible).
     *
     * @param datasetSha256 the development dataset's hash (as the study hashes it)
     * @param scope         which patients: every patient of the development dataset, training and test parts
     * @param patients      the hashed patient pseudonym keys, sorted
     * @param sourceImages  the hashed source image SHA-256s (as dataset.csv records them), sorted
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Development(String datasetSha256, String scope, List<String> patients, List<String> sourceImages) {
        /** What {@link #scope} says. */
        public static final String ALL_PATIENTS = "every patient of the development dataset (training and test parts)";

        /** A value hashed for a bundle with parameters {@code paramsSha256}. */
        public static String hash(String paramsSha256, String value) {
            return org.hemamet.core.Hashing.sha256(
                            (paramsSha256 + ":" + value).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .substring(0, 16);
        }
    }

    /** The metadata of an export: the dataset's crop parameters, the dataset and the export recorded. */
    public BundleMetadata exportedWith(Crop crop, Dataset studyDataset, Exported export) {
        Input in = input == null ? new Input(null, null, null, null, crop) : input.withCrop(crop);
        return with(f -> {
            f.input = in;
            f.dataset = studyDataset;
            f.exported = export;
        });
    }

    /** This metadata with what {@code change} sets; every other field kept. */
    private BundleMetadata with(java.util.function.Consumer<Fields> change) {
        return new Fields(this).set(change);
    }

    /** The fields of a {@link BundleMetadata} to change one by one (the copies above). */
    private static final class Fields {
        Integer formatVersion;
        String hemametVersion;
        Architecture architecture;
        Input input;
        List<String> classes;
        String positiveClass;
        String comparison;
        Double threshold;
        String thresholdRule;
        Training training;
        TestMetrics testMetrics;
        Calibration calibration;
        Versions versions;
        String cellId;
        String paramsSha256;
        Dataset dataset;
        Exported exported;
        Anatomy anatomy;
        Development development;
        Map<String, Object> other;

        /** The fields of {@code m}, or none (all null) when it is null. */
        Fields(BundleMetadata m) {
            if (m == null) {
                return;
            }
            formatVersion = m.formatVersion;
            hemametVersion = m.hemametVersion;
            architecture = m.architecture;
            input = m.input;
            classes = m.classes;
            positiveClass = m.positiveClass;
            comparison = m.comparison;
            threshold = m.threshold;
            thresholdRule = m.thresholdRule;
            training = m.training;
            testMetrics = m.testMetrics;
            calibration = m.calibration;
            versions = m.versions;
            cellId = m.cellId;
            paramsSha256 = m.paramsSha256;
            dataset = m.dataset;
            exported = m.exported;
            anatomy = m.anatomy;
            development = m.development;
            other = m.other;
        }

        BundleMetadata set(java.util.function.Consumer<Fields> change) {
            change.accept(this);
            return new BundleMetadata(
                    formatVersion,
                    hemametVersion,
                    architecture,
                    input,
                    classes,
                    positiveClass,
                    comparison,
                    threshold,
                    thresholdRule,
                    training,
                    testMetrics,
                    calibration,
                    versions,
                    cellId,
                    paramsSha256,
                    dataset,
                    exported,
                    anatomy,
                    development,
                    other);
        }
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }
}
