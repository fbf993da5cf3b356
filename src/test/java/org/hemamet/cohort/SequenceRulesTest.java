package org.hemamet.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceRulesTest {
    @TempDir
    Path dir;

    static Optional<Sequence> d(Map<String, String> f) {
        return SequenceRules.defaults().classify(f);
    }

    @Test
    void defaultRulesOnTypicalSeriesDescriptions() {
        assertThat(d(Map.of("SeriesDescription", "SAG T1 SE"))).contains(Sequence.T1);
        assertThat(d(Map.of("SeriesDescription", "t1_tse_sag"))).contains(Sequence.T1);
        assertThat(d(Map.of("SeriesDescription", "t2_tse_sag"))).contains(Sequence.T2);
        assertThat(d(Map.of("SeriesDescription", "SAG T2 FSE"))).contains(Sequence.T2);
        assertThat(d(Map.of("SeriesDescription", "SAG STIR"))).contains(Sequence.STIR);
        assertThat(d(Map.of("SeriesDescription", "t2_tirm_sag"))).contains(Sequence.STIR);
        assertThat(d(Map.of("SeriesDescription", "t1_tse_fs_sag_KM"))).contains(Sequence.T1C);
        assertThat(d(Map.of("SeriesDescription", "SAG T1 FS POST GD"))).contains(Sequence.T1C);
        // the contrast agent wins over a plain "T1" description
        assertThat(d(Map.of("SeriesDescription", "SAG T1 SE", "ContrastBolusAgent", "Gadovist")))
                .contains(Sequence.T1C);
        // IR with short TI is STIR even with an uninformative description
        assertThat(d(Map.of("SeriesDescription", "sag 3", "ScanningSequence", "IR", "InversionTime", "160.0")))
                .contains(Sequence.STIR);
        // IR with a long TI (FLAIR) is not
        assertThat(d(Map.of("SeriesDescription", "sag 3", "ScanningSequence", "IR", "InversionTime", "2200.0")))
                .isEmpty();
        assertThat(d(Map.of("SeriesDescription", "x", "RepetitionTime", "550", "EchoTime", "12")))
                .contains(Sequence.T1);
        assertThat(d(Map.of("SeriesDescription", "x", "RepetitionTime", "3500", "EchoTime", "100")))
                .contains(Sequence.T2);
        assertThat(d(Map.of("SeriesDescription", "localizer"))).isEmpty();
    }

    @Test
    void pathPattern() {
        assertThat(SequenceRules.fromPath(Path.of("png/P1/STIR/1.2.3.png"))).contains(Sequence.STIR);
        assertThat(SequenceRules.fromPath(Path.of("png/P1/t1c/x.png"))).contains(Sequence.T1C);
        assertThat(SequenceRules.fromPath(Path.of("png/P1/x.png"))).isEmpty();
    }

    @Test
    void userYamlRulesReplaceTheDefaults() throws Exception {
        Path f = dir.resolve("rules.yaml");
        Files.writeString(
                f,
                "- {field: SeriesDescription, regex: 'ax_a', sequence: T1}\n"
                        + "- sequence: STIR\n  when:\n    - {field: ProtocolName, regex: 'spine'}\n"
                        + "    - {field: InversionTime, min: 100, max: 200}\n");
        SequenceRules r = SequenceRules.load(f);
        assertThat(r.classify(Map.of("SeriesDescription", "AX_A 3"))).contains(Sequence.T1);
        assertThat(r.classify(Map.of("ProtocolName", "spine", "InversionTime", "150")))
                .contains(Sequence.STIR);
        assertThat(r.classify(Map.of("ProtocolName", "spine", "InversionTime", "250")))
                .isEmpty();
        assertThat(r.classify(Map.of("SeriesDescription", "SAG T2"))).isEmpty();
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"field\":\"SeriesDescription\",\"regex\":\"(\",\"sequence\":\"T1\"}]");
        assertThatThrownBy(() -> SequenceRules.load(bad))
                .hasMessage(bad + ": rule 0: invalid regex '(' (Unclosed group)");
        Files.writeString(bad, "[{\"field\":\"SeriesDescription\",\"regex\":\"x\",\"sequence\":\"PD\"}]");
        assertThatThrownBy(() -> SequenceRules.load(bad))
                .hasMessage(bad + ": rule 0: unknown sequence 'PD' (expected one of T1, T2, STIR, T1C)");
        Files.writeString(bad, "[{\"field\":\"SeriesDescription\",\"pattern\":\"t1\",\"sequence\":\"T1\"}]");
        assertThatThrownBy(() -> SequenceRules.load(bad)).hasMessage(bad + ": rule 0: unknown pattern 't1'");
        Files.writeString(bad, "[{\"field\":\"EchoTime\",\"max\":\"t1_te_max\",\"sequence\":\"T1\"}]");
        assertThatThrownBy(() -> SequenceRules.load(bad)).hasMessage(bad + ": rule 0: unknown threshold 't1_te_max'");
        Files.writeString(bad, "[{\"field\":\"EchoTime\",\"max\":30,\"result\":\"BOLD\"}]");
        assertThatThrownBy(() -> SequenceRules.load(bad))
                .hasMessageStartingWith(bad + ": rule 0: unknown series kind 'BOLD' (expected one of T1, T2, STIR, T1C,"
                        + " PD, FLAIR,");
        Files.writeString(bad, "{\"extends\":\"mine\",\"rules\":[]}");
        assertThatThrownBy(() -> SequenceRules.load(bad))
                .hasMessage(bad + ": 'extends' must be 'defaults', not 'mine'");
    }

    @Test
    void decisionsNameTheRuleAndTheFieldsThatDecided() {
        SequenceRules r = SequenceRules.defaults();
        // issue 20: the refusal named an empty SeriesDescription; the timing decided
        SequenceDecision timing = r.decide(Map.of(
                "SeriesDescription", "", "ScanningSequence", "SE", "RepetitionTime", "4000.0", "EchoTime", "240.0"));
        assertThat(timing.describe()).isEqualTo("TR 4000 ms, TE 240 ms -> T2");
        assertThat(timing.rule()).isEqualTo("t2-timing");
        assertThat(timing.reason()).isEqualTo("long TR and long TE (spin echo)");
        assertThat(timing.decidingFields())
                .containsExactly(Map.entry("RepetitionTime", "4000.0"), Map.entry("EchoTime", "240.0"));
        assertThat(r.decide(Map.of("SeriesDescription", "SAG STIR")).describe())
                .isEqualTo("SeriesDescription 'SAG STIR' -> STIR");
        // issue 20: a FLAIR with ContrastBolusAgent NONE was taken for T1C
        SequenceDecision flair = r.decide(Map.of(
                "SeriesDescription", "FLAIR",
                "SequenceName", "flair",
                "RepetitionTime", "10002",
                "EchoTime", "159.5",
                "ContrastBolusAgent", "NONE"));
        assertThat(flair.kind()).isEqualTo(SeriesKind.FLAIR);
        assertThat(flair.excluded()).isTrue();
        assertThat(flair.sequence()).isEmpty();
        assertThat(flair.describe()).isEqualTo("SeriesDescription 'FLAIR' -> FLAIR, excluded");
        // issue 20: an axial PD brain passed the gate of a T1 model
        SequenceDecision pd = r.decide(Map.of(
                "SeriesDescription", "FSE PD AXIAL OBL",
                "ProtocolName", "CLINICAL BRAIN",
                "ScanningSequence", "SE",
                "RepetitionTime", "2300",
                "EchoTime", "22"));
        assertThat(pd.kind()).isEqualTo(SeriesKind.PD);
        assertThat(pd.describe()).isEqualTo("SeriesDescription 'FSE PD AXIAL OBL' -> PD, excluded");
        SequenceDecision t1c = r.decide(Map.of(
                "SeriesDescription", "SAG T1 SE", "ContrastBolusAgent", "Gadovist", "MagneticFieldStrength", "1.5"));
        assertThat(t1c.describe()).isEqualTo("SeriesDescription 'SAG T1 SE', ContrastBolusAgent 'Gadovist' -> T1C");
        SequenceDecision none = r.decide(Map.of(
                "SeriesDescription", "sag 9", "ScanningSequence", "SE", "RepetitionTime", "1200", "EchoTime", "15"));
        assertThat(none.unknown()).isTrue();
        assertThat(none.rule()).isEqualTo(SequenceDecision.NO_RULE);
        assertThat(none.describe())
                .isEqualTo("SeriesDescription 'sag 9', ScanningSequence 'SE', TR 1200 ms, TE 15 ms -> unknown (no rule"
                        + " matched)");
        SequenceDecision conflict =
                r.decide(Map.of("SeriesDescription", "SAG T1", "RepetitionTime", "4000", "EchoTime", "100"));
        assertThat(conflict.describe())
                .isEqualTo("SeriesDescription 'SAG T1', TR 4000 ms, TE 100 ms -> unknown (named T1, but TR and TE are"
                        + " those of a T2)");
        SequenceDecision stated = SequenceDecision.stated(Sequence.STIR, "sequence attribute");
        assertThat(stated.describe()).isEqualTo("sequence attribute -> STIR");
        assertThat(stated.sequence()).contains(Sequence.STIR);
    }

    @Test
    void contrastOnlyFromARealAgentOrContrastWords() {
        SequenceRules r = SequenceRules.defaults();
        for (String none : new String[] {"", " ", "NONE", "none ", "No", "0", "N/A", "NA", "nil", "-"}) {
            assertThat(d(Map.of("SeriesDescription", "SAG T1 SE", "ContrastBolusAgent", none)))
                    .as("'" + none + "'")
                    .contains(Sequence.T1);
        }
        for (String agent : new String[] {"Gadovist", "GADOLINIUM", "DOTAREM 15 ML", "11 ml Omniscan", "gd"}) {
            assertThat(d(Map.of("SeriesDescription", "SAG T1 SE", "ContrastBolusAgent", agent)))
                    .as(agent)
                    .contains(Sequence.T1C);
        }
        for (String post : new String[] {
            "+C SAG T1",
            "SAG T1+C",
            "T1 C+ SAG",
            "t1_tse_fs_sag_KM",
            "T1W_SE_GD",
            "SAG T1 POST",
            "t1 post-contrast",
            "CE T1",
            "T1 contrast",
            "SAG T1 +KM",
            "T1 GAD",
            "T1C",
            "t1 mdc"
        }) {
            assertThat(r.decide(Map.of("SeriesDescription", post)).kind())
                    .as(post)
                    .isEqualTo(SeriesKind.T1C);
        }
        for (String plain : new String[] {
            "T1 SPACE SAG",
            "T1 SAG POSTERIOR",
            "CERVICAL T1",
            "T1 FACE",
            "PRE GD T1",
            "t1_tse_sag_vor_KM",
            "T1 nativ",
            "T1 pre-contrast",
            "T1 W/O"
        }) {
            assertThat(r.decide(Map.of("SeriesDescription", plain)).kind())
                    .as(plain)
                    .isEqualTo(SeriesKind.T1);
        }
    }

    @Test
    void aStudyFileExtendsTheDefaults() throws Exception {
        Path f = dir.resolve("study-rules.yaml");
        Files.writeString(
                f,
                "extends: defaults\n"
                        + "thresholds: {t2_te_min: 60}\n"
                        + "rules:\n"
                        + "  - name: dixon-water-as-stir\n"
                        + "    sequence: STIR\n"
                        + "    reason: this study reads T2 Dixon water images as STIR\n"
                        + "    when:\n"
                        + "      - {first: [SeriesDescription, ProtocolName], pattern: t2}\n"
                        + "      - {field: ImageType, regex: 'DIXON.*WATER'}\n");
        SequenceRules r = SequenceRules.load(f);
        SequenceDecision water = r.decide(
                Map.of("SeriesDescription", "t2_tse_dixon_sag_W", "ImageType", "DERIVED\\PRIMARY\\DIXON\\WATER"));
        assertThat(water.sequence()).contains(Sequence.STIR);
        assertThat(water.rule()).isEqualTo("dixon-water-as-stir");
        assertThat(water.reason()).isEqualTo("this study reads T2 Dixon water images as STIR");
        // the default rules follow, with the study's threshold
        assertThat(r.decide(Map.of("SeriesDescription", "t1_vibe_dixon_tra_F")).kind())
                .isEqualTo(SeriesKind.DIXON);
        assertThat(r.decide(Map.of("ScanningSequence", "SE", "RepetitionTime", "3000", "EchoTime", "65"))
                        .kind())
                .isEqualTo(SeriesKind.T2);
        assertThat(SequenceRules.defaults()
                        .decide(Map.of("ScanningSequence", "SE", "RepetitionTime", "3000", "EchoTime", "65"))
                        .kind())
                .isEqualTo(SeriesKind.UNKNOWN);
        assertThat(SequenceRules.defaultThresholds())
                .containsEntry("t1_tr_max", 1000.0)
                .containsEntry("t2_te_min", 70.0)
                .containsEntry("stir_ti_max", 280.0)
                .containsEntry("flair_ti_min", 1500.0);
    }
}
