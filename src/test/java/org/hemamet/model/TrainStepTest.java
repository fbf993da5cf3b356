package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The direct per-parameter optimizer update gives the weights of {@link Trainer#step()}, bit for bit. */
class TrainStepTest {
    private static List<float[]> train(boolean direct, int steps) {
        int size = 16;
        int bs = 4;
        int liveAfterFirstStep = -1;
        EngineSetup.setThreads(1);
        Autograd.LOCK.lock();
        try (Model model = Model.newInstance(
                PaperCnn.NAME, Device.cpu(), EngineSetup.engine().getEngineName())) {
            EngineSetup.engine().setRandomSeed(11);
            SequentialBlock block = PaperCnn.build(0.5);
            model.setBlock(block);
            DefaultTrainingConfig config = CnnTrainer.trainingConfig(new HyperParams(1e-2, bs, 1, 0.5), Device.cpu());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(PaperCnn.inputShape(1, size));
                TrainStep step = new TrainStep(trainer, direct ? config.getOptimizer() : null, 1e-2, ComputeDevice.CPU);
                SplittableRandom rng = new SplittableRandom(3);
                float[] px = new float[bs * size * size];
                float[] oneHot = new float[bs * 2];
                for (int s = 0; s < steps; s++) {
                    for (int i = 0; i < px.length; i++) {
                        px[i] = (float) rng.nextDouble();
                    }
                    java.util.Arrays.fill(oneHot, 0f);
                    for (int j = 0; j < bs; j++) {
                        oneHot[2 * j + (j + s) % 2] = 1f;
                    }
                    long[] labels = new long[bs];
                    for (int j = 0; j < bs; j++) {
                        labels[j] = (j + s) % 2;
                    }
                    try (NDManager scope = model.getNDManager().newSubManager()) {
                        NDArray x = scope.create(px, PaperCnn.inputShape(bs, size));
                        NDArray y = scope.create(oneHot, new Shape(bs, 2));
                        TrainStep.Outcome o = step.run(x, y, scope.create(labels), scope, true);
                        assertThat(o.loss().getFloat()).isFinite();
                        assertThat(o.correct().getLong()).isBetween(0L, (long) bs);
                    }
                    if (s == 0) {
                        liveAfterFirstStep =
                                model.getNDManager().getManagedArrays().size();
                    }
                }
                if (steps > 1) {
                    // no step leaves arrays behind in the model's manager (e.g. the channels-last weight views)
                    assertThat(model.getNDManager().getManagedArrays()).hasSize(liveAfterFirstStep);
                }
                List<float[]> out = new ArrayList<>();
                for (Parameter p : block.getParameters().values()) {
                    out.add(p.getArray().toFloatArray());
                }
                return out;
            }
        } finally {
            Autograd.LOCK.unlock();
        }
    }

    @Test
    void directUpdateEqualsTrainerStep() {
        List<float[]> initial = train(false, 0);
        List<float[]> viaTrainer = train(false, 4);
        List<float[]> direct = train(true, 4);
        assertThat(direct).hasSameSizeAs(viaTrainer);
        for (int i = 0; i < direct.size(); i++) {
            assertThat(direct.get(i)).as("parameter %d", i).containsExactly(viaTrainer.get(i));
        }
        // and the weights moved: the comparison is not between two untouched initialisations
        for (int i = 0; i < direct.size(); i++) {
            if (initial.get(i).length > 2 * 16) { // weights (not the batch-norm vectors, some of which stay)
                assertThat(viaTrainer.get(i)).as("parameter %d moved", i).isNotEqualTo(initial.get(i));
            }
        }
    }
}
