package org.hemamet.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hemamet.cohort.Sequence;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;

/**
 * The one place that writes, reads and checks a late-fused bundle (docs/contracts.md D2): {@value #FILE} and
 * one complete model bundle per sequence under {@value #MEMBERS}{@code /<SEQ>/}. Every refusal is
 * {@link HemametException#invalidInput} naming the file.
 */
public final class FusionBundleFiles {
    public static final String FILE = "fusion.json";
    public static final String MEMBERS = "members";

    private static final ObjectMapper STRICT =
            Json.mapper().copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private FusionBundleFiles() {}

    /**
     * A member bundle's files.
     *
     * @param params   its model.params
     * @param metadata its metadata.json
     * @param ood      its ood.json, or null
     */
    public record MemberFiles(byte[] params, BundleMetadata metadata, OodStatistics ood) {}

    /** Whether {@code dir} is a fused bundle (holds {@value #FILE}). */
    public static boolean isFused(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** The member directory of a sequence, relative to the fused bundle. */
    public static String memberDir(String sequence) {
        return MEMBERS + "/" + sequence;
    }

    /**
     * Writes the fused bundle into {@code out} atomically (a temporary sibling renamed into place, replacing
     * an earlier one): each member's files (by sequence) and then {@value #FILE}.
     */
    public static void write(Path out, FusionBundle bundle, Map<String, MemberFiles> members) {
        String json = json(bundle);
        AtomicFiles.writeDirectory(out, true, tmp -> {
            for (var e : members.entrySet()) {
                Path d = tmp.resolve(memberDir(e.getKey()));
                Files.createDirectories(d);
                BundleFiles.writeInto(
                        d,
                        e.getValue().params(),
                        e.getValue().metadata(),
                        e.getValue().ood());
            }
            Files.writeString(tmp.resolve(FILE), json);
        });
    }

    /** The document as written: JSON with sorted keys, absent fields left out, trailing newline. */
    public static String json(FusionBundle bundle) {
        try {
            return Json.mapper().writeValueAsString(bundle) + "\n";
        } catch (IOException e) {
            throw HemametException.internal("cannot serialise " + FILE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks {@value #FILE} of {@code dir}: the format, {@code fusion} late, two classes, a threshold
     * in [0, 1], distinct known sequences each with a member bundle directory, the missing-sequence policy,
     * and the stacking models (known methods, sequences in the bundle's order, one value per sequence; the
     * all-sequence pattern present, and with {@value FusionBundle#FALLBACK} every pattern).
     */
    public static FusionBundle read(Path dir) {
        Path file = dir.resolve(FILE);
        FusionBundle b;
        try {
            b = STRICT.readValue(Files.readAllBytes(file), FusionBundle.class);
        } catch (NoSuchFileException e) {
            throw HemametException.invalidInput(file + ": not found (not a fused model bundle)");
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": not valid (" + org.hemamet.core.IoErrors.what(e) + ")", e);
        }
        if (b == null) {
            throw HemametException.invalidInput(file + ": empty");
        }
        check(file, dir, b);
        return b;
    }

    private static void check(Path file, Path dir, FusionBundle b) {
        if (b.formatVersion() == null || b.formatVersion() != FusionBundle.FORMAT_VERSION) {
            throw bad(
                    file,
                    "unsupported format_version " + b.formatVersion() + " (this hemamet reads "
                            + FusionBundle.FORMAT_VERSION + ")");
        }
        if (!FusionBundle.LATE.equals(b.fusion())) {
            throw bad(file, "unsupported fusion \"" + b.fusion() + "\" (this hemamet applies \"late\")");
        }
        if (b.classes() == null
                || b.classes().size() != 2
                || !b.classes().get(1).equals(b.positiveClass())) {
            throw bad(file, "\"classes\" must list 2 classes [negative, positive] with positive_class the second");
        }
        if (b.threshold() == null || !(b.threshold() >= 0 && b.threshold() <= 1)) {
            throw bad(file, "threshold must be a number in [0, 1], got " + b.threshold());
        }
        for (Double prevalence : java.util.Arrays.asList(b.stackingPrevalence(), b.developmentPrevalence())) {
            if (prevalence != null && !(prevalence > 0 && prevalence < 1)) {
                throw bad(
                        file,
                        "stacking_prevalence and development_prevalence must be in (0, 1), got "
                                + b.stackingPrevalence() + " and " + b.developmentPrevalence());
            }
        }
        List<String> seqs = b.sequences() == null ? List.of() : b.sequences();
        if (seqs.size() < 2 || new HashSet<>(seqs).size() != seqs.size()) {
            throw bad(file, "sequences must list at least 2 distinct sequences, got " + seqs);
        }
        for (String s : seqs) {
            try {
                Sequence.parse(s);
            } catch (HemametException e) {
                throw bad(file, "sequence " + s + " is not T1, T2, STIR or T1C");
            }
        }
        checkMembers(file, dir, b, seqs);
        if (!FusionBundle.FALLBACK.equals(b.missing()) && !FusionBundle.REFUSE.equals(b.missing())) {
            throw bad(file, "missing must be fallback or refuse, got " + b.missing());
        }
        checkModels(file, b, seqs);
    }

    private static void checkMembers(Path file, Path dir, FusionBundle b, List<String> seqs) {
        List<FusionBundle.Member> members = b.members() == null ? List.of() : b.members();
        if (!members.stream().map(FusionBundle.Member::sequence).toList().equals(seqs)) {
            throw bad(file, "members must be one per sequence, in the order of sequences " + seqs);
        }
        for (FusionBundle.Member m : members) {
            if (!memberDir(m.sequence()).equals(m.dir())) {
                throw bad(file, "member " + m.sequence() + ": dir must be " + memberDir(m.sequence()));
            }
            if (!Files.isRegularFile(dir.resolve(m.dir()).resolve(BundleFiles.METADATA))) {
                throw bad(file, "member " + m.sequence() + ": no model bundle in " + m.dir());
            }
        }
    }

    private static void checkModels(Path file, FusionBundle b, List<String> seqs) {
        Set<List<String>> patterns = new HashSet<>();
        for (FusionBundle.PatternModel m : b.models() == null ? List.<FusionBundle.PatternModel>of() : b.models()) {
            List<String> ps = m.sequences() == null ? List.of() : m.sequences();
            if (ps.isEmpty() || !seqs.containsAll(ps) || !inOrder(ps, seqs) || !patterns.add(ps)) {
                throw bad(
                        file,
                        "model of " + ps + ": its sequences must be distinct, of " + seqs + ", in that"
                                + " order, one model per pattern");
            }
            if (FusionBundle.PatternModel.LOGISTIC.equals(m.method())) {
                int p = ps.size();
                if (len(m.mean()) != p || len(m.sd()) != p || len(m.weights()) != p || !finite(m)) {
                    throw bad(
                            file,
                            "model of " + ps + ": mean, sd and weights must be " + p + " finite values"
                                    + " and the intercept finite");
                }
            } else if (!FusionBundle.PatternModel.MEAN_LOGIT.equals(m.method())) {
                throw bad(file, "model of " + ps + ": method must be logistic or mean-logit, got " + m.method());
            }
        }
        int expected = FusionBundle.FALLBACK.equals(b.missing()) ? (1 << seqs.size()) - 1 : 1;
        if (!patterns.contains(seqs) || patterns.size() != expected) {
            throw bad(
                    file,
                    "models must cover "
                            + (expected == 1
                                    ? "the pattern " + seqs
                                    : "every pattern of " + seqs + " (" + expected + ")")
                            + " with missing " + b.missing() + ", got " + patterns.size());
        }
    }

    private static boolean inOrder(List<String> ps, List<String> seqs) {
        int last = -1;
        for (String s : ps) {
            int i = seqs.indexOf(s);
            if (i <= last) {
                return false;
            }
            last = i;
        }
        return true;
    }

    private static boolean finite(FusionBundle.PatternModel m) {
        boolean ok = m.intercept() != null && Double.isFinite(m.intercept());
        for (double[] v : List.of(m.mean(), m.sd(), m.weights())) {
            for (double x : v) {
                ok &= Double.isFinite(x);
            }
        }
        return ok;
    }

    private static int len(double[] v) {
        return v == null ? -1 : v.length;
    }

    private static HemametException bad(Path file, String problem) {
        return HemametException.invalidInput(file + ": " + problem);
    }
}
