package org.hemamet.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The imaging plane from ImageOrientationPatient: the axis the slice normal lies most along. */
class DicomPlaneTest {
    @Test
    void theRealTestFileIsAxial() throws Exception {
        // MR_small.dcm: orientation 1\0\0\0\1\0, rows along x and columns along y: normal along z
        assertThat(DicomReader.readHeader(TestDicom.source()).plane()).isEqualTo(DicomDescriptor.AXIAL);
    }

    @Test
    void sagittalCoronalObliqueAndAbsent(@TempDir Path tmp) throws Exception {
        assertThat(plane(tmp, "0\\1\\0\\0\\0\\-1")).isEqualTo(DicomDescriptor.SAGITTAL);
        assertThat(plane(tmp, "1\\0\\0\\0\\0\\-1")).isEqualTo(DicomDescriptor.CORONAL);
        // a sagittal slice tilted 20 degrees about the left-right axis stays sagittal
        double c = Math.cos(Math.toRadians(20));
        double s = Math.sin(Math.toRadians(20));
        assertThat(plane(tmp, "0\\" + c + "\\" + s + "\\0\\" + s + "\\-" + c)).isEqualTo(DicomDescriptor.SAGITTAL);
        // an axial slice tilted 30 degrees ("AXIAL OBL") stays axial
        double c3 = Math.cos(Math.toRadians(30));
        double s3 = Math.sin(Math.toRadians(30));
        assertThat(plane(tmp, "1\\0\\0\\0\\" + c3 + "\\" + s3)).isEqualTo(DicomDescriptor.AXIAL);
        assertThat(plane(tmp, "")).isEmpty();
    }

    private static String plane(Path tmp, String orientation) throws Exception {
        Path f = Files.createTempFile(tmp, "o", ".dcm");
        Files.copy(TestDicom.source(), f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TestDicom.setFields(f, Map.of("ImageOrientationPatient", orientation));
        return DicomReader.readHeader(f).plane();
    }
}
