package org.hemamet.cli;

import java.util.ArrayList;
import java.util.List;
import org.hemamet.model.ComputeDevice;
import org.hemamet.model.EngineSetup;
import org.hemamet.model.Precision;
import picocli.CommandLine.Option;

/**
 * {@code --device} and {@code --precision} of the commands that train or predict (mix in with {@code @Mixin});
 * {@link #apply()} sets them for the process before any network is built.
 */
public final class DeviceOptions {
    @Option(
            names = "--device",
            defaultValue = "auto",
            paramLabel = "auto|cpu|gpu",
            description = "Where the network trains and predicts: auto (default: a GPU when libtorch sees one, else"
                    + " the CPU), cpu or gpu.")
    String device;

    @Option(
            names = "--precision",
            defaultValue = "fp32",
            paramLabel = "fp32|bf16",
            description = "Training arithmetic: fp32 (default, the paper's) or bf16 mixed precision (bfloat16"
                    + " convolution blocks, float32 weights, head and loss; needs a JNI that maps bfloat16, see"
                    + " docs/performance.md).")
    String precision;

    /** Chooses the device and precision for this process; exit 2 for a device or precision it lacks. */
    public ComputeDevice apply() {
        ComputeDevice d = EngineSetup.selectDevice(device, "--device");
        EngineSetup.selectPrecision(Precision.parse(precision, "--precision"), "--precision");
        return d;
    }

    /** The options as a child process (a Slurm cell task) takes them. */
    List<String> asArguments() {
        List<String> args = new ArrayList<>();
        args.add("--device=" + device);
        args.add("--precision=" + precision);
        return args;
    }
}
