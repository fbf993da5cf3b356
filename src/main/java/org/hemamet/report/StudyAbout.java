package org.hemamet.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Hashing;
import org.hemamet.core.HemametException;
import org.hemamet.core.JsonProblem;

/**
 * A study's "about" file (YAML, snake_case keys): what only the authors know and the run cannot (title,
 * objectives, eligibility, reference standard, annotators, ethics, funding, registration, ...). Every field
 * is optional; the CLAIM 2024 and TRIPOD+AI items each field fills are listed in {@code claim2024.tsv} and
 * {@code tripod-ai.tsv}, its label and help text in {@code about-fields.tsv}. Unknown fields are refused.
 *
 * @param sha256 SHA-256 of the file as read (the report names the file by this hash only: a path can carry
 *               patient data); null for an about built in code
 */
public record StudyAbout(
        String title,
        String objectives,
        String background,
        String intendedUse,
        String studyDesign,
        String studyGoal,
        String dataSources,
        String setting,
        String dates,
        String eligibility,
        String acquisitionProtocol,
        String referenceStandard,
        String referenceStandardRationale,
        String annotators,
        String interReaderVariability,
        String sampleSize,
        String treatments,
        String fairness,
        String externalValidation,
        String clinicalComparison,
        String limitations,
        String implications,
        String deployment,
        String ethics,
        String funding,
        String conflictsOfInterest,
        String registration,
        String protocol,
        String dataAvailability,
        String codeAvailability,
        String patientInvolvement,
        Boolean syntheticData,
        @com.fasterxml.jackson.annotation.JsonIgnore String sha256) {

    /** The file name looked for beside the run ({@code RUN_DIR/about.yaml}) when no --about is given. */
    public static final String FILE = "about.yaml";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    /** Reads an about file; exit 2 with one line naming the file and the field when it is not valid. */
    public static StudyAbout read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw HemametException.invalidInput(file + ": about file not found");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": cannot read about file (" + e.getMessage() + ")", e);
        }
        try {
            StudyAbout a = bytes.length == 0
                            || new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                                    .lines()
                                    .allMatch(l -> l.isBlank() || l.strip().startsWith("#"))
                    ? empty()
                    : YAML.readValue(bytes, StudyAbout.class);
            if (a == null) {
                a = empty();
            }
            return a.withSha256(Hashing.sha256(bytes));
        } catch (UnrecognizedPropertyException e) {
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            throw HemametException.invalidInput(
                    file + ": "
                            + JsonProblem.describe(e, text)
                                    .replaceFirst("; known: .*", "")
                                    .replace("unknown setting", "unknown field")
                            + " (see hemamet report --template)",
                    e);
        } catch (JsonMappingException e) {
            throw HemametException.invalidInput(file + ": " + JsonProblem.describe(e), e);
        } catch (JsonProcessingException e) {
            throw HemametException.invalidInput(file + ": not valid YAML: " + JsonProblem.describe(e), e);
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": cannot read about file (" + e.getMessage() + ")", e);
        }
    }

    /** The about file beside the run ({@link #FILE}) when it exists, else null. */
    public static StudyAbout besideRun(Path runDir) {
        Path f = runDir.resolve(FILE);
        return Files.isRegularFile(f) ? read(f) : null;
    }

    /** An about with no field set. */
    static StudyAbout empty() {
        return new StudyAbout(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The set fields, by snake_case name, in declaration order (blank text counts as not set). */
    Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        for (var c : StudyAbout.class.getRecordComponents()) {
            if (c.getName().equals("sha256")) {
                continue;
            }
            try {
                Object v = c.getAccessor().invoke(this);
                if (v != null && !v.toString().isBlank()) {
                    out.put(snake(c.getName()), v.toString().strip());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Whether the field {@code name} (snake_case) is set. */
    boolean has(String name) {
        return fields().containsKey(name);
    }

    /** Whether the authors declare the cohort synthetic. */
    boolean synthetic() {
        return Boolean.TRUE.equals(syntheticData);
    }

    /** The snake_case names of every field, in declaration order. */
    static List<String> fieldNames() {
        return java.util.Arrays.stream(StudyAbout.class.getRecordComponents())
                .map(c -> c.getName())
                .filter(n -> !n.equals("sha256"))
                .map(StudyAbout::snake)
                .toList();
    }

    /**
     * Writes the commented template atomically: every field, its help text and the checklist items it
     * fills, all commented out, so the file as written is a valid, empty about file.
     */
    public static void writeTemplate(Path file) {
        if (Files.isDirectory(file)) {
            throw HemametException.invalidInput(file + ": is a directory; give a file name for the template");
        }
        if (java.nio.file.Files.exists(file)) {
            throw HemametException.invalidInput(file + ": exists; the template never overwrites a file (it may be a"
                    + " filled about file): remove it or give another name");
        }
        AtomicFiles.writeString(file, template());
    }

    /** The template's text. */
    static String template() {
        Map<String, List<String>> items = Checklists.itemsByAboutField();
        StringBuilder sb = new StringBuilder();
        sb.append(
                        "# hemamet study \"about\" file: what only the authors know. Every field is optional; uncomment and\n")
                .append("# fill what applies. Give it with `hemamet report RUN_DIR --about FILE`, or save it as\n")
                .append("# RUN_DIR/")
                .append(FILE)
                .append(". Text fields are YAML strings (use `|` for several lines). The report names this file by\n")
                .append("# its SHA-256 only. Keep patient data out of it.\n");
        for (AboutField f : AboutField.all()) {
            sb.append('\n').append("# ").append(f.help()).append('\n');
            List<String> filled = items.getOrDefault(f.name(), List.of());
            if (!filled.isEmpty()) {
                sb.append("# fills: ").append(String.join("; ", filled)).append('\n');
            }
            sb.append("# ")
                    .append(f.name())
                    .append(": ")
                    .append(f.name().equals("synthetic_data") ? "false" : "\"\"")
                    .append('\n');
        }
        return sb.toString();
    }

    private StudyAbout withSha256(String hash) {
        return new StudyAbout(
                title,
                objectives,
                background,
                intendedUse,
                studyDesign,
                studyGoal,
                dataSources,
                setting,
                dates,
                eligibility,
                acquisitionProtocol,
                referenceStandard,
                referenceStandardRationale,
                annotators,
                interReaderVariability,
                sampleSize,
                treatments,
                fairness,
                externalValidation,
                clinicalComparison,
                limitations,
                implications,
                deployment,
                ethics,
                funding,
                conflictsOfInterest,
                registration,
                protocol,
                dataAvailability,
                codeAvailability,
                patientInvolvement,
                syntheticData,
                hash);
    }

    static String snake(String camel) {
        return camel.chars()
                .mapToObj(c ->
                        Character.isUpperCase(c) ? "_" + Character.toLowerCase((char) c) : String.valueOf((char) c))
                .collect(Collectors.joining());
    }

    /** One field's label and help text ({@code about-fields.tsv}). */
    record AboutField(String name, String label, String help) {
        static List<AboutField> all() {
            return Checklists.rows("about-fields.tsv").stream()
                    .map(r -> new AboutField(r[0], r[1], r[2]))
                    .toList();
        }
    }
}
