package org.hemamet.annotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemamet.core.Csv;
import org.hemamet.core.HemametException;
import org.hemamet.core.Json;

/**
 * Reads every VIA flavour users meet (format notes: VIA's own source, github.com/ox-vgg/via): 1.x JSON
 * (regions as an object), 2.x project JSON ({@code _via_img_metadata}), 2.x exported JSON (the bare
 * metadata map), 2.x CSV (RFC 4180 quoting; the 1.0.x header starts with {@code #}) and 3.x project JSON
 * (flat {@code xy} shape arrays). The flavour is detected from the content, not the file name. Errors
 * are {@link HemametException#invalidInput} naming the file (and image and region index where known).
 */
public final class ViaReader {
    static final String CSV_HEADER =
            "filename,file_size,file_attributes,region_count,region_id,region_shape_attributes,region_attributes";

    private ViaReader() {}

    /** Reads and parses one VIA file. */
    public static ViaFile read(Path file) {
        String text;
        try {
            text = org.hemamet.core.Csv.decodeUtf8(Files.readAllBytes(file));
        } catch (IOException e) {
            throw HemametException.invalidInput(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (org.hemamet.core.Csv.CsvException e) {
            throw HemametException.invalidInput(file + ": line " + e.line() + ": " + e.reason(), e);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{")) {
            JsonNode root;
            try {
                root = Json.mapper().readTree(text);
            } catch (JsonProcessingException e) {
                throw HemametException.invalidInput(
                        file + ": invalid JSON (line " + e.getLocation().getLineNr() + ": "
                                + org.hemamet.core.JsonProblem.what(e) + ")",
                        e);
            }
            return readJson(file, root);
        }
        String firstLine = trimmed.lines().findFirst().orElse("").trim();
        if (firstLine.replace("\"", "").replaceFirst("^#", "").startsWith("filename,")) {
            return readCsv(file, text);
        }
        throw notVia(file);
    }

    private static HemametException notVia(Path file) {
        return HemametException.invalidInput(
                file + ": not a VIA annotation file (expected VIA 1.x/2.x/3.x JSON or" + " a VIA 2.x CSV export)");
    }

    // ---------------------------------------------------------------- JSON 1.x / 2.x

    private static ViaFile readJson(Path file, JsonNode root) {
        if (!root.isObject()) {
            throw notVia(file);
        }
        if (root.has("project") && root.has("metadata")) {
            return readVia3(file, root);
        }
        if (root.has("_via_img_metadata")) {
            JsonNode meta = root.get("_via_img_metadata");
            if (!meta.isObject()) {
                throw HemametException.invalidInput(file + ": _via_img_metadata is not an object");
            }
            return new ViaFile(file, ViaFormat.VIA2_PROJECT, images(file, meta, false));
        }
        boolean anyObjectRegions = false;
        for (JsonNode entry : root) {
            if (!entry.isObject() || !entry.has("filename") || !entry.has("regions")) {
                throw notVia(file);
            }
            anyObjectRegions |= entry.get("regions").isObject();
        }
        return new ViaFile(
                file,
                anyObjectRegions ? ViaFormat.VIA1_JSON : ViaFormat.VIA2_EXPORT,
                images(file, root, anyObjectRegions));
    }

    private static List<ViaImage> images(Path file, JsonNode meta, boolean v1) {
        List<ViaImage> out = new ArrayList<>();
        for (JsonNode e : meta) {
            String filename = text(e.get("filename"));
            if (filename.isEmpty()) {
                throw HemametException.invalidInput(file + ": image entry without a filename");
            }
            JsonNode regions = e.get("regions");
            List<ViaRegion> rs = new ArrayList<>();
            if (regions != null && !regions.isNull()) {
                if (!regions.isArray() && !regions.isObject()) {
                    throw HemametException.invalidInput(
                            file + ": image '" + filename + "': regions is neither an" + " array nor an object");
                }
                int i = 0;
                for (JsonNode r : regions) {
                    rs.add(region(file, filename, i, r.get("shape_attributes"), r.get("region_attributes")));
                    i++;
                }
            }
            out.add(new ViaImage(filename, attributes(e.get("file_attributes")), rs));
        }
        return out;
    }

    private static ViaRegion region(Path file, String image, int index, JsonNode shape, JsonNode attrs) {
        return new ViaRegion(index, shape(file, image, index, shape), attributes(attrs));
    }

    /** Parses a VIA 1.x/2.x {@code shape_attributes} object. */
    static RoiShape shape(Path file, String image, int index, JsonNode s) {
        String where = file + ": image '" + image + "' region " + index;
        if (s == null || !s.isObject() || !s.has("name")) {
            throw HemametException.invalidInput(where + ": shape_attributes has no shape name");
        }
        String name = text(s.get("name")).toLowerCase(Locale.ROOT);
        try {
            switch (name) {
                case "rect":
                    return new RoiShape.Rect(num(s, "x"), num(s, "y"), num(s, "width"), num(s, "height"));
                case "circle":
                    return new RoiShape.Circle(num(s, "cx"), num(s, "cy"), num(s, "r"));
                case "ellipse":
                    return new RoiShape.Ellipse(
                            num(s, "cx"),
                            num(s, "cy"),
                            num(s, "rx"),
                            num(s, "ry"),
                            s.has("theta") && !s.get("theta").isNull() ? num(s, "theta") : 0.0);
                case "polygon":
                    return new RoiShape.Polygon(nums(s, "all_points_x"), nums(s, "all_points_y"));
                case "polyline":
                    return new RoiShape.Polyline(nums(s, "all_points_x"), nums(s, "all_points_y"));
                case "point":
                    return new RoiShape.Point(num(s, "cx"), num(s, "cy"));
                default:
                    throw new IllegalArgumentException("unknown shape '" + name
                            + "' (expected rect, circle, ellipse, polygon, polyline or point)");
            }
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput(where + ": " + (name.isEmpty() ? "" : name + ": ") + e.getMessage(), e);
        }
    }

    private static double num(JsonNode s, String field) {
        JsonNode v = s.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return number(v, field);
    }

    private static double number(JsonNode v, String field) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            double d = Double.parseDouble(v.asText().trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException("'" + field + "' is not a number: " + v);
    }

    private static double[] nums(JsonNode s, String field) {
        JsonNode v = s.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("missing '" + field + "' array");
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(v.get(i), field);
        }
        return out;
    }

    /** Flattens VIA attribute values to text: strings as is, numbers as written, checkbox objects as the
     * comma-joined ids of the ticked options. */
    static Map<String, String> attributes(JsonNode a) {
        Map<String, String> m = new LinkedHashMap<>();
        if (a == null || !a.isObject()) {
            return m;
        }
        Iterator<Map.Entry<String, JsonNode>> it = a.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), text(e.getValue()));
        }
        return m;
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isObject()) {
            List<String> on = new ArrayList<>();
            v.fields().forEachRemaining(e -> {
                if (e.getValue().asBoolean(false)
                        || (e.getValue().isTextual()
                                && !e.getValue().asText().isEmpty()
                                && !e.getValue().asText().equalsIgnoreCase("false"))) {
                    on.add(e.getKey());
                }
            });
            return String.join(",", on);
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(text(x)));
            return String.join(",", parts);
        }
        return v.asText().trim();
    }

    // ---------------------------------------------------------------- VIA 3

    private static ViaFile readVia3(Path file, JsonNode root) {
        JsonNode files = root.path("file");
        JsonNode views = root.path("view");
        JsonNode metadata = root.path("metadata");
        Map<String, String> attrNames = new LinkedHashMap<>();
        root.path("attribute")
                .fields()
                .forEachRemaining(e -> attrNames.put(
                        e.getKey(),
                        text(e.getValue().get("aname")).isEmpty()
                                ? e.getKey()
                                : text(e.getValue().get("aname"))));
        List<String> vids = new ArrayList<>();
        JsonNode vidList = root.path("project").path("vid_list");
        if (vidList.isArray() && vidList.size() > 0) {
            vidList.forEach(v -> vids.add(text(v)));
        } else {
            views.fieldNames().forEachRemaining(vids::add);
        }
        List<ViaImage> out = new ArrayList<>();
        for (String vid : vids) {
            JsonNode fidList = views.path(vid).path("fid_list");
            if (fidList.size() != 1) {
                continue; // multi-file views (e.g. audio/video pairs) carry no image regions
            }
            JsonNode f = files.path(text(fidList.get(0)));
            if (f.isMissingNode()) {
                throw HemametException.invalidInput(
                        file + ": view " + vid + " refers to missing file " + text(fidList.get(0)));
            }
            int type = f.path("type").asInt(2);
            if (type != 2) {
                continue; // not an image
            }
            String fname = text(f.get("fname"));
            String loc = text(f.get("src"));
            String filename = fname.isEmpty() ? loc : fname;
            Map<String, String> fileAttrs = new LinkedHashMap<>();
            List<ViaRegion> regions = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = metadata.fields();
            while (it.hasNext()) {
                JsonNode md = it.next().getValue();
                if (!vid.equals(text(md.get("vid")))) {
                    continue;
                }
                Map<String, String> av = new LinkedHashMap<>();
                md.path("av")
                        .fields()
                        .forEachRemaining(
                                e -> av.put(attrNames.getOrDefault(e.getKey(), e.getKey()), text(e.getValue())));
                JsonNode xy = md.path("xy");
                if (!xy.isArray() || xy.size() == 0) {
                    fileAttrs.putAll(av);
                    continue;
                }
                int index = regions.size();
                regions.add(new ViaRegion(index, shape3(file, filename, index, xy), av));
            }
            out.add(new ViaImage(filename, fileAttrs, regions));
        }
        return new ViaFile(file, ViaFormat.VIA3_PROJECT, out);
    }

    private static RoiShape shape3(Path file, String image, int index, JsonNode xy) {
        String where = file + ": image '" + image + "' region " + index;
        double[] v = new double[xy.size()];
        try {
            for (int i = 0; i < v.length; i++) {
                v[i] = number(xy.get(i), "xy");
            }
        } catch (IllegalArgumentException e) {
            throw HemametException.invalidInput(where + ": " + e.getMessage(), e);
        }
        int id = (int) v[0];
        int n = v.length - 1;
        switch (id) {
            case 1:
                need(where, "point", n, 2, false);
                return new RoiShape.Point(v[1], v[2]);
            case 2:
                need(where, "rectangle", n, 4, false);
                return new RoiShape.Rect(v[1], v[2], v[3], v[4]);
            case 3:
                need(where, "circle", n, 3, false);
                return new RoiShape.Circle(v[1], v[2], v[3]);
            case 4:
                need(where, "ellipse", n, 4, false);
                return new RoiShape.Ellipse(v[1], v[2], v[3], v[4], 0.0);
            case 5:
            case 6:
                need(where, id == 5 ? "line" : "polyline", n, 4, true);
                return new RoiShape.Polyline(xs(v), ys(v));
            case 7:
                need(where, "polygon", n, 6, true);
                return new RoiShape.Polygon(xs(v), ys(v));
            case 8: {
                need(where, "extreme rectangle", n, 8, false);
                double[] xs = xs(v);
                double[] ys = ys(v);
                double x0 = min(xs), y0 = min(ys);
                return new RoiShape.Rect(x0, y0, max(xs) - x0, max(ys) - y0);
            }
            case 9: {
                need(where, "extreme circle", n, 6, false);
                return circumcircle(where, v[1], v[2], v[3], v[4], v[5], v[6]);
            }
            default:
                throw HemametException.invalidInput(where + ": unknown VIA 3 shape id " + id);
        }
    }

    private static void need(String where, String shape, int n, int count, boolean atLeast) {
        boolean ok = atLeast ? n >= count && n % 2 == 0 : n == count;
        if (!ok) {
            throw HemametException.invalidInput(
                    where + ": " + shape + " needs " + (atLeast ? "at least " : "") + count + " coordinates, got " + n);
        }
    }

    private static double[] xs(double[] v) {
        double[] o = new double[(v.length - 1) / 2];
        for (int i = 0; i < o.length; i++) {
            o[i] = v[1 + 2 * i];
        }
        return o;
    }

    private static double[] ys(double[] v) {
        double[] o = new double[(v.length - 1) / 2];
        for (int i = 0; i < o.length; i++) {
            o[i] = v[2 + 2 * i];
        }
        return o;
    }

    private static double min(double[] a) {
        double m = a[0];
        for (double d : a) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] a) {
        double m = a[0];
        for (double d : a) {
            m = Math.max(m, d);
        }
        return m;
    }

    private static RoiShape circumcircle(
            String where, double ax, double ay, double bx, double by, double cx, double cy) {
        double d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
        if (Math.abs(d) < 1e-12) {
            throw HemametException.invalidInput(where + ": extreme circle points are collinear");
        }
        double a2 = ax * ax + ay * ay, b2 = bx * bx + by * by, c2 = cx * cx + cy * cy;
        double ux = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d;
        double uy = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d;
        return new RoiShape.Circle(ux, uy, Math.hypot(ax - ux, ay - uy));
    }

    // ---------------------------------------------------------------- CSV

    private static ViaFile readCsv(Path file, String text) {
        List<Csv.Row> rows;
        try {
            rows = Csv.parse(text);
        } catch (Csv.CsvException e) {
            throw HemametException.invalidInput(
                    e.reason().equals("unterminated quoted field")
                            ? file + ": unterminated quoted field starting on line " + e.line()
                            : file + " line " + e.line() + ": " + e.reason(),
                    e);
        }
        if (rows.isEmpty()) {
            throw notVia(file);
        }
        String header = String.join(",", rows.get(0).cells()).trim().replaceFirst("^#", "");
        if (!header.equals(CSV_HEADER)) {
            throw HemametException.invalidInput(file + ": not a VIA CSV export (header must be '" + CSV_HEADER
                    + "', optionally with a leading '#')");
        }
        Map<String, String> filenames = new LinkedHashMap<>();
        Map<String, Map<String, String>> fileAttrs = new LinkedHashMap<>();
        Map<String, List<ViaRegion>> regions = new LinkedHashMap<>();
        for (Csv.Row csvRow : rows.subList(1, rows.size())) {
            List<String> row = csvRow.cells();
            int line = csvRow.line();
            if (csvRow.isBlank()) {
                continue;
            }
            if (row.size() != 7) {
                throw HemametException.invalidInput(
                        file + ": row " + line + ": expected 7 columns, found " + row.size());
            }
            String filename = row.get(0);
            String key = filename + "\u0000" + row.get(1);
            filenames.putIfAbsent(key, filename);
            regions.computeIfAbsent(key, k -> new ArrayList<>());
            JsonNode fa = json(file, line, "file_attributes", row.get(2));
            fileAttrs.putIfAbsent(key, attributes(fa));
            int count = intOr(file, line, "region_count", row.get(3));
            if (count == 0) {
                continue;
            }
            int id = intOr(file, line, "region_id", row.get(4));
            JsonNode shape = json(file, line, "region_shape_attributes", row.get(5));
            JsonNode ra = json(file, line, "region_attributes", row.get(6));
            regions.get(key).add(region(file, filename, id, shape, ra));
        }
        List<ViaImage> out = new ArrayList<>();
        for (String key : filenames.keySet()) {
            out.add(new ViaImage(filenames.get(key), fileAttrs.get(key), regions.get(key)));
        }
        return new ViaFile(file, ViaFormat.VIA2_CSV, out);
    }

    private static JsonNode json(Path file, int line, String column, String value) {
        String v = value.isBlank() ? "{}" : value;
        try {
            return Json.mapper().readTree(v);
        } catch (JsonProcessingException e) {
            throw HemametException.invalidInput(
                    file + ": row " + line + ": column " + column + " is not JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static int intOr(Path file, int line, String column, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw HemametException.invalidInput(
                    file + ": row " + line + ": column " + column + " is not an integer: '" + value + "'");
        }
    }
}
