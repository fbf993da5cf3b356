package org.hemamet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hemamet.annotation.BoundingBox;
import org.hemamet.annotation.ViaFile;
import org.hemamet.annotation.ViaImage;
import org.hemamet.annotation.ViaReader;
import org.hemamet.annotation.ViaRegion;
import org.hemamet.core.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hemamet annotations FILE...}: prints every VIA region so a user can check a file before ingest. */
@Command(
        name = "annotations",
        mixinStandardHelpOptions = true,
        description = "List every region of VIA annotation files (1.x/2.x/3.x JSON, 2.x CSV): image, shape,"
                + " bounding box, attributes.")
public final class AnnotationsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "VIA files to read.")
    List<Path> files;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<ViaFile> parsed = new ArrayList<>();
        for (Path f : files) {
            parsed.add(ViaReader.read(f));
        }
        if (json) {
            ArrayNode arr = Json.mapper().createArrayNode();
            for (ViaFile vf : parsed) {
                for (ViaImage im : vf.images()) {
                    for (ViaRegion r : im.regions()) {
                        ObjectNode o = arr.addObject();
                        o.put("file", vf.path().toString());
                        o.put("format", vf.format().label());
                        o.put("image", im.filename());
                        o.put("region", r.index());
                        o.put("shape", r.shape().name());
                        o.put("geometry", r.shape().geometry());
                        BoundingBox b = r.shape().bounds();
                        ObjectNode bb = o.putObject("bbox");
                        bb.put("x", b.x())
                                .put("y", b.y())
                                .put("width", b.width())
                                .put("height", b.height());
                        o.put("can_crop", r.shape().hasArea() && b.area() > 0);
                        o.set("file_attributes", Json.mapper().valueToTree(new TreeMap<>(im.fileAttributes())));
                        o.set("region_attributes", Json.mapper().valueToTree(new TreeMap<>(r.attributes())));
                    }
                }
            }
            out.println(Json.mapper().writeValueAsString(arr));
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"FILE", "IMAGE", "REGION", "SHAPE", "BBOX(x,y,wxh)", "ATTRIBUTES"});
            for (ViaFile vf : parsed) {
                for (ViaImage im : vf.images()) {
                    for (ViaRegion r : im.regions()) {
                        rows.add(new String[] {
                            vf.path().toString(),
                            im.filename(),
                            Integer.toString(r.index()),
                            r.shape().name() + (r.shape().hasArea() ? "" : " (no area)"),
                            r.shape().bounds().toString(),
                            attrs(im.fileAttributes(), r.attributes())
                        });
                    }
                }
            }
            int[] w = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    w[i] = Math.max(w[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    sb.append(i == row.length - 1 ? row[i] : String.format("%-" + w[i] + "s  ", row[i]));
                }
                out.println(sb.toString().stripTrailing());
            }
            for (ViaFile vf : parsed) {
                int n = vf.images().stream().mapToInt(i -> i.regions().size()).sum();
                out.println(vf.path() + ": " + vf.format().label() + ", "
                        + vf.images().size() + " image(s), " + n + " region(s)");
            }
        }
        out.flush();
        return 0;
    }

    private static String attrs(Map<String, String> file, Map<String, String> region) {
        Map<String, String> all = new TreeMap<>(file);
        all.putAll(region);
        return all.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
