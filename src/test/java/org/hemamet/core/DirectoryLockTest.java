package org.hemamet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer holds a directory alone; readers hold it together; a writer and a reader never at once. */
class DirectoryLockTest {
    @TempDir
    Path tmp;

    /** The refusal of an exclusive acquirer, remembering what it was told about the holder. */
    private static java.util.function.Function<Optional<String>, HemametException> refuse(
            AtomicReference<Optional<String>> told) {
        return h -> {
            told.set(h);
            return HemametException.dataState("refused");
        };
    }

    private static DirectoryLock exclusive(Path file, AtomicReference<Optional<String>> told) {
        return DirectoryLock.exclusive(file, "ingest", refuse(told), DirectoryLock.AtEnd.NOTHING);
    }

    private static Optional<DirectoryLock> shared(Path file) {
        return DirectoryLock.shared(file, h -> HemametException.dataState("refused: " + h));
    }

    @Test
    void readersInThisProcessShareOneHoldAndAWriterWaitsForTheLastOfThem() throws Exception {
        Path file = tmp.resolve(".ds.lock");
        AtomicReference<Optional<String>> told = new AtomicReference<>();
        assertThat(shared(file)).as("no lock file: nothing to hold").isEmpty();
        assertThat(file).as("a reader leaves nothing behind").doesNotExist();
        Files.createFile(file); // as the writer leaves it
        DirectoryLock first = shared(file).orElseThrow();
        DirectoryLock second = shared(file).orElseThrow();
        assertThat(DirectoryLock.holder(file)).as("readers are nobody to name").isEmpty();
        first.close();
        first.close(); // twice is once
        assertThatThrownBy(() -> exclusive(file, told)).hasMessage("refused");
        assertThat(told.get()).as("held by readers: no writer's line").isEmpty();
        second.close();
        try (DirectoryLock writer = exclusive(file, told)) {
            String line = Files.readString(file).strip();
            assertThat(line)
                    .startsWith("process " + ProcessHandle.current().pid() + " ")
                    .endsWith(": ingest");
            writer.describe("crop 3 of 9");
            assertThat(DirectoryLock.holder(file)).contains(line + "; crop 3 of 9");
            assertThatThrownBy(() -> shared(file)).hasMessage("refused: " + line + "; crop 3 of 9");
            assertThatThrownBy(() -> exclusive(file, told)).hasMessage("refused");
            assertThat(told.get()).contains(line + "; crop 3 of 9");
        }
        assertThat(file).isEmptyFile();
        assertThat(DirectoryLock.holder(file)).isEmpty();
    }

    @Test
    void anotherProcessWritingOrReadingIsRefusedAndAKilledWriterHoldsNothing() throws Exception {
        Path file = Files.createFile(tmp.resolve(".ds.lock"));
        AtomicReference<Optional<String>> told = new AtomicReference<>();
        Process reader = DirectoryLockHolder.start(file, true);
        try {
            assertThatThrownBy(() -> exclusive(file, told)).hasMessage("refused");
            assertThat(told.get()).isEmpty();
            shared(file).orElseThrow().close(); // readers together
        } finally {
            DirectoryLockHolder.stop(reader);
        }
        Process writer = DirectoryLockHolder.start(file, false);
        try {
            String named = "process " + writer.pid() + " ";
            assertThat(DirectoryLock.holder(file)).get().asString().startsWith(named);
            assertThatThrownBy(() -> shared(file)).hasMessageStartingWith("refused: " + named);
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(file))
                .as("a killed writer cannot empty its file")
                .isNotEmpty();
        assertThat(DirectoryLock.holder(file)).as("... but holds nothing").isEmpty();
        shared(file).orElseThrow().close();
        assertThat(file).as("a reader empties a dead writer's line").isEmptyFile();
    }

    @Test
    void atEndRunsWhileHeldOnceTheLastHoldEnds() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("run"));
        Path file = dir.resolve(".lock");
        AtomicReference<Optional<String>> held = new AtomicReference<>();
        try (DirectoryLock hold =
                DirectoryLock.exclusive(file, "study", h -> HemametException.dataState("refused"), f -> {
                    held.set(DirectoryLock.holder(f));
                    Files.delete(f);
                    Files.delete(dir);
                })) {
            assertThat(held.get()).isNull();
        }
        assertThat(held.get()).as("still held while it ran").isPresent();
        assertThat(dir).doesNotExist();
    }

    /** An NFS mount without its lock daemon ("No locks available"): the work goes on, unguarded, not exit 5. */
    @Test
    void aFileSystemThatCannotLockDoesNotStopTheWork() throws Exception {
        Path file = tmp.resolve(".ds.lock");
        DirectoryLock.Locker real = DirectoryLock.locker;
        DirectoryLock.locker = (ch, shared) -> {
            throw new java.io.IOException("No locks available");
        };
        try {
            AtomicReference<Optional<String>> told = new AtomicReference<>();
            try (DirectoryLock writer = exclusive(file, told)) {
                assertThat(told.get()).isNull();
            }
            DirectoryLock reader = shared(file).orElseThrow();
            reader.close();
        } finally {
            DirectoryLock.locker = real;
        }
        try (DirectoryLock again = exclusive(file, new AtomicReference<>())) {
            assertThat(DirectoryLock.holder(file)).isPresent(); // locks work again here
        }
    }

    @Test
    void aReaderOfADirectoryNobodyMayWriteReadsWithoutAHold() throws Exception {
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        ro.toFile().setWritable(false);
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(
                    Files.isWritable(ro), "running as a user who may write anywhere");
            assertThat(shared(ro.resolve(".ds.lock"))).isEmpty();
        } finally {
            ro.toFile().setWritable(true);
        }
    }
}
