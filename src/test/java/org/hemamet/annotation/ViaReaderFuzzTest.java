package org.hemamet.annotation;

import java.nio.charset.StandardCharsets;
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
 * The VIA reader under mutation fuzzing (issue 16; slow tier): mutated VIA 1.x, 2.x and 3.x JSON and 2.x CSV
 * files must be read or refused with one line naming the file.
 */
@Tag("slow")
class ViaReaderFuzzTest {
    static final String VIA2 = "{\"_via_settings\":{},\"_via_attributes\":{\"region\":{},\"file\":{}},"
            + "\"_via_data_format_version\":\"2.0.10\",\"_via_image_id_list\":[\"a.png123\"],"
            + "\"_via_img_metadata\":{\"a.png123\":{\"filename\":\"a.png\",\"size\":123,\"regions\":"
            + ViaReaderTest.REGIONS_2X + ",\"file_attributes\":{\"patient_id\":\"P1\",\"sequence\":\"T1\"}}}}";
    static final String VIA1 = "{\"x.jpg999\":{\"fileref\":\"\",\"size\":999,\"filename\":\"x.jpg\","
            + "\"base64_img_data\":\"\",\"file_attributes\":{\"sequence\":\"T2\"},\"regions\":{"
            + "\"0\":{\"shape_attributes\":{\"name\":\"rect\",\"x\":1,\"y\":2,\"width\":3,\"height\":4},"
            + "\"region_attributes\":{\"lesion_id\":\"L1\"}}}}}";
    static final String VIA3 = "{\"project\":{\"pid\":\"__VIA_PROJECT_ID__\",\"rev\":\"1\",\"pname\":\"t\","
            + "\"data_format_version\":\"3.1.1\",\"vid_list\":[\"1\"]},\"config\":{},"
            + "\"attribute\":{\"1\":{\"aname\":\"lesion_id\",\"anchor_id\":\"FILE1_Z0_XY1\",\"type\":1}},"
            + "\"file\":{\"1\":{\"fid\":\"1\",\"fname\":\"img1.png\",\"type\":2,\"loc\":1,\"src\":\"\"}},"
            + "\"view\":{\"1\":{\"fid_list\":[\"1\"]}},\"metadata\":{"
            + "\"1_b\":{\"vid\":\"1\",\"flg\":0,\"z\":[],\"xy\":[2,10.5,20,30,40],\"av\":{\"1\":\"L1\"}},"
            + "\"1_g\":{\"vid\":\"1\",\"flg\":0,\"z\":[],\"xy\":[7,1,1,9,1,5,7],\"av\":{}}}}";
    static final String CSV = ViaReader.CSV_HEADER + "\r\n"
            + "a.png,123," + ViaReaderTest.csvQuote("{\"patient_id\":\"P1\"}") + ",2,0,"
            + ViaReaderTest.csvQuote("{\"name\":\"rect\",\"x\":10,\"y\":20,\"width\":30,\"height\":40}") + ","
            + ViaReaderTest.csvQuote("{\"lesion_id\":\"L1\"}") + "\r\n"
            + "a.png,123," + ViaReaderTest.csvQuote("{\"patient_id\":\"P1\"}") + ",2,1,"
            + ViaReaderTest.csvQuote("{\"name\":\"polygon\",\"all_points_x\":[1,9,5],\"all_points_y\":[1,1,7]}") + ","
            + ViaReaderTest.csvQuote("{\"lesion_id\":\"L2\"}") + "\r\n";

    @Property(tries = 1500, seed = "16")
    void aMutatedJsonProjectIsReadOrRefusedWithOneLine(@ForAll("mutatedJson") byte[] bytes) throws Exception {
        fuzz(bytes, ".json");
    }

    @Property(tries = 800, seed = "16")
    void aMutatedCsvExportIsReadOrRefusedWithOneLine(@ForAll("mutatedCsv") byte[] bytes) throws Exception {
        fuzz(bytes, ".csv");
    }

    private static void fuzz(byte[] bytes, String ext) throws Exception {
        Path f = Files.createTempFile("fuzz", ext);
        try {
            Mutations.assertParsesOrRefuses(f, bytes, ViaReader::read);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedJson() {
        return Mutations.of(List.of(utf8(VIA2), utf8(VIA1), utf8(VIA3)));
    }

    @Provide
    Arbitrary<byte[]> mutatedCsv() {
        return Mutations.of(List.of(utf8(CSV)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
