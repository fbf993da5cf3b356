import java.util.*;
import org.hemamet.model.*;

/**
 * What a search training's per-epoch validation costs (docs/performance.md, "Session 8"): one 40-epoch
 * training of 114 random 64x64 images (batch 16) with a 38-image validation set, validated after every epoch
 * and after the last only, alternating, after a warm-up pair; prints the wall seconds of each. From the
 * project root, after a build, with the launcher's allocator:
 *
 * <pre>
 * LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1 \
 *   java -Dai.djl.offline=true -cp "target/hemamet.jar:target/lib/*" bench/ValidationCost.java PAIRS
 * </pre>
 */
public class ValidationCost {
    static TrainingData data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][64 * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int p = 0; p < x[i].length; p++) x[i][p] = (float) (r.nextDouble() + 0.3 * y[i]);
        }
        return new TrainingData(x, y, 64);
    }
    public static void main(String[] a) {
        TrainingData train = data(114, 1), val = data(38, 2);
        int pairs = Integer.parseInt(a[0]);
        for (int i = 0; i < pairs + 1; i++) {
            for (boolean every : new boolean[] {true, false}) {
                TrainingRequest.Builder b = TrainingRequest.builder().setTrainData(train)
                        .setHyperParams(new HyperParams(1e-3, 16, 40, 0.5)).setSeed(7).optValidation(val);
                if (!every) b.optValidateCheckpointsOnly();
                long t0 = System.nanoTime();
                try (TrainedCnn m = CnnTrainer.train(b.build())) { }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%s %s %.2f%n", i == 0 ? "warmup" : "pair" + i, every ? "every" : "last", s);
            }
        }
    }
}
