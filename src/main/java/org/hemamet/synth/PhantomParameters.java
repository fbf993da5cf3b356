package org.hemamet.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;

/**
 * The phantom's one parameter table: tissues, sequences, scanners, lesions, image formation and cohort
 * composition. Defaults live in {@code org/hemamet/synth/phantom-defaults.json} (documented there and in
 * docs/phantom.md); a user file given to {@code --params} is deep-merged over them (objects merge key by
 * key, anything else replaces; a key the defaults do not have is an error, so typos do not pass silently).
 */
public final class PhantomParameters {
    static final String RESOURCE = "/org/hemamet/synth/phantom-defaults.json";

    /** The site of the built-in table. */
    public static final String DEFAULT_SITE = "A";

    /** The sites shipped as resources (A: the built-in table). */
    public static final List<String> KNOWN_SITES = List.of(DEFAULT_SITE, "B");

    private static final String SITES = "/org/hemamet/synth/sites/";

    /** Most annotated lesions a patient may have: a sagittal slice shows 3-5 vertebral bodies. */
    static final int MAX_LESIONS = 5;

    private final JsonNode root;
    private final String source;

    private PhantomParameters(JsonNode root, String source) {
        this.root = root;
        this.source = source;
        validate();
    }

    /** The built-in table. */
    public static PhantomParameters defaults() {
        try (InputStream in = PhantomParameters.class.getResourceAsStream(RESOURCE)) {
            return new PhantomParameters(Json.mapper().readTree(in), RESOURCE);
        } catch (IOException e) {
            throw HemametException.internal("cannot read " + RESOURCE, e);
        }
    }

    /** The built-in table with {@code file} merged over it. */
    public static PhantomParameters withOverrides(Path file) {
        return defaults().with(file);
    }

    /**
     * A site profile: site A is the built-in table; any other site is the shipped override file
     * {@code org/hemamet/synth/sites/<name>.json} merged over it (another seed, scanners, contrast, noise,
     * coil bias, slice thickness and case mix; docs/phantom.md).
     */
    public static PhantomParameters site(String name) {
        if (DEFAULT_SITE.equals(name)) {
            return defaults();
        }
        String resource = SITES + name + ".json";
        if (!KNOWN_SITES.contains(name)) {
            throw HemametException.invalidInput(
                    "--site: unknown site '" + name + "' (known: " + String.join(", ", KNOWN_SITES) + ")");
        }
        try (InputStream in = PhantomParameters.class.getResourceAsStream(resource)) {
            ObjectNode base = (ObjectNode) defaults().root.deepCopy();
            merge(base, (ObjectNode) Json.mapper().readTree(in), "", Path.of(resource));
            return new PhantomParameters(base, resource);
        } catch (IOException e) {
            throw HemametException.internal("cannot read " + resource, e);
        }
    }

    /** This table with {@code file} merged over it. */
    public PhantomParameters with(Path file) {
        JsonNode over;
        try {
            over = Json.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw HemametException.invalidInput(
                    file + ": cannot read parameter file: " + org.hemamet.core.IoErrors.what(e), e);
        }
        if (over == null || !over.isObject()) {
            throw HemametException.invalidInput(file + ": parameter file must be a JSON object");
        }
        ObjectNode base = (ObjectNode) root.deepCopy();
        merge(base, (ObjectNode) over, "", file);
        try {
            return new PhantomParameters(base, source.equals(RESOURCE) ? file.toString() : source + " + " + file);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw HemametException.invalidInput(file + ": " + e.getMessage());
        }
    }

    /** The site this table describes ({@code site.name}: "A" for the built-in table). */
    public String siteName() {
        return node("site.name").asText();
    }

    /** The seed a cohort of this site uses when none is given ({@code site.default_seed}). */
    public long siteSeed() {
        return (long) num("site.default_seed");
    }

    /** The merged table as JSON (recorded in the ground truth). */
    public JsonNode asJson() {
        return root.deepCopy();
    }

    private static void merge(ObjectNode base, ObjectNode over, String path, Path file) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String p = path.isEmpty() ? key : path + "." + key;
            JsonNode b = base.get(key);
            boolean openMap = path.equals("tissues") || path.equals("subtypes") || path.startsWith("subtypes.");
            if (b == null && !openMap) {
                throw HemametException.invalidInput(file + ": unknown parameter '" + p + "'");
            }
            if (b != null && b.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) b, (ObjectNode) e.getValue(), p, file);
            } else {
                base.set(key, e.getValue());
            }
        }
    }

    private void validate() {
        for (Diagnosis d : Diagnosis.values()) {
            count(d);
            ageMean(d);
            if (d.isMetastasis()) {
                subtypes(d);
            }
        }
        for (String t : List.of(
                "fat",
                "marrow",
                "hemangioma_typical",
                "hemangioma_atypical",
                "metastasis_lytic",
                "metastasis_sclerotic",
                "metastasis_rcc",
                "myeloma",
                "haemorrhage",
                "cortical_bone",
                "disc_nucleus",
                "disc_annulus",
                "csf",
                "cord",
                "muscle",
                "soft_tissue")) {
            tissue(t);
        }
        for (Sequence s : Sequence.values()) {
            range("sequences." + s.name() + ".tr");
        }
        if (scanners().isEmpty()) {
            throw new IllegalArgumentException("no scanners");
        }
        double af = num("cohort.atypical_fraction");
        if (af < 0 || af > 1) {
            throw new IllegalArgumentException("cohort.atypical_fraction must be in [0, 1], got " + af);
        }
        for (Diagnosis d : Diagnosis.values()) {
            multiLesionFraction(d);
            share("cohort.female_fraction." + d.id());
            share("cohort.extra_lesion_probability." + d.id());
        }
        maxLesionsPerPatient();
        for (String key : List.of("cohort.histology_confirmed_fraction", "cohort.missing_stir", "cohort.missing_t1c")) {
            share(key);
        }
        double sd = num("cohort.age_sd");
        if (!(sd >= 0 && sd <= 50)) {
            throw new IllegalArgumentException("cohort.age_sd must be in [0, 50] years, got " + sd);
        }
        Range ages = range("cohort.age_range");
        if (!(ages.lo() >= 0 && ages.hi() <= 120)) {
            throw new IllegalArgumentException(
                    "cohort.age_range must lie in [0, 120] years, got [" + ages.lo() + ", " + ages.hi() + "]");
        }
        range("cohort.slices");
        range("marrow_fat_fraction_age.range");
    }

    /** A probability or share: a number in [0, 1], else an error naming the parameter and the value. */
    private double share(String key) {
        double f = num(key);
        if (!(f >= 0 && f <= 1)) {
            throw new IllegalArgumentException(key + " must be in [0, 1], got " + f);
        }
        return f;
    }

    /** Share of the diagnosis' patients with more than one annotated lesion ({@code cohort.multi_lesion_fraction}). */
    public double multiLesionFraction(Diagnosis d) {
        String key = "cohort.multi_lesion_fraction." + d.id();
        double f = num(key);
        if (!(f >= 0 && f <= 1)) {
            throw new IllegalArgumentException(key + " must be in [0, 1], got " + f);
        }
        return f;
    }

    /** Most annotated lesions one patient has ({@code cohort.max_lesions_per_patient}, 1 to 5). */
    public int maxLesionsPerPatient() {
        String key = "cohort.max_lesions_per_patient";
        double m = num(key);
        if (m != Math.rint(m) || m < 1 || m > MAX_LESIONS) {
            throw new IllegalArgumentException(key + " must be a whole number in [1, " + MAX_LESIONS + "], got " + m);
        }
        return (int) m;
    }

    public String source() {
        return source;
    }

    JsonNode node(String dotted) {
        JsonNode n = root;
        for (String part : dotted.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing parameter '" + dotted + "'");
        }
        return n;
    }

    public double num(String dotted) {
        JsonNode n = node(dotted);
        if (!n.isNumber()) {
            throw new IllegalArgumentException("parameter '" + dotted + "' must be a number");
        }
        return n.asDouble();
    }

    public Range range(String dotted) {
        return toRange(node(dotted), dotted);
    }

    private static Range toRange(JsonNode n, String what) {
        if (n.isNumber()) {
            return new Range(n.asDouble(), n.asDouble());
        }
        if (n.isArray() && n.size() == 2 && n.get(0).isNumber() && n.get(1).isNumber()) {
            if (!(n.get(0).asDouble() <= n.get(1).asDouble())) {
                throw new IllegalArgumentException(
                        what + " must be a range [lo, hi] with lo <= hi, got [" + n.get(0) + ", " + n.get(1) + "]");
            }
            return new Range(n.get(0).asDouble(), n.get(1).asDouble());
        }
        throw new IllegalArgumentException("parameter '" + what + "' must be a number or [lo, hi]");
    }

    /** A tissue of the table; the fat compartment is shared ({@code fat_compartment}). */
    public Tissue tissue(String name) {
        JsonNode t = node("tissues." + name);
        String p = "tissues." + name;
        return new Tissue(
                name,
                toRange(req(t, "ff", p), p + ".ff"),
                toRange(req(t, "pd", p), p + ".pd"),
                toRange(req(t, "t1_water", p), p + ".t1_water"),
                toRange(req(t, "t2_water", p), p + ".t2_water"),
                range("fat_compartment.t1"),
                range("fat_compartment.t2"),
                range("fat_compartment.t2_fse"),
                toRange(req(t, "uptake", p), p + ".uptake"));
    }

    private static JsonNode req(JsonNode n, String key, String path) {
        JsonNode v = n.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing parameter '" + path + "." + key + "'");
        }
        return v;
    }

    public int count(Diagnosis d) {
        return (int) num("cohort.counts." + d.id());
    }

    public double ageMean(Diagnosis d) {
        return num("cohort.age_mean." + d.id());
    }

    /** Subtype mixture of a metastasis class, in table order; an unknown subtype is an error naming it. */
    public Map<LesionSubtype, Double> subtypes(Diagnosis d) {
        Map<LesionSubtype, Double> m = new LinkedHashMap<>();
        String path = "subtypes." + d.id();
        node(path).fields().forEachRemaining(e -> {
            try {
                m.put(LesionSubtype.parse(e.getKey()), e.getValue().asDouble());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(path + ": " + ex.getMessage(), ex);
            }
        });
        return m;
    }

    /** A scanner profile. */
    public record Scanner(
            String name,
            double weight,
            String manufacturer,
            String model,
            double fieldStrength,
            double t1ScaleWater,
            double snrScale,
            Range rescaleSlope,
            String institution,
            Map<Sequence, String> descriptions,
            Map<Sequence, String> scanningSequence) {}

    public List<Scanner> scanners() {
        List<Scanner> out = new ArrayList<>();
        for (JsonNode s : node("scanners")) {
            String p = "scanners[" + out.size() + "]";
            Map<Sequence, String> desc = new LinkedHashMap<>();
            Map<Sequence, String> scan = new LinkedHashMap<>();
            for (Sequence q : Sequence.values()) {
                desc.put(
                        q,
                        req(req(s, "descriptions", p), q.name(), p + ".descriptions")
                                .asText());
                scan.put(
                        q,
                        req(req(s, "scanning_sequence", p), q.name(), p + ".scanning_sequence")
                                .asText());
            }
            out.add(new Scanner(
                    req(s, "name", p).asText(),
                    req(s, "weight", p).asDouble(),
                    req(s, "manufacturer", p).asText(),
                    req(s, "model", p).asText(),
                    req(s, "field_strength", p).asDouble(),
                    req(s, "t1_scale_water", p).asDouble(),
                    req(s, "snr_scale", p).asDouble(),
                    toRange(req(s, "rescale_slope", p), p + ".rescale_slope"),
                    req(s, "institution", p).asText(),
                    desc,
                    scan));
        }
        return out;
    }

    public Scanner scanner(String name) {
        return scanners().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scanner '" + name + "'"));
    }
}
