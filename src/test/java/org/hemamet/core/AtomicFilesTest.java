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

    /** A secret is the owner's alone, whatever the umask, and is replaced the same way. */
    @Test
    void aPrivateWriteIsTheOwnersAlone() throws Exception {
        Path key = tmp.resolve("k/site.key");
        AtomicFiles.writePrivateString(key, "00\n");
        AtomicFiles.writePrivateString(key, "01\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(key)).isEqualTo("01\n");
    }
}
