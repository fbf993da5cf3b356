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
}
