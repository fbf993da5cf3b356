package org.hemamet.provenance;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hemamet.core.Version;

/**
 * What every output records about how it was made: software versions, the machine, and (added by the
 * caller) config, seed and input hashes. Host names are reduced to a hash so that no site identifier
 * leaks into shared outputs.
 */
public final class Provenance {
    private Provenance() {}

    /** Versions and machine facts, as an ordered map ready for JSON. */
    public static Map<String, Object> environment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hemamet_version", Version.hemamet());
        m.put("java_version", System.getProperty("java.version"));
        m.put("java_vendor", System.getProperty("java.vendor"));
        m.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        m.put("available_processors", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        m.put("cpu", cpuModel());
        m.put("host_hash", hostHash());
        m.put(
                "jvm_args",
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> !a.startsWith("-Djava.class.path"))
                        .toList());
        return m;
    }

    static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
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
