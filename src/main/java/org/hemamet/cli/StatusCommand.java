package org.hemamet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemamet.cluster.RunStatus;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.HemametException;
import org.hemamet.study.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hemamet status RUN_DIR}: the run's cells done, running, pending, failed (with the cause and log). */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show where a study run stands: cells done, running, pending (from squeue for a run submitted with"
                    + " --executor slurm), failed (with the cause and the task's log) or not run, and the merge."
        })
public final class StatusCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "Run directory of 'hemamet study'.")
    Path runDir;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(runDir.resolve(RunFiles.STUDY))) {
            throw HemametException.invalidInput(runDir + ": not a study run directory (no " + RunFiles.STUDY + ")");
        }
        var out = spec.commandLine().getOut();
        var holder = RunLock.holder(runDir);
        holder.ifPresent(h -> out.println("In use by a hemamet run: " + h));
        RunStatus status = RunStatus.read(runDir);
        out.print(holder.flatMap(RunLock::runningCell)
                .map(status::withRunningInProcess)
                .orElse(status)
                .render());
        out.flush();
        return 0;
    }
}
