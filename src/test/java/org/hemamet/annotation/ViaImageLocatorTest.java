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

    /**
     * A project drawn on a Mac names "Müller" with u + combining diaeresis (NFD) where the copied files have the
     * composed ü (NFC), or the other way round; a project that loaded its images by URL keeps them percent-encoded.
     * Each names the one file; names that differ in more than that still do not.
     */
    @Test
    void namesMatchInEitherUnicodeNormalFormAndPercentEncoded() throws Exception {
        String composed = "M\u00fcller";
        String decomposed = "Mu\u0308ller";
        Files.createDirectories(root.resolve("png/" + composed + "/T1"));
        Files.createDirectories(root.resolve("png/Jos\u00e9"));
        Files.writeString(root.resolve("png/" + composed + "/T1/" + composed + " 1.png"), "a");
        Files.writeString(root.resolve("png/Jos\u00e9/Jos\u00e9.png"), "b");
        Files.writeString(root.resolve("png/Jos\u00e9/Jose\u0301 2.png"), "c"); // decomposed on disk
        Path a = root.resolve("png/" + composed + "/T1/" + composed + " 1.png");
        ViaImageLocator l = new ViaImageLocator(root);
        List<Path> bases = List.of(root.resolve("annotations"), root);
        assertThat(l.find("png/" + decomposed + "/T1/" + decomposed + " 1.png", bases))
                .as("relative path in NFD")
                .isEqualTo(a);
        assertThat(l.find("/Users/rad/export/" + decomposed + "/T1/" + decomposed + " 1.png", bases))
                .as("a Mac path in NFD, found by name below the root")
                .isEqualTo(a);
        assertThat(l.find("https://pacs.example/M%C3%BCller%201.png", bases))
                .as("percent-encoded")
                .isEqualTo(a);
        assertThat(l.find("Jos\u00e9 2.png", bases))
                .as("NFC name, NFD file")
                .isEqualTo(root.resolve("png/Jos\u00e9/Jose\u0301 2.png"));
        assertThat(l.find("Jos\u00e8.png", bases)).as("another letter").isNull();
        assertThat(l.find("100%.png", bases)).as("a % that is no escape").isNull();
    }
}
