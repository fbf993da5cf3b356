package org.hemamet.provenance;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.List;
import org.hemamet.core.Version;

/**
 * What every output records about how it was made: software versions, the machine, and (added by the
 * caller) config, seed and input hashes. Host names are reduced to a hash so that no site identifier
 * leaks into shared outputs.
 */
public final class Provenance {
    private Provenance() {}

    /**
     * Versions and machine facts.
     *
     * @param hemametVersion      hemamet's version
     * @param javaVersion         the JVM's version
     * @param javaVendor          the JVM's vendor
     * @param os                  operating system name, version and architecture
     * @param availableProcessors processors the JVM sees
     * @param maxHeapBytes        the JVM's maximum heap
     * @param cpu                 the CPU model
     * @param hostHash            the first 12 hex digits of the SHA-256 of the host name
     * @param jvmArgs             the JVM's arguments, class path left out
     * @param dispatch            the CPU flags and the kernels ATen and oneDNN dispatch to
     */
    public record Environment(
            String hemametVersion,
            String javaVersion,
            String javaVendor,
            String os,
            int availableProcessors,
            long maxHeapBytes,
            String cpu,
            String hostHash,
            List<String> jvmArgs,
            CpuDispatch dispatch) {}

    /** This process's environment. */
    public static Environment environment() {
        CpuDispatch dispatch = CpuDispatch.current();
        return new Environment(
                Version.hemamet(),
                System.getProperty("java.version"),
                System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory(),
                dispatch.model(),
                hostHash(),
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> !a.startsWith("-Djava.class.path"))
                        .toList(),
                dispatch);
    }

    /** This process's software and machine as the nested record of newer provenance files. */
    public static org.hemamet.contract.Machine machine() {
        Environment env = environment();
        return new org.hemamet.contract.Machine(
                env.hemametVersion(),
                env.javaVersion(),
                env.os(),
                env.cpu(),
                env.availableProcessors(),
                env.hostHash());
    }

    static String hostHash() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return org.hemamet.core.Hashing.sha256(h.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .substring(0, 12);
        } catch (Exception e) {
            return "unknown";
        }
    }
}
