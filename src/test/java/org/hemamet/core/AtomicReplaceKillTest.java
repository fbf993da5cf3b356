package org.hemamet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A kill at every step of a directory replace (injected through {@link AtomicFiles#afterStep}, not timed)
 * leaves the target the complete old or the complete new directory once {@link AtomicFiles#recover} (or the
 * next write) has run, and no temporary or aside behind.
 */
class AtomicReplaceKillTest {
    private static final class Kill extends Error {}

    @TempDir
    Path tmp;

    @AfterEach
    void noHook() {
        AtomicFiles.afterStep = s -> {};
    }

    private static void fill(Path dir, String version) throws IOException {
        Files.createDirectories(dir.resolve("crops"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(dir.resolve("crops/c" + i + ".png"), version + i);
        }
        Files.writeString(dir.resolve("dataset.csv"), version + " manifest");
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                m.put(dir.relativize(p).toString(), Files.readString(p));
            }
        }
        return m;
    }

    private Map<String, String> expected(String version) throws IOException {
        Path d = tmp.resolve("expected-" + version);
        fill(d, version);
        return contents(d);
    }

    @ParameterizedTest
    @EnumSource(AtomicFiles.Step.class)
    void aKillAtAnyStepLeavesTheOldOrTheNewDataset(AtomicFiles.Step killAt) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path target = work.resolve("dataset");
        AtomicFiles.writeDirectory(target, true, d -> fill(d, "old"));
        AtomicFiles.afterStep = s -> {
            if (s == killAt) {
                throw new Kill();
            }
        };
        assertThatThrownBy(() -> AtomicFiles.writeDirectory(target, true, d -> fill(d, "new")))
                .isInstanceOf(Kill.class);
        AtomicFiles.afterStep = s -> {};
        Map<String, String> old = expected("old");
        Map<String, String> neu = expected("new");
        // the moment after the kill: the target is old, new, or missing with the complete old one aside
        if (Files.exists(target)) {
            assertThat(contents(target)).isIn(old, neu);
        } else {
            assertThat(contents(work.resolve(".dataset.old-0"))).isEqualTo(old);
        }
        // a fresh process recovers: the target is complete, and nothing else is left next to it
        AtomicFiles.recover(target);
        Map<String, String> after = contents(target);
        assertThat(after).isIn(old, neu);
        if (killAt.compareTo(AtomicFiles.Step.NEW_IN) >= 0) {
            assertThat(after).isEqualTo(neu);
        } else {
            assertThat(after).isEqualTo(old);
        }
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("dataset");
        }
        // and the same command run again replaces it
        AtomicFiles.writeDirectory(target, true, d -> fill(d, "new"));
        assertThat(contents(target)).isEqualTo(neu);
    }

    @ParameterizedTest
    @EnumSource(AtomicFiles.Step.class)
    void theNextWriteItselfRecoversWithoutAnExplicitRecover(AtomicFiles.Step killAt) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path target = work.resolve("run");
        AtomicFiles.writeDirectory(target, true, d -> fill(d, "old"));
        AtomicFiles.afterStep = s -> {
            if (s == killAt) {
                throw new Kill();
            }
        };
        assertThatThrownBy(() -> AtomicFiles.writeDirectory(target, true, d -> fill(d, "new")))
                .isInstanceOf(Kill.class);
        AtomicFiles.afterStep = s -> {};
        // a writer that fails: the target must stay whatever recovery gave (old or new, complete)
        assertThatThrownBy(() -> AtomicFiles.writeDirectory(target, true, d -> {
                    throw HemametException.dataState("no samples");
                }))
                .isInstanceOf(HemametException.class);
        assertThat(contents(target)).isIn(expected("old"), expected("new"));
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("run");
        }
    }
}
