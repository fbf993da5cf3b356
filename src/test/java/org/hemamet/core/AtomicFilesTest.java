package org.hemamet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed writes are output errors naming the output; failed reads of inputs stay invalid input. */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aFileWriteBelowAFileIsAnOutputError() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        Path target = file.resolve("a.txt");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "y"))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(HemametException.OUTPUT))
                .hasMessage("output error: cannot write " + target + ": " + file + ": not a directory");
    }

    @Test
    void aFailedWriteInsideADirectoryNamesItsPlaceInTheOutput() {
        Path target = tmp.resolve("out");
        assertThatThrownBy(() -> AtomicFiles.writeDirectory(target, false, dir -> {
                    Files.createDirectories(dir.resolve("sub/a.txt"));
                    Files.writeString(dir.resolve("sub/a.txt"), "y"); // a directory is in the way
                }))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(HemametException.OUTPUT))
                .hasMessage("output error: cannot write " + target.resolve("sub/a.txt") + ": Is a directory");
        assertThat(target).doesNotExist();
        assertThat(tmp).isEmptyDirectory();
    }

    /** A writer's own failure (a model saved by its library, a nested atomic write) names the output, too. */
    @Test
    void aWritersOwnFailureNamesTheOutputNotTheTemporary() {
        Path target = tmp.resolve("cells/T1__a-vs-b__r0");
        assertThatThrownBy(() -> AtomicFiles.writeDirectory(target, false, dir -> {
                    throw HemametException.outputError(
                            dir.resolve("model/model.params"), "No space left on device", null);
                }))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(HemametException.OUTPUT))
                .hasMessage("output error: cannot write " + target.resolve("model/model.params")
                        + ": No space left on device");
        assertThat(tmp.resolve("cells")).isEmptyDirectory();
    }

    @Test
    void aFailedReadOfAnInputInsideADirectoryWriterIsNotAnOutputError() {
        Path input = tmp.resolve("missing.png");
        assertThatThrownBy(() -> AtomicFiles.writeDirectory(
                        tmp.resolve("out"), false, dir -> Files.copy(input, dir.resolve("copy.png"))))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read " + input + ": no such file or directory");
    }

    /** Outputs get what the umask gives a plain create (results shared with a group stay readable to it). */
    @Test
    void outputsHaveThePermissionsOfAPlainCreate() throws Exception {
        Path plainFile = Files.createFile(tmp.resolve("plain.txt"));
        Path plainDir = Files.createDirectory(tmp.resolve("plain-dir"));
        AtomicFiles.writeString(tmp.resolve("out/results.csv"), "a\n");
        AtomicFiles.writeString(tmp.resolve("out/results.csv"), "b\n"); // a replace too
        AtomicFiles.writeDirectory(tmp.resolve("run"), false, d -> Files.writeString(d.resolve("x"), "x"));
        assertThat(Files.getPosixFilePermissions(tmp.resolve("out/results.csv")))
                .isEqualTo(Files.getPosixFilePermissions(plainFile));
        assertThat(Files.getPosixFilePermissions(tmp.resolve("run")))
                .isEqualTo(Files.getPosixFilePermissions(plainDir));
        assertThat(Files.readString(tmp.resolve("out/results.csv"))).isEqualTo("b\n");
        try (var left = Files.list(tmp.resolve("out"))) {
            assertThat(left).containsExactly(tmp.resolve("out/results.csv"));
        }
    }

    /**
     * A secret is the owner's alone, whatever the umask, and is never replaced: of processes creating it at the
     * same moment exactly one does, and everybody reads its content (a key one ingest used and another replaced
     * would leave that ingest's pseudonyms without their key).
     */
    @Test
    void aSecretIsTheOwnersAloneAndCreatedOnce() throws Exception {
        Path key = tmp.resolve("k/site.key");
        assertThat(AtomicFiles.createPrivateString(key, "00\n")).isTrue();
        assertThat(AtomicFiles.createPrivateString(key, "01\n")).isFalse();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(key)).isEqualTo("00\n");

        Path shared = tmp.resolve("k/shared.key");
        int racers = 8;
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        try {
            var created = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < racers; i++) {
                String content = "key " + i + "\n";
                created.add(pool.submit(() -> {
                    start.await();
                    return AtomicFiles.createPrivateString(shared, content);
                }));
            }
            start.countDown();
            int winners = 0;
            String won = null;
            for (int i = 0; i < racers; i++) {
                if (created.get(i).get()) {
                    winners++;
                    won = "key " + i + "\n";
                }
            }
            assertThat(winners).isEqualTo(1);
            assertThat(Files.readString(shared)).isEqualTo(won);
        } finally {
            pool.shutdownNow();
        }
        try (var left = Files.list(tmp.resolve("k"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("site.key", "shared.key");
        }
    }
}
