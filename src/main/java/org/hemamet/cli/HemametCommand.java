package org.hemamet.cli;

import org.hemamet.core.Version;
import picocli.CommandLine.Command;

/** The top-level {@code hemamet} command; work lives in the subcommands. */
@Command(
        name = "hemamet",
        mixinStandardHelpOptions = true,
        versionProvider = HemametCommand.VersionProvider.class,
        description = "Spinal hemangioma vs metastasis CNN study toolkit (per MRI sequence).",
        subcommands = {
            // one line per subcommand; keep alphabetical
            AnnotationsCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            EvaluateCommand.class,
            ExportCommand.class,
            IngestCommand.class,
            PredictCommand.class,
            ReportCommand.class,
            StatusCommand.class,
            StudyCommand.class,
            StudyCellCommand.class,
            StudyMergeCommand.class,
            picocli.CommandLine.HelpCommand.class,
            SynthCommand.class,
            ValidateCommand.class,
        })
public final class HemametCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints hemamet's version. */
    public static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hemamet " + Version.hemamet()};
        }
    }
}
