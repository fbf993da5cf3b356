package org.hemamet.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;

/**
 * Generates a synthetic spine MRI cohort (docs/phantom.md) in the layout of contracts.md A, plus a ground
 * truth kept apart from it:
 * <pre>
 * OUT/cohort/        cohort.csv, dicom/&lt;patient_id&gt;/&lt;date&gt;/&lt;series&gt;/IM00001[.dcm], png/&lt;patient_id&gt;/&lt;SEQ&gt;/&lt;SOPInstanceUID&gt;.png,
 *                    annotations/via_project.json
 * OUT/ground-truth/  lesions.csv (one row per lesion x sequence: subtype, atypical flag, true tissue values,
 *                    acquisition, expected lesion/marrow ratio), masks/&lt;patient_id&gt;/L&lt;k&gt;_&lt;SEQ&gt;.png and
 *                    marrow_&lt;SEQ&gt;.png (0/255, the exported slice's geometry), parameters.json
 * </pre>
 * The whole of OUT is written to a temporary sibling and renamed, so a failure leaves nothing half-written.
 * Deterministic for a seed: everything random comes from {@code new SplittableRandom(seed)}, one
 * {@code split()} child per patient drawn in patient order before the parallel rendering.
 */
public final class CohortSynthesizer {
    /** Generation options; {@code patients} 0 means the table's counts (352 by default). */
    public record Options(int patients, long seed, Double atypicalFraction, int matrix, int threads) {
        public Options {
            if (matrix != 256 && matrix != 384 && matrix != 512) {
                throw HemametException.invalidInput("--matrix must be 256, 384 or 512, got " + matrix);
            }
            if (patients < 0) {
                throw HemametException.invalidInput("--patients must be positive, got " + patients);
            }
            if (atypicalFraction != null && (atypicalFraction < 0 || atypicalFraction > 1)) {
                throw HemametException.invalidInput("--atypical-fraction must be in [0, 1], got " + atypicalFraction);
            }
        }
    }

    /** What was generated. */
    public record Summary(
            Path cohortDir,
            Path groundTruthDir,
            int patients,
            int lesions,
            Map<Diagnosis, Integer> counts,
            double meanAge,
            int dicomFiles,
            long bytes,
            String previewPatientId) {}

    /** Smallest number of patients per diagnosis when the cohort is scaled down. */
    public static final int MIN_PER_CLASS = 3;

    private static final String[] LAST = {
        "DOE",
        "SMITH",
        "MUELLER",
        "ROSSI",
        "GARCIA",
        "NOVAK",
        "JENSEN",
        "MARTIN",
        "SCHMIDT",
        "BROWN",
        "WILSON",
        "MOREAU",
        "KOWALSKI",
        "NIELSEN",
        "FISCHER",
        "TAYLOR",
        "LEFEBVRE",
        "HOFFMANN",
        "RICCI",
        "SILVA",
        "WAGNER",
        "BAKER",
        "KELLER",
        "DUBOIS",
        "LARSEN",
        "WEBER",
        "COSTA",
        "HUBER",
        "MEYER",
        "CLARK"
    };
    private static final String[] FEMALE = {
        "JANE", "MARY", "ANNA", "MARIA", "ELENA", "SOPHIE", "LAURA", "CLAIRE", "EVA", "JULIA", "HELEN", "SARAH",
        "INGRID", "MONIKA", "GRACE", "ROSA"
    };
    private static final String[] MALE = {
        "JOHN", "PETER", "THOMAS", "MARCO", "JAN", "LUKAS", "DAVID", "PAUL", "HANS", "MICHAEL", "LUIS", "ERIK",
        "GEORGE", "KARL", "PIERRE", "ANTON"
    };

    private CohortSynthesizer() {}

    /** Patients per diagnosis: the table's counts, or scaled to {@code n} by largest remainder (at least 3 each). */
    public static Map<Diagnosis, Integer> counts(PhantomParameters p, int n) {
        Map<Diagnosis, Integer> out = new EnumMap<>(Diagnosis.class);
        int total = 0;
        for (Diagnosis d : Diagnosis.values()) {
            out.put(d, p.count(d));
            total += p.count(d);
        }
        if (n == 0 || n == total) {
            return out;
        }
        int min = MIN_PER_CLASS * Diagnosis.values().length;
        if (n < min) {
            throw HemametException.invalidInput(
                    "--patients must be at least " + min + " (" + MIN_PER_CLASS + " per diagnosis), got " + n);
        }
        double[] rem = new double[Diagnosis.values().length];
        int sum = 0;
        for (Diagnosis d : Diagnosis.values()) {
            double exact = (double) n * p.count(d) / total;
            int c = Math.max(MIN_PER_CLASS, (int) Math.floor(exact));
            rem[d.ordinal()] = exact - Math.floor(exact);
            out.put(d, c);
            sum += c;
        }
        while (sum < n) {
            int best = 0;
            for (int i = 1; i < rem.length; i++) {
                if (rem[i] > rem[best]) {
                    best = i;
                }
            }
            Diagnosis d = Diagnosis.values()[best];
            out.put(d, out.get(d) + 1);
            rem[best] = -1;
            sum++;
        }
        while (sum > n) {
            Diagnosis big = Diagnosis.HEMANGIOMA;
            for (Diagnosis d : Diagnosis.values()) {
                if (out.get(d) > out.get(big)) {
                    big = d;
                }
            }
            out.put(big, out.get(big) - 1);
            sum--;
        }
        return out;
    }

    /** Decides every patient (sequentially, in patient order). */
    static List<PatientPlan> plan(PhantomParameters p, Options o) {
        SplittableRandom root = new SplittableRandom(o.seed());
        SplittableRandom r = root.split();
        Map<Diagnosis, Integer> counts = counts(p, o.patients());
        List<Diagnosis> dx = new ArrayList<>();
        counts.forEach((d, c) -> dx.addAll(Collections.nCopies(c, d)));
        for (int i = dx.size() - 1; i > 0; i--) {
            Collections.swap(dx, i, r.nextInt(i + 1));
        }
        double af = o.atypicalFraction() != null ? o.atypicalFraction() : p.num("cohort.atypical_fraction");
        int nHem = counts.get(Diagnosis.HEMANGIOMA);
        int nAtypical = (int) Math.round(nHem * af);
        List<Boolean> atyp = new ArrayList<>();
        for (int i = 0; i < nHem; i++) {
            atyp.add(i < nAtypical);
        }
        for (int i = atyp.size() - 1; i > 0; i--) {
            Collections.swap(atyp, i, r.nextInt(i + 1));
        }
        List<PhantomParameters.Scanner> scanners = p.scanners();
        double wsum =
                scanners.stream().mapToDouble(PhantomParameters.Scanner::weight).sum();
        Range ageRange = p.range("cohort.age_range");
        Set<String> ids = new HashSet<>();
        LocalDate epoch = LocalDate.of(2014, 1, 2);
        DateTimeFormatter fmt = DateTimeFormatter.BASIC_ISO_DATE;
        List<PatientPlan> plans = new ArrayList<>();
        int hemSeen = 0;
        for (int i = 0; i < dx.size(); i++) {
            Diagnosis d = dx.get(i);
            LesionSubtype subtype;
            boolean atypical = false;
            if (d == Diagnosis.HEMANGIOMA) {
                atypical = atyp.get(hemSeen++);
                subtype = atypical ? LesionSubtype.HEMANGIOMA_ATYPICAL : LesionSubtype.HEMANGIOMA_TYPICAL;
            } else {
                subtype = pick(p.subtypes(d), r.nextDouble());
            }
            int age = (int) Math.round(Math.max(
                    ageRange.lo(), Math.min(ageRange.hi(), p.ageMean(d) + p.num("cohort.age_sd") * r.nextGaussian())));
            boolean female = r.nextDouble() < p.num("cohort.female_fraction." + d.id());
            String name = LAST[r.nextInt(LAST.length)] + "^"
                    + (female ? FEMALE[r.nextInt(FEMALE.length)] : MALE[r.nextInt(MALE.length)]);
            String id;
            do {
                id = String.format(Locale.ROOT, "MRN%07d", 1_000_000 + r.nextInt(9_000_000));
            } while (!ids.add(id));
            LocalDate study = epoch.plusDays(r.nextInt(365 * 9));
            LocalDate birth = study.minusYears(age).minusDays(1 + r.nextInt(360));
            String time = String.format(Locale.ROOT, "%02d%02d%02d", 7 + r.nextInt(12), r.nextInt(60), r.nextInt(60));
            String acc = String.format(Locale.ROOT, "A%08d", r.nextInt(100_000_000));
            double sw = r.nextDouble() * wsum;
            PhantomParameters.Scanner sc = scanners.get(scanners.size() - 1);
            for (PhantomParameters.Scanner s : scanners) {
                sw -= s.weight();
                if (sw < 0) {
                    sc = s;
                    break;
                }
            }
            Set<Sequence> seqs = EnumSet.of(Sequence.T1, Sequence.T2);
            if (r.nextDouble() >= p.num("cohort.missing_stir")) {
                seqs.add(Sequence.STIR);
            }
            if (r.nextDouble() >= p.num("cohort.missing_t1c")) {
                seqs.add(Sequence.T1C);
            }
            plans.add(new PatientPlan(
                    i,
                    d,
                    subtype,
                    atypical,
                    age,
                    female ? "F" : "M",
                    name,
                    id,
                    birth.format(fmt),
                    study.format(fmt),
                    time,
                    acc,
                    sc,
                    seqs,
                    o.seed(),
                    root.split()));
        }
        return plans;
    }

    private static <K> K pick(Map<K, Double> weights, double u) {
        double total =
                weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double x = u * total;
        K last = null;
        for (Map.Entry<K, Double> e : weights.entrySet()) {
            last = e.getKey();
            x -= e.getValue();
            if (x < 0) {
                return e.getKey();
            }
        }
        return last;
    }

    /** Refuses an output directory that exists and is not empty, or is not a directory (before any work). */
    public static void checkOutDir(Path outDir) {
        if (Files.exists(outDir)) {
            try (Stream<Path> s = Files.list(outDir)) {
                if (s.findAny().isPresent()) {
                    throw HemametException.invalidInput(outDir + ": output directory exists and is not empty");
                }
            } catch (IOException e) {
                throw HemametException.invalidInput(outDir + ": not a directory");
            }
        }
    }

    /**
     * Generates the cohort into {@code outDir} (which must not exist or be empty); {@code onPatientDone} is
     * called once per rendered patient (from worker threads).
     */
    public static Summary generate(PhantomParameters p, Options o, Path outDir, Runnable onPatientDone) {
        checkOutDir(outDir);
        if (Files.exists(outDir)) {
            AtomicFiles.deleteRecursively(outDir);
        }
        List<PatientPlan> plans = plan(p, o);
        List<PatientSynthesizer.Result> results = new ArrayList<>();
        AtomicFiles.writeDirectory(outDir, false, tmp -> {
            Path cohort = tmp.resolve("cohort");
            Path truth = tmp.resolve("ground-truth");
            PatientSynthesizer ps = new PatientSynthesizer(p, o.matrix(), o.seed(), cohort, truth);
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()));
            try {
                List<Future<PatientSynthesizer.Result>> fut = new ArrayList<>();
                for (PatientPlan pl : plans) {
                    fut.add(pool.submit(() -> {
                        PatientSynthesizer.Result res = ps.render(pl);
                        if (onPatientDone != null) {
                            onPatientDone.run();
                        }
                        return res;
                    }));
                }
                for (Future<PatientSynthesizer.Result> f : fut) {
                    results.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                if (c instanceof IOException io) {
                    throw io; // a failed write: AtomicFiles names the output file
                }
                throw new IOException(c.getMessage(), c);
            } finally {
                // let running patients stop before the temporary directory is removed, so a failure is
                // reported as itself and not as a directory that could not be deleted
                pool.shutdownNow();
                try {
                    pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            writeCohortCsv(cohort.resolve("cohort.csv"), results);
            Files.createDirectories(cohort.resolve("annotations"));
            Files.writeString(
                    cohort.resolve("annotations/via_project.json"),
                    Json.mapper().writeValueAsString(ViaProject.build(results)));
            writeTruth(truth, results, p, o);
        });
        Map<Diagnosis, Integer> counts = new EnumMap<>(Diagnosis.class);
        double age = 0;
        for (PatientPlan pl : plans) {
            counts.merge(pl.diagnosis(), 1, Integer::sum);
            age += pl.age();
        }
        long[] size = new long[2];
        try (Stream<Path> s = Files.walk(outDir.resolve("cohort"))) {
            s.filter(Files::isRegularFile).forEach(f -> {
                try {
                    size[0] += Files.size(f);
                    if (f.toString().contains("/dicom/")) {
                        size[1]++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary(
                outDir.resolve("cohort"),
                outDir.resolve("ground-truth"),
                plans.size(),
                results.stream().mapToInt(r -> r.lesions().size()).sum(),
                counts,
                age / plans.size(),
                (int) size[1],
                size[0],
                previewPatient(plans));
    }

    /** The first patient with all four sequences (else the first), for the contact sheet. */
    private static String previewPatient(List<PatientPlan> plans) {
        return plans.stream()
                .filter(p -> p.sequences().size() == Sequence.values().length)
                .findFirst()
                .orElse(plans.get(0))
                .patientId();
    }

    private static void writeCohortCsv(Path f, List<PatientSynthesizer.Result> results) throws IOException {
        StringBuilder sb = new StringBuilder("patient_id,lesion_id,diagnosis,histology_confirmed,age,sex,level\n");
        for (PatientSynthesizer.Result r : results) {
            PatientPlan pl = r.plan();
            for (PatientSynthesizer.AnnotatedLesion l : r.lesions()) {
                sb.append(pl.patientId())
                        .append(',')
                        .append(l.lesionId())
                        .append(',')
                        .append(pl.diagnosis().id())
                        .append(",true,")
                        .append(pl.age())
                        .append(',')
                        .append(pl.sex())
                        .append(',')
                        .append(l.level())
                        .append('\n');
            }
        }
        Files.createDirectories(f.getParent());
        Files.writeString(f, sb.toString());
    }

    private static void writeTruth(Path dir, List<PatientSynthesizer.Result> results, PhantomParameters p, Options o)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder sb = new StringBuilder();
        List<String> cols = null;
        for (PatientSynthesizer.Result r : results) {
            for (Map<String, Object> row : r.truth()) {
                if (cols == null) {
                    cols = new ArrayList<>(row.keySet());
                    sb.append(String.join(",", cols)).append('\n');
                }
                List<String> vals = new ArrayList<>();
                for (String c : cols) {
                    vals.add(String.valueOf(row.get(c)));
                }
                sb.append(String.join(",", vals)).append('\n');
            }
        }
        Files.writeString(dir.resolve("lesions.csv"), sb.toString());
        ObjectNode meta = Json.mapper().createObjectNode();
        meta.put("generator", "hemamet synth");
        meta.put("hemamet_version", org.hemamet.core.Version.hemamet());
        meta.put("site", p.siteName());
        meta.put("seed", o.seed());
        meta.put("matrix", o.matrix());
        meta.put("patients", results.size());
        if (o.atypicalFraction() != null) {
            meta.put("atypical_fraction_override", o.atypicalFraction());
        }
        meta.put("parameter_source", p.source());
        meta.set("parameters", p.asJson());
        ArrayNode missing = meta.putArray("missing_series");
        for (PatientSynthesizer.Result r : results) {
            for (Sequence q : Sequence.values()) {
                if (!r.plan().sequences().contains(q)) {
                    missing.addObject().put("patient_id", r.plan().patientId()).put("sequence", q.name());
                }
            }
        }
        Files.writeString(dir.resolve("parameters.json"), Json.mapper().writeValueAsString(meta));
    }
}
