package org.hemamet.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict --image F --via V} takes the regions drawn on F only. A PACS export names every patient's
 * slices alike (IM-0001.png); the regions of another patient's IM-0001.png were cropped from F as well.
 */
class ViaTargetsTest {
    @TempDir
    Path tmp;

    @Test
    void regionsOfAnotherImageOfTheSameNameAreNotThisImages() throws Exception {
        Path p1 = png(tmp.resolve("cohort/p1/T1/IM-0001.png"));
        png(tmp.resolve("cohort/p2/T1/IM-0001.png"));
        Path via = via("p1/T1/IM-0001.png", "p2/T1/IM-0001.png");
        assertThat(ViaTargets.forImage(via, p1))
                .extracting(ViaTargets.Target::lesionId)
                .containsExactly("L1");

        // paths VIA kept from the machine the regions were drawn on: the folders still tell
        via = via("C:\\pacs\\p2\\T1\\IM-0001.png", "C:\\pacs\\p1\\T1\\IM-0001.png");
        assertThat(ViaTargets.forImage(via, p1))
                .extracting(ViaTargets.Target::lesionId)
                .containsExactly("L2");

        // bare names: nothing tells which entry is this image
        Path bare = via("IM-0001.png", "x/IM-0001.png");
        assertThatThrownBy(() -> ViaTargets.forImage(bare, p1))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage(bare + ": 2 image entries could be IM-0001.png (IM-0001.png, x/IM-0001.png) and their"
                        + " folders do not tell which; give --via a VIA file that names this image by its folders, or"
                        + " only its own entry");

        // one entry of that name: as before, whatever its folders
        assertThat(ViaTargets.forImage(via("elsewhere/IM-0001.png"), p1))
                .extracting(ViaTargets.Target::lesionId)
                .containsExactly("L1");
    }

    /** An export of another shape than its DICOM slice is refused: its regions would map onto other pixels. */
    @Test
    void anExportOfAnotherShapeThanItsSliceIsRefused() throws Exception {
        String sop = "1.2.826.0.1.3680043.10.543.77.1";
        org.hemamet.dicom.TestDicom.write(
                tmp.resolve("cohort/dicom/s.dcm"),
                new org.hemamet.dicom.TestDicom.Header("P", "Q^R", "19700101", sop, "t1_se", "SE", 500, 10, 0, null),
                0,
                0,
                null);
        Path export = tmp.resolve("cohort/" + sop + ".png");
        ImageIO.write(new BufferedImage(80, 64, BufferedImage.TYPE_BYTE_GRAY), "png", export.toFile());
        Path via = via(sop + ".png");
        assertThatThrownBy(() -> ViaTargets.all(via, tmp.resolve("cohort")))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith(via + ": image '" + sop + ".png': the export is 80x64 pixels but its DICOM"
                        + " slice 64x64: another shape");
        ImageIO.write(new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_GRAY), "png", export.toFile());
        assertThat(ViaTargets.all(via, tmp.resolve("cohort"))
                        .get(0)
                        .source()
                        .getFileName()
                        .toString())
                .isEqualTo("s.dcm");
    }

    private static Path png(Path f) throws Exception {
        Files.createDirectories(f.getParent());
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_USHORT_GRAY), "png", f.toFile());
        return f;
    }

    /** A VIA 2 export whose i-th entry names {@code names[i]} with one 8×8 region of lesion L(i+1). */
    private Path via(String... names) throws Exception {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("\"e")
                    .append(i)
                    .append("\":{\"filename\":\"")
                    .append(names[i].replace("\\", "\\\\"))
                    .append("\",\"size\":1,\"file_attributes\":{},\"regions\":[{\"shape_attributes\":")
                    .append("{\"name\":\"rect\",\"x\":")
                    .append(2 + 10 * i)
                    .append(",\"y\":2,\"width\":8,\"height\":8},\"region_attributes\":{\"lesion_id\":\"L")
                    .append(i + 1)
                    .append("\"}}]}");
        }
        Path f = Files.createTempFile(Files.createDirectories(tmp.resolve("cohort/annotations")), "via", ".json");
        Files.writeString(f, sb.append("}").toString());
        return f;
    }
}
