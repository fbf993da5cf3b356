package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --device} and {@code --precision} as the CPU build resolves and records them. */
class DeviceSelectionTest {
    @AfterEach
    void backToTheDefaults() {
        EngineSetup.selectDevice("cpu", "--device");
        EngineSetup.selectPrecision(Precision.FP32, "--precision");
    }

    private static void assumeNoGpu() {
        assumeThat(EngineSetup.engine().getGpuCount()).as("a CPU-only build").isZero();
    }

    @Test
    void autoIsTheCpuWhereLibtorchSeesNoGpu() {
        assumeNoGpu();
        assertThat(EngineSetup.selectDevice("auto", "--device")).isEqualTo(ComputeDevice.CPU);
        assertThat(EngineSetup.selectDevice("CPU", "--device")).isEqualTo(ComputeDevice.CPU);
        assertThat(EngineSetup.device().name()).isEqualTo("cpu");
        assertThat(ModelInfo.versions()).containsEntry("device", "cpu").containsEntry("precision", "fp32");
    }

    @Test
    void gpuWithoutOneAndUnknownDevicesAreInputErrors() {
        assumeNoGpu();
        assertThatThrownBy(() -> EngineSetup.selectDevice("gpu", "--device"))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("--device gpu: libtorch sees no GPU");
        assertThatThrownBy(() -> EngineSetup.selectDevice("tpu", "--device"))
                .isInstanceOf(HemametException.class)
                .hasMessage("--device: 'tpu' is not a device (expected auto, cpu or gpu)");
        assertThat(EngineSetup.device()).isEqualTo(ComputeDevice.CPU);
    }

    @Test
    void bf16IsRefusedByAJniWithoutABfloat16Type() {
        assumeThat(EngineSetup.jniMapsBfloat16()).as("DJL's released JNI").isFalse();
        assertThat(EngineSetup.jniPath()).hasValueSatisfying(p -> assertThat(p).contains("djl_torch"));
        assertThatThrownBy(() -> EngineSetup.selectPrecision(Precision.BF16, "--precision"))
                .isInstanceOf(HemametException.class)
                .hasMessageStartingWith("--precision bf16: the loaded DJL JNI (")
                .hasMessageContaining("has no bfloat16 type");
        assertThat(EngineSetup.precision()).isEqualTo(Precision.FP32);
        assertThatThrownBy(() -> Precision.parse("fp8", "--precision"))
                .hasMessage("--precision: 'fp8' is not a precision (expected fp32 or bf16)");
    }

    @Test
    void aTrainedBundleRecordsWhereAndInWhatArithmeticItWasTrained(@TempDir Path dir) throws Exception {
        EngineSetup.setThreads(1);
        BlobImages train = BlobImages.generate(8, 16, 4, 3);
        TrainingRequest request = TrainingRequest.builder()
                .setTrainData(train.data())
                .setHyperParams(new HyperParams(1e-3, 4, 1, 0.5))
                .setSeed(5)
                .build();
        assertThat(request.device()).isEqualTo(ComputeDevice.CPU);
        assertThat(request.precision()).isEqualTo(Precision.FP32);
        try (TrainedCnn cnn = CnnTrainer.train(request)) {
            cnn.save(dir, (java.util.Map<String, Object>) null);
        }
        String meta = Files.readString(dir.resolve("metadata.json"));
        assertThat(meta).contains("\"device\" : \"cpu\"").contains("\"precision\" : \"fp32\"");
    }
}
