package org.hemamet.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class EngineSetupTest {
    /** The build's {@code pytorch.version} (2.7.1, or the {@code cuda} profile's), set by surefire. */
    static String buildPytorchVersion() {
        String v = System.getProperty("hemamet.test.pytorch.version");
        assertThat(v)
                .as("system property hemamet.test.pytorch.version (pom.xml, surefire <systemPropertyVariables>)")
                .isNotBlank();
        return v;
    }

    @Test
    void loadsPyTorchOfflineFromTheProjectCache() {
        Engine engine = EngineSetup.engine();
        assertThat(engine.getEngineName()).isEqualTo("PyTorch");
        assertThat(engine.getVersion()).startsWith(buildPytorchVersion());
        try (NDManager m = engine.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3});
            assertThat(a.sum().getFloat()).isEqualTo(6f);
        }
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }
}
