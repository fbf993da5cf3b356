package org.hemamet.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.cohort.Diagnosis;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.FusionBundle;
import org.hemamet.contract.FusionBundleFiles;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;
import org.hemamet.preprocess.LesionCropper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A late-fused bundle's checks before any network is loaded (fast: the members hold no parameters). */
class LateFusedChecksTest {
    static final String OTHER = new LesionCropper.Params(128, 0.1, true, 0.5, 99.5).key();

    @TempDir
    Path tmp;

    /** A fused bundle of T1 and T2 whose members record the given crop keys (no network: never opened). */
    Path fusedBundle(String t1Key, String t2Key) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("fused"));
        List<FusionBundle.Member> members = new ArrayList<>();
        for (String[] m :
                List.of(new String[] {"T1", t1Key, "a".repeat(64)}, new String[] {"T2", t2Key, "b".repeat(64)})) {
            Path d = Files.createDirectories(dir.resolve(FusionBundleFiles.memberDir(m[0])));
            Files.writeString(
                    d.resolve(BundleFiles.METADATA),
                    Json.mapper()
                            .writeValueAsString(Map.of(
                                    "params_sha256",
                                    m[2],
                                    "comparison",
                                    "hemangioma-vs-metastases",
                                    "input",
                                    Map.of("sequence", m[0], "crop", Map.of("key", m[1])))));
            members.add(new FusionBundle.Member(m[0], FusionBundleFiles.memberDir(m[0]), m[0] + "__c__r0", m[2]));
        }
        FusionBundle b = new FusionBundle(
                FusionBundle.FORMAT_VERSION,
                "test",
                FusionBundle.LATE,
                "fusion-late__hemangioma-vs-metastases__r0",
                "hemangioma-vs-metastases",
                List.of("hemangioma", "metastasis"),
                "metastasis",
                List.of("T1", "T2"),
                members,
                FusionBundle.REFUSE,
                List.of(new FusionBundle.PatternModel(
                        List.of("T1", "T2"), FusionBundle.PatternModel.MEAN_LOGIT, null, null, null, null, null, 0)),
                0.5,
                "fixed 0.5",
                null,
                null,
                null,
                null,
                null);
        Files.writeString(dir.resolve(FusionBundleFiles.FILE), FusionBundleFiles.json(b));
        return dir;
    }

    /** An external dataset of two lesions (one patient each) on T1 and T2, cropped with {@code key}. */
    Path external(String key) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("ext").resolve("crops")).getParent();
        List<DatasetSample> samples = new ArrayList<>();
        int i = 0;
        for (String p : List.of("x1", "x2")) {
            for (String seq : List.of("T1", "T2")) {
                DatasetSample s = ValidationChecksTest.sample(
                        p, "L1", p.equals("x1") ? Diagnosis.HEMANGIOMA : Diagnosis.LUNG, ValidationChecksTest.sha(i++));
                DatasetSample t = s.withIdentity(
                        p + "_L1_" + seq,
                        s.patientKey(),
                        org.hemamet.cohort.Sequence.parse(seq),
                        "crops/" + p + "_L1_" + seq + ".png");
                Files.write(d.resolve(t.cropPath()), new byte[] {(byte) i});
                samples.add(t);
            }
        }
        DatasetManifest.write(d, samples);
        ExternalValidationTest.ingestReport(d, key);
        return d;
    }

    @Test
    void aDatasetCroppedOtherwiseThanAnyMemberIsRefusedNamingThatMemberAndBothParameterSets() throws Exception {
        String dflt = LesionCropper.Params.DEFAULT.key();
        Path bundle = fusedBundle(dflt, OTHER); // the first member agrees with the dataset, the second does not
        Path out = tmp.resolve("val");
        var request = new ExternalValidation.Request(bundle, null, external(dflt), null, out, 1, 10);
        assertThatThrownBy(() -> ExternalValidation.run(request))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(HemametException.INVALID_INPUT))
                .hasMessageContaining("crop parameters " + dflt)
                .hasMessageContaining("development model's " + OTHER)
                .hasMessageContaining("T2 member");
        assertThat(out).doesNotExist();
    }

    @Test
    void theFirstMemberIsCheckedToo() throws Exception {
        String dflt = LesionCropper.Params.DEFAULT.key();
        Path bundle = fusedBundle(OTHER, dflt);
        var request = new ExternalValidation.Request(bundle, null, external(dflt), null, tmp.resolve("val"), 1, 10);
        assertThatThrownBy(() -> ExternalValidation.run(request))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(HemametException.INVALID_INPUT))
                .hasMessageContaining(OTHER)
                .hasMessageContaining(dflt);
    }

    @Test
    void aLateFusedModelRecordsItsMembersParametersInTheirOrder() throws Exception {
        LateFusedModel m = LateFusedModel.ofBundle(fusedBundle("k", "k"));
        assertThat(m.paramsSha256()).isEqualTo("a".repeat(64) + "+" + "b".repeat(64));
        assertThat(m.sequences()).extracting(Enum::name).containsExactly("T1", "T2");
        assertThat(m.memberMetas().get("T2").input().crop().key()).isEqualTo("k");
        assertThat(m.first().paramsSha256()).isEqualTo("a".repeat(64));
    }
}
