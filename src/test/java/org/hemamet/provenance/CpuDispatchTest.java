package org.hemamet.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ATen and oneDNN choices worked out from fake /proc/cpuinfo texts of known CPUs. */
class CpuDispatchTest {
    private static String cpuinfo(String model, String flags) {
        return "processor\t: 0\nvendor_id\t: x\nmodel name\t: " + model + "\nflags\t\t: " + flags
                + "\n\nprocessor\t: 1\nmodel name\t: " + model + "\nflags\t\t: " + flags + "\n";
    }

    private static final String ZEN3 = cpuinfo(
            "AMD EPYC 7B13 64-Core Processor", "fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 bmi2 sha_ni");
    private static final String ZEN4 = cpuinfo(
            "AMD EPYC 9R14 96-Core Processor",
            "fpu sse4_1 avx fma avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16 avx512vbmi avx512_vnni");
    private static final String SAPPHIRE_RAPIDS = cpuinfo(
            "Intel(R) Xeon(R) Platinum 8480+",
            "sse4_1 avx fma avx2 avx_vnni avx512f avx512dq avx512bw avx512vl avx512_vnni avx512_bf16 avx512_fp16 "
                    + "amx_bf16 amx_tile amx_int8");
    private static final String SKYLAKE =
            cpuinfo("Intel(R) Xeon(R) Gold 6154", "sse4_1 avx fma avx2 avx512f avx512dq avx512cd avx512bw avx512vl");

    @Test
    void avx2OnlyCpuDispatchesAvx2InBothLibraries() {
        CpuDispatch d = CpuDispatch.of(ZEN3, Map.of());
        assertThat(d.model()).isEqualTo("AMD EPYC 7B13 64-Core Processor");
        assertThat(d.aten()).isEqualTo("avx2 (inferred from CPU flags)");
        assertThat(d.onednn()).isEqualTo("avx2 (inferred from CPU flags)");
        assertThat(d.flags()).containsExactly("avx", "avx2", "fma", "sse4_1");
    }

    @Test
    void avx512CpusGetTheBestOneDnnIsaTheirFlagsAllow() {
        assertThat(CpuDispatch.of(ZEN4, Map.of()).aten()).isEqualTo("avx512 (inferred from CPU flags)");
        assertThat(CpuDispatch.of(ZEN4, Map.of()).onednn()).isEqualTo("avx512_core_bf16 (inferred from CPU flags)");
        assertThat(CpuDispatch.of(ZEN4, Map.of()).flags())
                .contains("avx512_bf16", "avx512f")
                .doesNotContain("avx512cd");
        assertThat(CpuDispatch.of(SKYLAKE, Map.of()).onednn()).isEqualTo("avx512_core (inferred from CPU flags)");
        assertThat(CpuDispatch.of(SAPPHIRE_RAPIDS, Map.of()).onednn())
                .isEqualTo("avx512_core_amx (inferred from CPU flags)");
        assertThat(CpuDispatch.of(SAPPHIRE_RAPIDS, Map.of()).aten()).isEqualTo("avx512 (inferred from CPU flags)");
    }

    @Test
    void environmentSettingsWinAndSaySo() {
        CpuDispatch d = CpuDispatch.of(ZEN4, Map.of("ATEN_CPU_CAPABILITY", "avx2", "ONEDNN_MAX_CPU_ISA", "AVX2"));
        assertThat(d.aten()).isEqualTo("avx2 (from ATEN_CPU_CAPABILITY)");
        assertThat(d.onednn()).isEqualTo("avx2 (inferred from CPU flags, capped by ONEDNN_MAX_CPU_ISA=AVX2)");
        // a cap above what the CPU has does not raise it; an invalid ATen value is ignored as PyTorch does
        CpuDispatch z3 =
                CpuDispatch.of(ZEN3, Map.of("ATEN_CPU_CAPABILITY", "bogus", "ONEDNN_MAX_CPU_ISA", "AVX512_CORE"));
        assertThat(z3.onednn()).startsWith("avx2 (");
        assertThat(z3.aten()).isEqualTo("avx2 (inferred from CPU flags)");
    }

    @Test
    void noCpuinfoSaysUnknown() {
        CpuDispatch d = CpuDispatch.of("", Map.of());
        assertThat(d.aten()).startsWith("unknown");
        assertThat(d.onednn()).startsWith("unknown");
        assertThat(d.flags()).isEmpty();
    }
}
