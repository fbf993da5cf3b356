package org.hemamet.provenance;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which SIMD kernels PyTorch (ATen) and oneDNN dispatch to on this CPU, for provenance: results differ
 * across machines when these differ. Neither library tells DJL which it chose, so it is worked out the
 * way they work it out.
 *
 * <ul>
 *   <li>ATen (PyTorch 2.7, {@code aten/src/ATen/native/DispatchStub.cpp}, {@code compute_cpu_capability}):
 *       {@code ATEN_CPU_CAPABILITY} when set to {@code default}, {@code avx2} or {@code avx512}; else
 *       {@code avx512} when the CPU has AVX512F, AVX512VL, AVX512BW, AVX512DQ and FMA3, {@code avx2} when it
 *       has AVX2 and FMA3, else {@code default}.
 *   <li>oneDNN (3.x, {@code src/cpu/x64/cpu_isa_traits.hpp}, {@code mayiuse}): the best ISA the CPU flags
 *       allow, capped by {@code ONEDNN_MAX_CPU_ISA} (or the older {@code DNNL_MAX_CPU_ISA}) when set.
 * </ul>
 *
 * Values worked out from the flags say so ({@value #INFERRED}); the libraries also check the operating
 * system's support (XSAVE state, AMX permission), which the flags do not show.
 *
 * @param model       the CPU model name
 * @param flags       the CPU flags that decide these choices, as /proc/cpuinfo names them (sorted)
 * @param aten        ATen's CPU capability and where it came from, e.g. "avx2 (inferred from CPU flags)"
 * @param onednn      oneDNN's ISA and where it came from, e.g. "avx512_core_bf16 (inferred from CPU flags)"
 */
public record CpuDispatch(String model, List<String> flags, String aten, String onednn) {
    /** How a value worked out from the CPU flags is marked. */
    public static final String INFERRED = "inferred from CPU flags";

    /** The flags that take part in the ATen and oneDNN rules. */
    static final Set<String> RELEVANT = Set.of(
            "sse4_1",
            "avx",
            "fma",
            "avx2",
            "avx_vnni",
            "avx_vnni_int8",
            "avx_ne_convert",
            "avx512f",
            "avx512bw",
            "avx512vl",
            "avx512dq",
            "avx512_vnni",
            "avx512_bf16",
            "avx512_fp16",
            "amx_tile",
            "amx_int8",
            "amx_bf16",
            "amx_fp16");

    /** oneDNN's x64 ISAs from weakest to strongest (the {@code ONEDNN_MAX_CPU_ISA} values, lower case). */
    static final List<String> ONEDNN_ORDER = List.of(
            "default",
            "sse41",
            "avx",
            "avx2",
            "avx2_vnni",
            "avx2_vnni_2",
            "avx512_core",
            "avx512_core_vnni",
            "avx512_core_bf16",
            "avx512_core_fp16",
            "avx512_core_amx",
            "avx512_core_amx_fp16");

    /** This machine's: /proc/cpuinfo and the process environment. */
    public static CpuDispatch current() {
        String cpuinfo;
        try {
            cpuinfo = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"));
        } catch (java.io.IOException | RuntimeException e) {
            cpuinfo = "";
        }
        return of(cpuinfo, System.getenv());
    }

    /** Worked out from a /proc/cpuinfo text and an environment. */
    public static CpuDispatch of(String cpuinfo, Map<String, String> env) {
        String model = field(cpuinfo, "model name");
        Set<String> all = new TreeSet<>(List.of(field(cpuinfo, "flags").split("\\s+")));
        all.remove("");
        Set<String> relevant = new TreeSet<>(all);
        relevant.retainAll(RELEVANT);
        boolean known = !all.isEmpty();
        return new CpuDispatch(
                model.isEmpty() ? System.getProperty("os.arch") : model,
                List.copyOf(relevant),
                aten(all, known, env.get("ATEN_CPU_CAPABILITY")),
                onednn(all, known, env.getOrDefault("ONEDNN_MAX_CPU_ISA", env.get("DNNL_MAX_CPU_ISA"))));
    }

    /** ATen's capability: the environment's when it is a valid x86 value, else by the CPU flags. */
    static String aten(Set<String> f, boolean known, String env) {
        if (env != null && List.of("default", "avx2", "avx512").contains(env.toLowerCase(Locale.ROOT))) {
            return env.toLowerCase(Locale.ROOT) + " (from ATEN_CPU_CAPABILITY)";
        }
        if (!known) {
            return "unknown (no CPU flags)";
        }
        String cap = f.containsAll(List.of("avx512f", "avx512vl", "avx512bw", "avx512dq", "fma"))
                ? "avx512"
                : f.containsAll(List.of("avx2", "fma")) ? "avx2" : "default";
        return cap + " (" + INFERRED + ")";
    }

    /** oneDNN's ISA: the best the flags allow, capped by the environment's maximum. */
    static String onednn(Set<String> f, boolean known, String env) {
        if (!known) {
            return "unknown (no CPU flags)";
        }
        String best = onednnBest(f);
        String max = env == null ? null : env.toLowerCase(Locale.ROOT);
        if (max != null && ONEDNN_ORDER.contains(max)) {
            return ONEDNN_ORDER.get(Math.min(ONEDNN_ORDER.indexOf(best), ONEDNN_ORDER.indexOf(max))) + " (" + INFERRED
                    + ", capped by ONEDNN_MAX_CPU_ISA=" + env + ")";
        }
        return best + " (" + INFERRED + ")";
    }

    static String onednnBest(Set<String> f) {
        boolean core = f.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
        boolean bf16 = core && f.contains("avx512_vnni") && f.contains("avx512_bf16");
        boolean fp16 = bf16 && f.contains("avx512_fp16");
        boolean amx = bf16 && f.containsAll(List.of("amx_tile", "amx_int8", "amx_bf16"));
        if (amx && fp16 && f.contains("amx_fp16")) {
            return "avx512_core_amx_fp16";
        }
        if (amx) {
            return "avx512_core_amx";
        }
        if (fp16) {
            return "avx512_core_fp16";
        }
        if (bf16) {
            return "avx512_core_bf16";
        }
        if (core && f.contains("avx512_vnni")) {
            return "avx512_core_vnni";
        }
        if (core) {
            return "avx512_core";
        }
        boolean avx2Vnni = f.contains("avx2") && f.contains("avx_vnni");
        if (avx2Vnni && f.containsAll(List.of("avx_vnni_int8", "avx_ne_convert"))) {
            return "avx2_vnni_2";
        }
        if (avx2Vnni) {
            return "avx2_vnni";
        }
        return f.contains("avx2") ? "avx2" : f.contains("avx") ? "avx" : f.contains("sse4_1") ? "sse41" : "default";
    }

    /** The value of the first "name : value" line of /proc/cpuinfo, or "". */
    private static String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }
}
