package org.hemamet.contract;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code provenance.json}: how it was made (software, machine, inputs, times). Rewritten at the end
 * of every invocation that finishes the run.
 *
 * @param hemametVersion            hemamet's version
 * @param javaVersion               the JVM's version
 * @param javaVendor                the JVM's vendor
 * @param os                        operating system name, version and architecture
 * @param availableProcessors       processors the JVM sees
 * @param maxHeapBytes              the JVM's maximum heap
 * @param cpu                       the CPU model
 * @param hostHash                  a hash of the host name (no site identifier)
 * @param jvmArgs                   the JVM's arguments (class path left out)
 * @param djlVersion                DJL's version
 * @param pytorchVersion            PyTorch's version
 * @param engine                    the DJL engine
 * @param ompNumThreads             {@code OMP_NUM_THREADS} ("" when unset)
 * @param pytorchIntraOpThreads     PyTorch intra-op threads (results are reproducible for a seed and this)
 * @param seed                      the study's root seed
 * @param profile                   the study's profile name
 * @param datasetDir                the dataset directory (absolute)
 * @param datasetSha256             SHA-256 over dataset.csv and every crop
 * @param configSha256              SHA-256 of study.json
 * @param config                    the study config (as study.json, keys sorted)
 * @param started                   when this invocation started (ISO-8601)
 * @param finished                  when it finished
 * @param wallSecondsThisInvocation its wall time
 * @param cellSeconds               seconds per cell (resumed cells: as recorded)
 * @param threads                   processors available
 * @param pytorchInterOpThreads     PyTorch inter-op threads (null in runs of older versions)
 * @param cpuFlags                  the CPU flags that decide the SIMD kernels (avx2, avx512f, avx512_bf16,
 *                                  amx_*, ...; null in runs of older versions)
 * @param atenCpuCapability         the kernels PyTorch's ATen dispatches to, and where that came from
 *                                  ("inferred from CPU flags" or the ATEN_CPU_CAPABILITY setting)
 * @param onednnCpuIsa              the ISA oneDNN dispatches to, and where that came from
 * @param device                    where this invocation trained and predicted ({@code cpu}, or {@code gpu(N)}
 *                                  and the GPU's name; null in runs of older versions)
 * @param precision                 the arithmetic of training ({@code fp32}, or {@code bf16} mixed precision;
 *                                  null in runs of older versions)
 * @param optimizer                 how the optimizer steps ran: Adam per parameter (DJL) or libtorch's fused
 *                                  multi-tensor kernel (on a GPU with hemamet's JNI; null in runs of older
 *                                  versions)
 * @param jobs                      cells that ran at once: 1 for a run in one process, N for {@code study
 *                                  --jobs N} (each cell in its own process, with max(1,
 *                                  pytorch_intra_op_threads / N) threads); null for a Slurm run and in runs of older versions
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder(alphabetic = true)
public record RunProvenance(
        String hemametVersion,
        String javaVersion,
        String javaVendor,
        String os,
        int availableProcessors,
        long maxHeapBytes,
        String cpu,
        String hostHash,
        List<String> jvmArgs,
        String djlVersion,
        String pytorchVersion,
        String engine,
        String ompNumThreads,
        Integer pytorchIntraOpThreads,
        Long seed,
        String profile,
        String datasetDir,
        String datasetSha256,
        String configSha256,
        Map<String, Object> config,
        String started,
        String finished,
        double wallSecondsThisInvocation,
        Map<String, Double> cellSeconds,
        int threads,
        Integer pytorchInterOpThreads,
        List<String> cpuFlags,
        String atenCpuCapability,
        String onednnCpuIsa,
        String device,
        String precision,
        String optimizer,
        Integer jobs) {}
