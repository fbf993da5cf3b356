package org.hemamet.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViaImageLocatorTest {
    @TempDir
    Path root;

    @Test
    void resolvesAgainstBasesThenByUniqueNameBelowTheRoot() throws Exception {
        Files.createDirectories(root.resolve("png/p1/T1"));
        Files.createDirectories(root.resolve("png/p2/T1"));
        Files.createDirectories(root.resolve("annotations"));
        Files.writeString(root.resolve("png/p1/T1/a.png"), "a");
        Files.writeString(root.resolve("png/p1/T1/same.png"), "1");
        Files.writeString(root.resolve("png/p2/T1/same.png"), "2");
        ViaImageLocator l = new ViaImageLocator(root);
        List<Path> bases = List.of(root.resolve("annotations"), root);
        assertThat(l.find("png/p1/T1/a.png", bases)).isEqualTo(root.resolve("png/p1/T1/a.png"));
        assertThat(l.find("png\\p1\\T1\\a.png", bases)).isEqualTo(root.resolve("png/p1/T1/a.png"));
        assertThat(l.find("C:\\export\\a.png", bases)).isEqualTo(root.resolve("png/p1/T1/a.png"));
        assertThat(l.find("same.png", bases)).as("ambiguous name").isNull();
        assertThat(l.namesakes("same.png")).hasSize(2);
        // the path VIA kept from the machine it was drawn on picks the namesake in the same folders
        assertThat(l.find("C:\\export\\p2\\T1\\same.png", bases)).isEqualTo(root.resolve("png/p2/T1/same.png"));
        assertThat(l.find("/home/rad/png/p1/T1/same.png", bases)).isEqualTo(root.resolve("png/p1/T1/same.png"));
        assertThat(l.find("p3/T1/same.png", bases))
                .as("both end in T1/same.png")
                .isNull();
        assertThat(l.find("https://pacs.example/x.png", bases)).isNull();
        assertThat(ViaImageLocator.baseName("a\\b/c.png")).isEqualTo("c.png");
    }
}
