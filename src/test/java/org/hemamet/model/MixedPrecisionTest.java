package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mixed-precision network: the convolution blocks compute in the lower type while training, the head,
 * the loss and every parameter stay float32, and the saved parameters are those of the float32 network.
 * Run here with float16, the lower type DJL 0.36's released JNI can make (bfloat16, the one {@code
 * --precision bf16} uses, needs the JNI of scripts/gpu/build-jni.sh; the code path is the same).
 */
class MixedPrecisionTest {
    private static final int SIZE = 16;
    private static final int BS = 4;

    @Test
    void convolutionBlocksComputeInTheLowerTypeOnlyWhileTrainingAndTheWeightsLearnInFloat32() {
        EngineSetup.setThreads(1);
        Autograd.LOCK.lock();
        try (Model model = Model.newInstance(
                PaperCnn.NAME, Device.cpu(), EngineSetup.engine().getEngineName())) {
            EngineSetup.engine().setRandomSeed(3);
            SequentialBlock block = PaperCnn.build(0.5, DataType.FLOAT16);
            model.setBlock(block);
            DefaultTrainingConfig config = CnnTrainer.trainingConfig(new HyperParams(1e-2, BS, 1, 0.5), Device.cpu());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(PaperCnn.inputShape(1, SIZE));
                List<float[]> before = weights(block);
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    NDArray x = scope.randomUniform(0, 1, PaperCnn.inputShape(BS, SIZE));
                    assertThat(blockOutput(block, scope, x, true).getDataType()).isEqualTo(DataType.FLOAT16);
                    assertThat(blockOutput(block, scope, x, false).getDataType())
                            .isEqualTo(DataType.FLOAT32);
                    NDArray logits = block.forward(new ParameterStore(scope, false), new NDList(x), true)
                            .singletonOrThrow();
                    assertThat(logits.getDataType()).isEqualTo(DataType.FLOAT32);

                    TrainStep step = new TrainStep(trainer, config.getOptimizer(), 1e-2, ComputeDevice.CPU);
                    NDArray y = scope.create(new float[] {1, 0, 0, 1, 1, 0, 0, 1}, new Shape(BS, 2));
                    NDArray labels = scope.create(new long[] {0, 1, 0, 1});
                    for (int s = 0; s < 3; s++) {
                        assertThat(step.run(x, y, labels, scope, true).loss().getFloat())
                                .isFinite();
                    }
                }
                List<float[]> after = weights(block);
                for (Parameter p : block.getParameters().values()) {
                    assertThat(p.getArray().getDataType()).as(p.getName()).isEqualTo(DataType.FLOAT32);
                }
                // every convolution weight learnt through its cast (index 0, 6, 12: conv weights of the 3 blocks)
                for (int i : new int[] {0, 6, 12}) {
                    assertThat(after.get(i)).as("conv weight %d moved", i).isNotEqualTo(before.get(i));
                }
                byte[] mixed = CnnTrainer.serialise(block);
                assertThat(mixed).hasSize(CnnTrainer.serialise(floatNetwork(trainer)).length);
            }
        } finally {
            Autograd.LOCK.unlock();
        }
    }

    /** The output of the third convolution block (after its pooling). */
    private static NDArray blockOutput(SequentialBlock block, NDManager scope, NDArray x, boolean training) {
        NDList h = new NDList(x);
        for (int b = 0; b <= PaperCnn.BLOCK3; b++) {
            h = PaperCnn.child(block, b).forward(new ParameterStore(scope, false), h, training);
        }
        return h.singletonOrThrow();
    }

    private static List<float[]> weights(SequentialBlock block) {
        List<float[]> w = new ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            w.add(p.getArray().toFloatArray());
        }
        return w;
    }

    /** A float32 network of the same size, initialised on the trainer's manager. */
    private static SequentialBlock floatNetwork(Trainer trainer) {
        SequentialBlock plain = PaperCnn.build(0.5);
        plain.initialize(trainer.getManager(), DataType.FLOAT32, PaperCnn.inputShape(1, SIZE));
        return plain;
    }
}
