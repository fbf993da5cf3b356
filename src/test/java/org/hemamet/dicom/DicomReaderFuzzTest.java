package org.hemamet.dicom;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import org.hemamet.core.Mutations;

/**
 * The DICOM reader under mutation fuzzing (issue 16; slow tier): mutated copies of the test files of five
 * transfer syntaxes are read (header and pixels); each must read or be refused with one line naming it.
 * The seed is fixed, so the inputs are the same on every run. Its first run found jj2000's
 * {@code java.lang.Error} ("IO Error when reading tile 0 x 0") on a corrupt JPEG 2000 tile, now refused
 * as bad input ({@code DicomReader.codecError}).
 */
@Tag("slow")
class DicomReaderFuzzTest {
    @Property(tries = 700, seed = "16")
    void aMutatedFileIsReadOrRefusedWithOneLine(@ForAll("mutatedDicom") byte[] bytes) throws Exception {
        Path f = Files.createTempFile("fuzz", ".dcm");
        try {
            Mutations.assertParsesOrRefuses(f, bytes, DicomReader::read);
            Mutations.assertParsesOrRefuses(f, bytes, DicomReader::readHeader);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedDicom() throws Exception {
        List<byte[]> seeds = new java.util.ArrayList<>();
        for (String name : new String[] {
            "MR_small.dcm",
            "MR_small_implicit.dcm",
            "MR_small_bigendian.dcm",
            "MR_small_RLE.dcm",
            "MR_small_jp2klossless.dcm"
        }) {
            seeds.add(Files.readAllBytes(DicomReaderTest.res(name)));
        }
        return Mutations.of(seeds);
    }
}
