package org.hemamet.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hemamet.cohort.DatasetManifest;
import org.hemamet.cohort.DatasetSample;
import org.hemamet.contract.BundleFiles;
import org.hemamet.contract.OodStatistics;
import org.hemamet.contract.RunFiles;
import org.hemamet.contract.SplitRow;
import org.hemamet.core.AtomicFiles;
import org.hemamet.model.TrainedCnn;
import org.hemamet.model.TrainingData;

/**
 * A measurement tool, not a CLI command: fits the out-of-distribution statistics ({@code ood.json}) of a
 * finished run's final models again, with this version's detector and the study's own code ({@link
 * CellRunner#oodStatistics}), over each cell's training part as its {@code split.csv} records it (partition
 * {@code train}; never the test part or the dropped lesions). So a detector change can be measured on a run
 * (scripts/ood-demo-measure.py {@code --ood-json}) without training it again; a new study writes the same
 * files itself. The run and the dataset are only read.
 *
 * <p>Usage: {@code java -cp 'target/hemamet.jar:target/lib/*' org.hemamet.study.OodRefit RUN DATASET OUT}; writes
 * {@code OUT/<cell_id>/ood.json}.
 */
public final class OodRefit {
    private OodRefit() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: OodRefit RUN DATASET OUT");
        }
        Path run = Path.of(args[0]);
        Path dataset = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Map<String, DatasetSample> samples = DatasetManifest.read(dataset).stream()
                .collect(Collectors.toMap(DatasetSample::sampleId, Function.identity()));
        List<Path> cells;
        try (Stream<Path> s = Files.list(run.resolve(RunFiles.CELLS))) {
            cells = s.filter(c -> Files.isRegularFile(c.resolve(RunFiles.MODEL).resolve(BundleFiles.PARAMS)))
                    .sorted()
                    .toList();
        }
        for (Path cell : cells) {
            OodStatistics s = refit(cell, dataset, samples);
            Path target = out.resolve(cell.getFileName().toString()).resolve(BundleFiles.OOD);
            Files.createDirectories(target.getParent());
            if (s != null) {
                AtomicFiles.writeString(target, BundleFiles.oodJson(s));
            }
            System.out.println(cell.getFileName() + ": " + (s == null ? "too few patients" : target));
        }
    }

    /** The statistics of one finished cell's final model over its training part. */
    static OodStatistics refit(Path cellDir, Path dataset, Map<String, DatasetSample> samples) {
        Path bundle = cellDir.resolve(RunFiles.MODEL);
        List<SplitRow> train = RunFiles.readSplit(cellDir).stream()
                .filter(r -> SplitRow.TRAIN.equals(r.partition()))
                .toList();
        try (TrainedCnn model = TrainedCnn.load(bundle)) {
            CropLoader loader = new CropLoader(dataset, model.inputSize());
            float[][] images = new float[train.size()][];
            int[] labels = new int[train.size()];
            List<String> patients = new ArrayList<>();
            for (int i = 0; i < images.length; i++) {
                DatasetSample s = samples.get(train.get(i).sampleId());
                if (s == null) {
                    throw new IllegalArgumentException(train.get(i).sampleId() + " is not in " + dataset);
                }
                images[i] = loader.load(s.cropPath());
                labels[i] = train.get(i).label();
                patients.add(s.patientKey());
            }
            OodStatistics st =
                    CellRunner.oodStatistics(model, new TrainingData(images, labels, model.inputSize()), patients);
            Object sha = BundleFiles.readMetadata(bundle.resolve(BundleFiles.METADATA))
                    .get("params_sha256");
            return st == null ? null : st.withParamsSha256(String.valueOf(sha));
        }
    }
}
