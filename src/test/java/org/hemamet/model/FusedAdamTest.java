package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class FusedAdamTest {
    @Test
    void theReleasedJniHasNoFusedEntrySoTheCpuKeepsThePerParameterPath() {
        // DJL's released JNI (the CPU build every test runs on) lacks hemamet's entry: the per-parameter
        // path, whose results earlier versions wrote, is what a CPU training uses
        assertThat(FusedAdam.nativeAvailable()).isFalse();
        assertThat(FusedAdam.usedOn(ComputeDevice.CPU)).isFalse();
        assertThat(FusedAdam.usedOn(new ComputeDevice("gpu", 0, "a GPU"))).isFalse();
        assertThat(FusedAdam.describe(ComputeDevice.CPU)).isEqualTo("adam, per parameter (DJL adamUpdate)");
        assertThat(ModelInfo.versions()).containsEntry("optimizer", "adam, per parameter (DJL adamUpdate)");
    }

    @Test
    void theFusedKernelComputesDjlsAdamWhereTheEntryIsLoaded() {
        // runs where the JNI of scripts/gpu/build-jni.sh is loaded (the GPU host); bench runs the same check
        assumeTrue(FusedAdam.nativeAvailable(), "the loaded JNI has no fused-Adam entry");
        assertThat(FusedAdam.checkAgainstPerParameter(EngineSetup.device(), 5)).isLessThan(1e-5);
    }
}
