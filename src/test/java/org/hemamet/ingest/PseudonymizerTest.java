package org.hemamet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymizerTest {
    @TempDir
    Path tmp;

    @Test
    void realCohortKeysAreRandomSyntheticOnesFollowTheSeed() throws Exception {
        String a = Pseudonymizer.loadOrCreate(tmp.resolve("a.key")).key("MRN123");
        String b = Pseudonymizer.loadOrCreate(tmp.resolve("b.key")).key("MRN123");
        assertThat(a).hasSize(16).isNotEqualTo(b);
        assertThat(Pseudonymizer.loadOrCreate(tmp.resolve("a.key")).key("MRN123"))
                .isEqualTo(a);

        String s1 = Pseudonymizer.loadOrCreateForSyntheticCohort(tmp.resolve("s1.key"), 42)
                .key("MRN123");
        String s2 = Pseudonymizer.loadOrCreateForSyntheticCohort(tmp.resolve("s2.key"), 42)
                .key("MRN123");
        String s3 = Pseudonymizer.loadOrCreateForSyntheticCohort(tmp.resolve("s3.key"), 43)
                .key("MRN123");
        assertThat(s1).isEqualTo(s2).isNotEqualTo(s3);
        assertThat(Files.readString(tmp.resolve("s1.key"))).doesNotContain("MRN123");
        // an existing key file is never replaced
        assertThat(Pseudonymizer.loadOrCreateForSyntheticCohort(tmp.resolve("a.key"), 42)
                        .key("MRN123"))
                .isEqualTo(a);
    }

    /** Key files, real and synthetic, are readable by their owner only. */
    @Test
    void keyFilesAreTheOwnersAlone() throws Exception {
        Pseudonymizer.loadOrCreate(tmp.resolve("real.key"));
        Pseudonymizer.loadOrCreateForSyntheticCohort(tmp.resolve("synthetic.key"), 42);
        for (String f : new String[] {"real.key", "synthetic.key"}) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(tmp.resolve(f))))
                    .isEqualTo("rw-------");
        }
    }
}
