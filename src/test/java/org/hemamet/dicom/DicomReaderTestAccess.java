package org.hemamet.dicom;

import java.nio.file.Files;
import java.util.List;
import org.hemamet.core.Mutations;

/** Fixed corrupt DICOM files for tests of other packages (the reliability corpus). */
public final class DicomReaderTestAccess {
    private DicomReaderTestAccess() {}

    /**
     * The jj2000 fuzz finding as fixed bytes: MR_small_jp2klossless.dcm with 62 bytes of its encapsulated
     * JPEG 2000 stream overwritten, on which jj2000 throws {@code java.lang.Error("IO Error when reading
     * tile 0 x 0")} and PixelMed and jj2000 print a stack trace of 10 kB to System.err.
     */
    public static byte[] corruptJpeg2000Tile() throws Exception {
        return Mutations.apply(
                Files.readAllBytes(DicomReaderTest.res("MR_small_jp2klossless.dcm")),
                List.of(new Mutations.Edit(6, 0.4486158557270161, 233, 62)));
    }

    /**
     * MR_small_jp2klossless.dcm with its encapsulated pixel data badly terminated: readable, but PixelMed
     * prints "Error: Incorrectly terminated encapsulated pixel data" to System.err while reading it.
     */
    public static byte[] badlyTerminatedJpeg2000() throws Exception {
        return Mutations.apply(
                Files.readAllBytes(DicomReaderTest.res("MR_small_jp2klossless.dcm")),
                List.of(new Mutations.Edit(4, 0.30250609375985327, 27, 29)));
    }
}
