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
    }
}
