package org.hemamet.provenance;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.hemamet.contract.DecisionCurveProvenance;
import org.hemamet.contract.RunFiles;
import org.hemamet.core.AtomicFiles;
import org.hemamet.core.Csv;
import org.hemamet.core.Hashing;
import org.hemamet.metrics.NetBenefitRow;
import org.hemamet.metrics.PredictionsTable;

/**
 * {@code hemamet evaluate --decision-curve FILE.csv}: the curves, then beside them their provenance
 * ({@link DecisionCurveProvenance}), each written atomically.
 */
public final class DecisionCurveFiles {
    private DecisionCurveFiles() {}

    /**
     * Writes {@code rows} to {@code csv} and {@code csv}'s provenance: the predictions of {@code table} resampled
     * with {@code seed} and {@code resamples}, by a command started at {@code started}.
     *
     * @return the provenance file
     */
    public static Path write(
            Path csv, List<NetBenefitRow> rows, PredictionsTable table, long seed, int resamples, Instant started) {
        AtomicFiles.writeString(csv, Csv.write(NetBenefitRow.class, rows));
        Provenance.Environment env = Provenance.environment();
        DecisionCurveProvenance p = new DecisionCurveProvenance(
                csv.getFileName().toString(),
                Hashing.sha256(csv),
                rows.size(),
                Hashing.sha256(table.file()),
                table.positiveLabel(),
                table.modelColumn(),
                table.clusterColumn(),
                seed,
                resamples,
                env.hemametVersion(),
                env.javaVersion(),
                env.os(),
                env.cpu(),
                env.availableProcessors(),
                env.hostHash(),
                started.toString(),
                Instant.now().toString());
        Path file = DecisionCurveProvenance.fileFor(csv);
        AtomicFiles.writeString(file, RunFiles.json(p));
        return file;
    }
}
