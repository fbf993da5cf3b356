package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.predict.Exporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hemamet export RUN_DIR --cell SEQ/COMPARISON --out BUNDLE}: one cell's model as a standalone bundle. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Copy one cell's model bundle (model.params + metadata.json; with --baseline radiomics-lr"
                + " the cell's kept radiomics model) out of a study run, with the dataset's crop parameters"
                + " recorded, for 'hemamet predict'.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "Study run directory.")
    Path runDir;

    @Option(
            names = "--cell",
            required = true,
            paramLabel = "SEQ/COMPARISON",
            description = "The cell, e.g. T2/hemangioma-vs-metastases.")
    String cell;

    @Option(
            names = "--repeat",
            defaultValue = "0",
            paramLabel = "N",
            description = "Repeat (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(
            names = "--baseline",
            paramLabel = "MODEL",
            description = "Export the cell's kept baseline model instead of the CNN: radiomics-lr (a radiomics"
                    + " bundle that 'hemamet predict' applies).")
    String baseline;

    @Option(names = "--out", required = true, paramLabel = "BUNDLE", description = "Bundle directory to write.")
    Path out;

    @Override
    public Integer call() {
        device.apply();
        Exporter.Exported e = baseline == null
                ? Exporter.export(runDir, cell, repeat, out)
                : Exporter.exportBaseline(runDir, cell, repeat, baseline, out);
        PrintWriter w = spec.commandLine().getOut();
        w.println(out + ": " + (baseline == null ? "model" : baseline + " model") + " of cell " + e.cellId()
                + " (crop parameters from " + e.cropSource() + ")");
        w.flush();
        return 0;
    }
}
