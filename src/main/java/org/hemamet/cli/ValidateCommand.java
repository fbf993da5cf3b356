package org.hemamet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.contract.ValidationFiles;
import org.hemamet.contract.ValidationRow;
import org.hemamet.core.HemametException;
import org.hemamet.metrics.Bootstrap;
import org.hemamet.validate.ExternalValidation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hemamet validate --model BUNDLE | --run RUN_DIR --dataset DIR --out DIR}: external validation of a
 * development study's models ({@link ExternalValidation}).
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "External validation: a model bundle (--model) or every evaluated cell's final model of a study run"
                    + " (--run) evaluated on a dataset that played no part in training, at the development"
                    + " threshold and calibration: metrics with patient-clustered 95%% CIs, calibration before"
                    + " and after, ROC curves, predictions and a report in --out.",
            "Refuses a dataset cropped with other parameters than the development one (exit 2) or sharing"
                    + " patients or source images with it (exit 3)."
        })
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    DeviceOption device;

    @ArgGroup(multiplicity = "1")
    Target target;

    /** Exactly one of --model and --run. */
    static final class Target {
        @Option(
                names = "--model",
                required = true,
                paramLabel = "BUNDLE",
                description = "A model bundle (hemamet export; a fused one, --fusion early or late, too).")
        Path model;

        @Option(
                names = "--run",
                required = true,
                paramLabel = "RUN_DIR",
                description = "A study run: every evaluated cell's final model, fused cells included.")
        Path run;
    }

    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "DIR",
            description = "The external dataset (made by 'hemamet ingest').")
    Path dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory to write.")
    Path out;

    @Option(
            names = "--development",
            paramLabel = "DIR",
            description = "The development dataset, for the patient-overlap check (default: the one the run recorded;"
                    + " else the development patient and image hashes an exported bundle records).")
    Path development;

    @Option(names = "--seed", defaultValue = "42", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--resamples",
            defaultValue = "" + Bootstrap.DEFAULT_RESAMPLES,
            description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(
            names = "--allow-anatomy-mismatch",
            description = "Keep the external lesions whose image lies outside a model's training anatomy (another"
                    + " imaging plane or body-part region, which predict refuses); by default they are left out of"
                    + " that model's evaluation. Counted in validation.json either way.")
    boolean allowAnatomyMismatch;

    @Override
    public Integer call() {
        device.apply();
        if (resamples < 0) {
            throw HemametException.invalidInput("--resamples: must be >= 0, got " + resamples);
        }
        ExternalValidation.Outcome o = ExternalValidation.run(new ExternalValidation.Request(
                target.model, target.run, dataset, development, out, seed, resamples, allowAnatomyMismatch));
        PrintWriter w = spec.commandLine().getOut();
        for (ValidationRow r : o.rows()) {
            w.println(r.cellId() + ": "
                    + (ValidationRow.OK.equals(r.status())
                            ? String.format(
                                    java.util.Locale.ROOT,
                                    "external AUC %.3f (%.3f-%.3f), internal AUC %s, %d lesions (%d patients)",
                                    r.auc(),
                                    r.aucLo(),
                                    r.aucHi(),
                                    r.internalAuc() == null
                                            ? "not recorded"
                                            : String.format(java.util.Locale.ROOT, "%.3f", r.internalAuc()),
                                    r.nNeg() + r.nPos(),
                                    r.nPatients())
                            : r.message()));
        }
        w.println("patient overlap: " + o.overlapCheck());
        o.outOfScope()
                .forEach((cell, n) -> w.println(cell + ": " + n + " external lesion(s) outside the model's anatomy "
                        + (allowAnatomyMismatch ? "kept" : "left out") + " (validation.json out_of_scope)"));
        w.println(out.resolve(ValidationFiles.REPORT) + " written");
        w.flush();
        return HemametException.OK;
    }
}
