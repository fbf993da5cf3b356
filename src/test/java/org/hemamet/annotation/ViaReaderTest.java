package org.hemamet.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemamet.core.HemametException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViaReaderTest {
    @TempDir
    Path dir;

    /** Regions of all six 2.x shapes, in one image. */
    static final String REGIONS_2X = "["
            + "{\"shape_attributes\":{\"name\":\"rect\",\"x\":10,\"y\":20,\"width\":30,\"height\":40},"
            + "\"region_attributes\":{\"lesion_id\":\"L1\",\"type\":{\"a\":true,\"b\":false,\"c\":true}}},"
            + "{\"shape_attributes\":{\"name\":\"circle\",\"cx\":50,\"cy\":60,\"r\":5},\"region_attributes\":{\"lesion_id\":2}},"
            + "{\"shape_attributes\":{\"name\":\"ellipse\",\"cx\":50,\"cy\":60,\"rx\":8,\"ry\":2,\"theta\":1.5707963267948966},"
            + "\"region_attributes\":{}},"
            + "{\"shape_attributes\":{\"name\":\"ellipse\",\"cx\":50,\"cy\":60,\"rx\":8,\"ry\":2},\"region_attributes\":{}},"
            + "{\"shape_attributes\":{\"name\":\"polygon\",\"all_points_x\":[1,9,5],\"all_points_y\":[1,1,7]},"
            + "\"region_attributes\":{}},"
            + "{\"shape_attributes\":{\"name\":\"polyline\",\"all_points_x\":[1,9],\"all_points_y\":[1,3]},"
            + "\"region_attributes\":{}},"
            + "{\"shape_attributes\":{\"name\":\"point\",\"cx\":7,\"cy\":8},\"region_attributes\":{}}]";

    Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    static void assertSixShapes(ViaImage im) {
        List<ViaRegion> r = im.regions();
        assertThat(r).hasSize(7);
        assertThat(r.get(0).shape()).isEqualTo(new RoiShape.Rect(10, 20, 30, 40));
        assertThat(r.get(0).attributes()).containsEntry("lesion_id", "L1").containsEntry("type", "a,c");
        assertThat(r.get(1).shape()).isEqualTo(new RoiShape.Circle(50, 60, 5));
        assertThat(r.get(1).attributes()).containsEntry("lesion_id", "2");
        assertThat(r.get(2).shape().bounds()).isEqualTo(new BoundingBox(48, 52, 4, 16));
        assertThat(r.get(3).shape()).isEqualTo(new RoiShape.Ellipse(50, 60, 8, 2, 0));
        assertThat(r.get(4).shape().bounds()).isEqualTo(new BoundingBox(1, 1, 8, 6));
        assertThat(r.get(5).shape().name()).isEqualTo("polyline");
        assertThat(r.get(6).shape()).isEqualTo(new RoiShape.Point(7, 8));
        for (int i = 0; i < 7; i++) {
            assertThat(r.get(i).index()).isEqualTo(i);
        }
    }

    @Test
    void via2ProjectJson() throws Exception {
        Path f = write(
                "p.json",
                "{\"_via_settings\":{},\"_via_attributes\":{\"region\":{},\"file\":{}},"
                        + "\"_via_data_format_version\":\"2.0.10\",\"_via_image_id_list\":[\"a.png123\",\"b.png-1\"],"
                        + "\"_via_img_metadata\":{"
                        + "\"a.png123\":{\"filename\":\"a.png\",\"size\":123,\"regions\":" + REGIONS_2X + ","
                        + "\"file_attributes\":{\"patient_id\":\"P1\",\"sequence\":\"T1\"}},"
                        + "\"b.png-1\":{\"filename\":\"b.png\",\"size\":\"-1\",\"regions\":[],\"file_attributes\":{}}}}");
        ViaFile vf = ViaReader.read(f);
        assertThat(vf.format()).isEqualTo(ViaFormat.VIA2_PROJECT);
        assertThat(vf.images()).extracting(ViaImage::filename).containsExactly("a.png", "b.png");
        assertThat(vf.images().get(0).fileAttributes())
                .containsEntry("patient_id", "P1")
                .containsEntry("sequence", "T1");
        assertSixShapes(vf.images().get(0));
        assertThat(vf.images().get(1).regions()).isEmpty();
    }

    @Test
    void via2ExportedJsonWithStringAndNumberSizes() throws Exception {
        Path f = write(
                "e.json",
                "{\"a.png123\":{\"filename\":\"a.png\",\"size\":\"123\",\"regions\":" + REGIONS_2X
                        + ",\"file_attributes\":{}},\"c.png5\":{\"filename\":\"c.png\",\"size\":5,\"regions\":[],"
                        + "\"file_attributes\":{}}}");
        ViaFile vf = ViaReader.read(f);
        assertThat(vf.format()).isEqualTo(ViaFormat.VIA2_EXPORT);
        assertSixShapes(vf.images().get(0));
        assertThat(vf.images()).hasSize(2);
    }

    @Test
    void via1JsonWithRegionsAsObject() throws Exception {
        Path f = write(
                "v1.json",
                "{\"x.jpg999\":{\"fileref\":\"\",\"size\":999,\"filename\":\"x.jpg\","
                        + "\"base64_img_data\":\"\",\"file_attributes\":{\"sequence\":\"T2\"},\"regions\":{"
                        + "\"0\":{\"shape_attributes\":{\"name\":\"rect\",\"x\":1,\"y\":2,\"width\":3,\"height\":4},"
                        + "\"region_attributes\":{\"lesion_id\":\"L1\"}},"
                        + "\"1\":{\"shape_attributes\":{\"name\":\"ellipse\",\"cx\":10,\"cy\":10,\"rx\":4,\"ry\":2},"
                        + "\"region_attributes\":{\"lesion_id\":\"L2\"}}}}}");
        ViaFile vf = ViaReader.read(f);
        assertThat(vf.format()).isEqualTo(ViaFormat.VIA1_JSON);
        ViaImage im = vf.images().get(0);
        assertThat(im.fileAttributes()).containsEntry("sequence", "T2");
        assertThat(im.regions())
                .extracting(r -> r.shape().bounds())
                .containsExactly(new BoundingBox(1, 2, 3, 4), new BoundingBox(6, 8, 8, 4));
        assertThat(im.regions().get(1).attributes()).containsEntry("lesion_id", "L2");
    }

    static String csvQuote(String json) {
        return "\"" + json.replace("\"", "\"\"") + "\"";
    }

    @Test
    void via2CsvWithRfc4180QuotingAndHashHeaderVariant() throws Exception {
        for (String hdr : new String[] {"", "#"}) {
            String csv = hdr + ViaReader.CSV_HEADER + "\r\n"
                    + "a.png,123," + csvQuote("{\"patient_id\":\"P1\",\"note\":\"say \\\"hi\\\", ok\"}") + ",2,0,"
                    + csvQuote("{\"name\":\"rect\",\"x\":10,\"y\":20,\"width\":30,\"height\":40}") + ","
                    + csvQuote("{\"lesion_id\":\"L1\"}") + "\r\n"
                    + "a.png,123," + csvQuote("{\"patient_id\":\"P1\",\"note\":\"say \\\"hi\\\", ok\"}") + ",2,1,"
                    + csvQuote("{\"name\":\"polygon\",\"all_points_x\":[1,9,5],\"all_points_y\":[1,1,7]}") + ","
                    + csvQuote("{\"lesion_id\":\"L2\"}") + "\r\n"
                    + "b.png,7,\"{}\",0,0,\"{}\",\"{}\"\r\n";
            ViaFile vf = ViaReader.read(write("v" + hdr.length() + ".csv", csv));
            assertThat(vf.format()).isEqualTo(ViaFormat.VIA2_CSV);
            assertThat(vf.images()).extracting(ViaImage::filename).containsExactly("a.png", "b.png");
            ViaImage a = vf.images().get(0);
            assertThat(a.fileAttributes()).containsEntry("note", "say \"hi\", ok");
            assertThat(a.regions())
                    .extracting(r -> r.shape().bounds())
                    .containsExactly(new BoundingBox(10, 20, 30, 40), new BoundingBox(1, 1, 8, 6));
            assertThat(a.regions()).extracting(ViaRegion::index).containsExactly(0, 1);
            assertThat(vf.images().get(1).regions()).isEmpty();
        }
    }

    @Test
    void via3ProjectWithEveryShapeId() throws Exception {
        String json = "{\"project\":{\"pid\":\"__VIA_PROJECT_ID__\",\"rev\":\"1\",\"pname\":\"t\","
                + "\"data_format_version\":\"3.1.1\",\"vid_list\":[\"1\",\"2\"]},\"config\":{},"
                + "\"attribute\":{\"1\":{\"aname\":\"lesion_id\",\"anchor_id\":\"FILE1_Z0_XY1\",\"type\":1},"
                + "\"2\":{\"aname\":\"sequence\",\"anchor_id\":\"FILE1_Z0_XY0\",\"type\":1}},"
                + "\"file\":{\"1\":{\"fid\":\"1\",\"fname\":\"img1.png\",\"type\":2,\"loc\":1,\"src\":\"\"},"
                + "\"2\":{\"fid\":\"2\",\"fname\":\"img2.png\",\"type\":2,\"loc\":1,\"src\":\"\"}},"
                + "\"view\":{\"1\":{\"fid_list\":[\"1\"]},\"2\":{\"fid_list\":[\"2\"]}},"
                + "\"metadata\":{"
                + "\"1_a\":{\"vid\":\"1\",\"flg\":0,\"z\":[],\"xy\":[],\"av\":{\"2\":\"STIR\"}},"
                + "\"1_b\":{\"vid\":\"1\",\"flg\":0,\"z\":[],\"xy\":[2,10.5,20,30,40],\"av\":{\"1\":\"L1\"}},"
                + "\"1_c\":{\"vid\":\"1\",\"flg\":0,\"z\":[],\"xy\":[3,50,60,5],\"av\":{}},"
                + "\"1_d\":{\"vid\":\"1\",\"flg\":0,\"z\":[],\"xy\":[4,50,60,8,2],\"av\":{}},"
                + "\"1_e\":{\"vid\":\"1\",\"flg\":0,\"z\":[],\"xy\":[1,7,8],\"av\":{}},"
                + "\"1_f\":{\"vid\":\"1\",\"flg\":0,\"z\":[],\"xy\":[6,1,1,9,3],\"av\":{}},"
                + "\"1_g\":{\"vid\":\"1\",\"flg\":0,\"z\":[],\"xy\":[7,1,1,9,1,5,7],\"av\":{}},"
                + "\"1_h\":{\"vid\":\"1\",\"flg\":0,\"z\":[],\"xy\":[8,5,0,10,5,5,10,0,5],\"av\":{}},"
                + "\"1_i\":{\"vid\":\"1\",\"flg\":0,\"z\":[],\"xy\":[9,0,5,10,5,5,0],\"av\":{}},"
                + "\"2_a\":{\"vid\":\"2\",\"flg\":0,\"z\":[],\"xy\":[2,1,2,3,4],\"av\":{\"1\":\"L9\"}}}}";
        ViaFile vf = ViaReader.read(write("v3.json", json));
        assertThat(vf.format()).isEqualTo(ViaFormat.VIA3_PROJECT);
        assertThat(vf.images()).extracting(ViaImage::filename).containsExactly("img1.png", "img2.png");
        ViaImage a = vf.images().get(0);
        assertThat(a.fileAttributes()).containsEntry("sequence", "STIR");
        assertThat(a.regions())
                .extracting(r -> r.shape().name())
                .containsExactly("rect", "circle", "ellipse", "point", "polyline", "polygon", "rect", "circle");
        assertThat(a.regions().get(0).shape().bounds()).isEqualTo(new BoundingBox(10, 20, 31, 40));
        assertThat(a.regions().get(0).attributes()).containsEntry("lesion_id", "L1");
        assertThat(a.regions().get(2).shape()).isEqualTo(new RoiShape.Ellipse(50, 60, 8, 2, 0));
        assertThat(a.regions().get(6).shape()).isEqualTo(new RoiShape.Rect(0, 0, 10, 10));
        RoiShape.Circle c = (RoiShape.Circle) a.regions().get(7).shape();
        assertThat(c.cx()).isEqualTo(5.0);
        assertThat(c.cy()).isEqualTo(5.0);
        assertThat(c.r()).isEqualTo(5.0);
        assertThat(vf.images().get(1).regions().get(0).attributes()).containsEntry("lesion_id", "L9");
    }

    @Test
    void pointOrPolylineCannotDefineACrop() throws Exception {
        Path f = write(
                "e.json",
                "{\"a.png1\":{\"filename\":\"a.png\",\"size\":1,\"regions\":" + REGIONS_2X
                        + ",\"file_attributes\":{}}}");
        ViaFile vf = ViaReader.read(f);
        ViaImage im = vf.images().get(0);
        assertThat(im.regions().get(0).cropBounds(f, im.filename())).isEqualTo(new BoundingBox(10, 20, 30, 40));
        assertThatThrownBy(() -> im.regions().get(5).cropBounds(f, im.filename()))
                .isInstanceOf(HemametException.class)
                .hasMessage(f + ": image 'a.png' region 5: a polyline cannot define a crop (draw a rect, circle,"
                        + " ellipse or polygon around the lesion)");
        assertThatThrownBy(() -> im.regions().get(6).cropBounds(f, im.filename()))
                .hasMessage(f + ": image 'a.png' region 6: a point cannot define a crop (draw a rect, circle,"
                        + " ellipse or polygon around the lesion)");
    }

    @Test
    void badFilesNameTheFileAndTheProblem() throws Exception {
        Path unknown = write(
                "u.json",
                "{\"a.png1\":{\"filename\":\"a.png\",\"size\":1,\"regions\":[{\"shape_attributes\":"
                        + "{\"name\":\"star\"},\"region_attributes\":{}}],\"file_attributes\":{}}}");
        assertThatThrownBy(() -> ViaReader.read(unknown))
                .hasMessage(unknown
                        + ": image 'a.png' region 0: star: unknown shape 'star' (expected rect, circle, ellipse, polygon,"
                        + " polyline or point)");
        Path missing = write(
                "m.json",
                "{\"a.png1\":{\"filename\":\"a.png\",\"size\":1,\"regions\":[{\"shape_attributes\":"
                        + "{\"name\":\"rect\",\"x\":1,\"y\":1,\"width\":\"wide\",\"height\":2},\"region_attributes\":{}}],"
                        + "\"file_attributes\":{}}}");
        assertThatThrownBy(() -> ViaReader.read(missing))
                .hasMessage(missing + ": image 'a.png' region 0: rect: 'width' is not a number: \"wide\"");
        Path badJson = write("b.json", "{\"a\": ");
        assertThatThrownBy(() -> ViaReader.read(badJson)).hasMessageStartingWith(badJson + ": invalid JSON (line 1: ");
        Path other = write("o.json", "{\"foo\": 1}");
        assertThatThrownBy(() -> ViaReader.read(other))
                .isInstanceOfSatisfying(
                        HemametException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage(
                        other + ": not a VIA annotation file (expected VIA 1.x/2.x/3.x JSON or a VIA 2.x CSV export)");
        Path csv = write("c.csv", "filename,size\na.png,1\n");
        assertThatThrownBy(() -> ViaReader.read(csv))
                .hasMessage(csv + ": not a VIA CSV export (header must be '" + ViaReader.CSV_HEADER
                        + "', optionally with a leading '#')");
        Path unterminated = write("t.csv", ViaReader.CSV_HEADER + "\na.png,1,\"{,0,0,{},{}\n");
        assertThatThrownBy(() -> ViaReader.read(unterminated))
                .hasMessage(unterminated + ": unterminated quoted field starting on line 2");
    }
}
