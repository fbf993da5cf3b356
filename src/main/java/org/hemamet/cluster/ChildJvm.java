package org.hemamet.cluster;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start another JVM that runs this very build: the same {@code java} executable, the same class path
 * and the same JVM options (heap, system properties such as {@code ai.djl.offline}, native library paths),
 * whatever launcher started this one ({@code ./hemamet}, a packed runtime's script, a test). A debugger agent
 * is left out (two JVMs cannot listen on one port), and so is a fixed PyTorch thread count: each child gets
 * its own ({@link #command}).
 *
 * @param java      the {@code java} executable
 * @param jvmArgs   the JVM options (no class path)
 * @param classPath the class path
 */
public record ChildJvm(String java, List<String> jvmArgs, String classPath) {
    /** The CLI's entry point. */
    public static final String MAIN = "org.hemamet.cli.Main";

    /** The system property that fixes PyTorch's intra-op thread count when the engine loads (DJL). */
    static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    public ChildJvm {
        jvmArgs = List.copyOf(jvmArgs);
    }

    /** This JVM: its executable, its options (without debug agents or a thread count) and its class path. */
    public static ChildJvm current() {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ChildJvm(
                java,
                inherited(ManagementFactory.getRuntimeMXBean().getInputArguments()),
                System.getProperty("java.class.path"));
    }

    /** The options a child inherits: all but a debugger agent and a fixed thread count. */
    static List<String> inherited(List<String> inputArguments) {
        List<String> kept = new ArrayList<>();
        for (String a : inputArguments) {
            boolean debugger = a.startsWith("-agentlib:jdwp")
                    || a.startsWith("-Xrunjdwp")
                    || a.equals("-Xdebug")
                    || a.startsWith("-Xnoagent");
            boolean threads = a.startsWith("-D" + THREADS_PROPERTY + "=");
            if (!debugger && !threads) {
                kept.add(a);
            }
        }
        return kept;
    }

    /**
     * The command line of a child that runs {@code hemamet ARGS} with {@code threads} PyTorch intra-op threads
     * (the child's environment should say the same in {@code OMP_NUM_THREADS}).
     */
    public List<String> command(int threads, List<String> args) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(jvmArgs);
        c.add("-D" + THREADS_PROPERTY + "=" + threads);
        c.add("-cp");
        c.add(classPath);
        c.add(MAIN);
        c.addAll(args);
        return c;
    }
}
