package org.hemamet.cohort;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hemamet.core.HemametException;

/**
 * {@code cohort.csv}: one row per lesion, columns
 * {@code patient_id,lesion_id,diagnosis,histology_confirmed,age,sex,level} (the last four optional; header
 * names are case-insensitive; extra columns are ignored). Diagnoses are normalised with
 * {@link Diagnosis#lookup}. Errors name the file and row: missing column, empty patient or lesion id,
 * unknown diagnosis, a lesion listed twice.
 */
public final class CohortTable {
    public static final String FILE_NAME = "cohort.csv";

    private final Path file;
    private final Map<String, CohortLesion> lesions;

    private CohortTable(Path file, Map<String, CohortLesion> lesions) {
        this.file = file;
        this.lesions = lesions;
    }

    public Path file() {
        return file;
    }

    /** All lesions in file order. */
    public List<CohortLesion> lesions() {
        return List.copyOf(lesions.values());
    }

    /** The lesion of a patient, if listed. */
    public Optional<CohortLesion> find(String patientId, String lesionId) {
        return Optional.ofNullable(lesions.get(key(patientId, lesionId)));
    }

    private static String key(String patientId, String lesionId) {
        return patientId.trim() + "\u0000" + lesionId.trim().toUpperCase(Locale.ROOT);
    }

    /** Reads and validates {@code file}. */
    public static CohortTable read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw HemametException.invalidInput(file + ": not found (a cohort needs cohort.csv with columns"
                    + " patient_id,lesion_id,diagnosis,histology_confirmed,age,sex,level)");
        }
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        Map<String, CohortLesion> out = new LinkedHashMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<Map<String, String>> it =
                        mapper.readerFor(Map.class).with(schema).readValues(r)) {
            int row = 1;
            boolean checkedHeader = false;
            while (it.hasNext()) {
                row++;
                Map<String, String> raw = it.next();
                Map<String, String> m = new LinkedHashMap<>();
                raw.forEach((k, v) -> m.put(
                        k.trim().toLowerCase(Locale.ROOT).replaceFirst("^\uFEFF", ""), v == null ? "" : v.trim()));
                if (!checkedHeader) {
                    for (String c : List.of("patient_id", "lesion_id", "diagnosis")) {
                        if (!m.containsKey(c)) {
                            throw HemametException.invalidInput(file + ": missing column '" + c + "' (header must"
                                    + " include patient_id,lesion_id,diagnosis)");
                        }
                    }
                    checkedHeader = true;
                }
                if (m.values().stream().allMatch(String::isEmpty)) {
                    continue;
                }
                String pid = m.get("patient_id");
                String lid = m.get("lesion_id");
                if (pid.isEmpty()) {
                    throw HemametException.invalidInput(file + ": row " + row + ": empty patient_id");
                }
                if (lid.isEmpty()) {
                    throw HemametException.invalidInput(file + ": row " + row + ": empty lesion_id");
                }
                String dx = m.get("diagnosis");
                int line = row;
                Diagnosis d = Diagnosis.lookup(dx)
                        .orElseThrow(() -> HemametException.invalidInput(file + ": row "
                                + line + ": unknown diagnosis '" + dx
                                + "' (expected hemangioma, breast, lung, prostate, rcc"
                                + " or myeloma)"));
                CohortLesion l = new CohortLesion(
                        pid,
                        lid,
                        d,
                        truthy(m.getOrDefault("histology_confirmed", "")),
                        m.getOrDefault("age", ""),
                        m.getOrDefault("sex", ""),
                        m.getOrDefault("level", ""),
                        row);
                CohortLesion prev = out.putIfAbsent(key(pid, lid), l);
                if (prev != null) {
                    throw HemametException.invalidInput(file + ": row " + row + ": duplicate lesion '" + lid
                            + "' of the patient in row " + prev.row());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof HemametException he) {
                throw he;
            }
            throw HemametException.invalidInput(
                    file + ": cannot read CSV ("
                            + e.getMessage().lines().findFirst().orElse("") + ")",
                    e);
        }
        if (out.isEmpty()) {
            throw HemametException.invalidInput(file + ": no lesions");
        }
        return new CohortTable(file, out);
    }

    private static boolean truthy(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        return k.equals("true") || k.equals("yes") || k.equals("y") || k.equals("1");
    }

    @Override
    public String toString() {
        return "CohortTable[" + file + ", " + lesions.size() + " lesions]";
    }
}
