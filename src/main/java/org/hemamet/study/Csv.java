package org.hemamet.study;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small CSV helpers over ordered maps (RFC 4180 quoting by Jackson). */
final class Csv {
    private Csv() {}

    static String write(List<String> columns, List<Map<String, Object>> rows) {
        CsvMapper mapper = new CsvMapper();
        CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true);
        columns.forEach(b::addColumn);
        List<List<String>> data = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            List<String> line = new ArrayList<>();
            for (String c : columns) {
                line.add(format(r.get(c)));
            }
            data.add(line);
        }
        try (StringWriter w = new StringWriter()) {
            mapper.writer(b.build()).writeValues(w).writeAll(data).close();
            return w.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isNaN(d) ? "NaN" : Double.toString(d);
        }
        return String.valueOf(v);
    }

    static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return out;
        }
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = mapper.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(file.toFile())) {
            while (it.hasNext()) {
                out.add(new LinkedHashMap<>(it.next()));
            }
        }
        return out;
    }
}
