package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.contract.FusionBundle;
import org.hemamet.core.HemametException;
import org.hemamet.predict.Exporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hemamet export RUN_DIR --cell SEQ/COMPARISON --out BUNDLE}: one cell's model as a standalone bundle;
 * {@code --fusion late --comparison C}: the late-fused model of a comparison as a fused bundle.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Copy one cell's model bundle (model.params + metadata.json; with --baseline radiomics-lr"
                + " the cell's kept radiomics model) out of a study run, with the dataset's crop parameters"
                + " recorded, for 'hemamet predict'; or, with --fusion late --comparison C, the late-fused model"
                + " (its per-sequence member bundles and the stacking models fitted on the training part) as a"
                + " fused bundle; with --fusion early --comparison C, the early-fused cell's network (one CNN over"
                + " the sequences' crops as channels) as a model bundle.")
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

    @Option(
            names = "--fusion",
            paramLabel = "late|early",
            description = "Export the fused model (late or early) instead of a cell.")
    String fusion;

    @Option(
            names = "--comparison",
            paramLabel = "C",
            description = "With --fusion: the comparison, e.g. hemangioma-vs-metastases.")
    String comparison;

    @Option(
            names = "--missing",
            defaultValue = "fallback",
            paramLabel = "POLICY",
            description = "With --fusion: a lesion lacking a sequence is scored from the ones it has (fallback,"
                    + " the study's rule) or refused by predict (refuse) (default: ${DEFAULT-VALUE}).")
    String missing;

    @Option(names = "--out", required = true, paramLabel = "BUNDLE", description = "Bundle directory to write.")
    Path out;

    @Option(
            names = "--dataset",
            paramLabel = "DIR",
            description = "The run's dataset, when it is no longer where the run's provenance.json says (it must be"
                    + " the same dataset: its hash is checked): its crop parameters and development hashes go into"
                    + " the bundle.")
    Path dataset;

    @Override
    public Integer call() {
        device.apply();
        PrintWriter w = spec.commandLine().getOut();
        if (fusion != null) {
            if (!FusionBundle.LATE.equals(fusion) && !org.hemamet.study.EarlyFusion.NAME.equals(fusion)) {
                throw HemametException.invalidInput("--fusion " + fusion + ": expected late or early");
            }
            if (cell != null || comparison == null || baseline != null) {
                throw HemametException.invalidInput("--fusion needs --comparison C and no --cell or --baseline");
            }
            if (org.hemamet.study.EarlyFusion.NAME.equals(fusion)) {
                Exporter.Exported e = Exporter.exportEarly(runDir, comparison, repeat, out, dataset);
                w.println(out + ": early-fused model " + e.cellId() + " (crop parameters from " + e.cropSource() + ")");
                w.flush();
                return 0;
            }
            Exporter.Exported e = Exporter.exportFused(runDir, comparison, repeat, missing, out, dataset);
            w.println(out + ": late-fused model " + e.cellId() + " (missing sequences: " + missing
                    + "; crop parameters from " + e.cropSource() + ")");
            w.flush();
            return 0;
        }
        if (cell == null) {
            throw HemametException.invalidInput("give --cell SEQ/COMPARISON, or --fusion late|early --comparison C");
        }
        Exporter.Exported e = baseline == null
                ? Exporter.export(runDir, cell, repeat, out, dataset)
                : Exporter.exportBaseline(runDir, cell, repeat, baseline, out, dataset);
        w.println(out + ": " + (baseline == null ? "model" : baseline + " model") + " of cell " + e.cellId()
                + " (crop parameters from " + e.cropSource() + ")");
        w.flush();
        return 0;
    }
}
