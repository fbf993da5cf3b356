package org.hemamet.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's one CSV layer, over Jackson (RFC 4180: quoted fields, doubled quotes, line breaks inside
 * quotes, LF or CRLF). Rows keep the line they start on, so every parse error says where it is:
 * {@code FILE line N: ...}.
 *
 * <p>Typed rows are records mapped by Jackson (property names = column names, declaration order =
 * column order). Values are written as text: {@code null} as an empty field, doubles by
 * {@link Double#toString} ({@code NaN} as "NaN"), everything else by {@link String#valueOf}. Reading maps an
 * empty field to {@code null} for boxed numbers and booleans, ignores columns the record does not know,
 * and leaves absent columns {@code null}.
 */
public final class Csv {
    private static final CsvMapper LOOSE = new CsvMapper();
    private static final CsvMapper STRICT = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    private static final CsvMapper ROWS =
            CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
    private static final ObjectMapper RECORDS =
            Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String UNTERMINATED = "unterminated quoted field";
    private static final String CUT_SHORT = " (the file is cut short: written or copied incompletely?)";

    private Csv() {}

    /** How text fields are quoted when written. */
    public enum Quoting {
        /** Jackson's default: quote any field holding a character below '-' (spaces, '#', ',', '"', ...). */
        DEFAULT,
        /** Only fields that need it: a separator, quote, line break, or a leading '#'. */
        MINIMAL
    }

    /**
     * One CSV record as parsed.
     *
     * @param line  the line (1-based) it starts on
     * @param cells its fields; an empty line has none
     */
    public record Row(int line, List<String> cells) {
        public Row {
            cells = List.copyOf(cells);
        }

        /** An empty line, or one empty field. */
        public boolean isBlank() {
            return cells.isEmpty() || (cells.size() == 1 && cells.get(0).isBlank());
        }
    }

    /**
     * A data row of a table with a header, by column name.
     *
     * @param line   the line (1-based) it starts on
     * @param values column name to field; columns beyond a short row's end are absent
     */
    public record Record(int line, Map<String, String> values) {}

    /** A table with a header row; {@code records} exclude the header. */
    public record Table(List<String> columns, List<Record> records) {
        public static final Table EMPTY = new Table(List.of(), List.of());
    }

    /**
     * A malformed CSV text or a field that does not fit its column's type.
     *
     * <p>{@link #getMessage()} is {@code [FILE ]line N: reason}.
     */
    public static final class CsvException extends IllegalArgumentException {
        private final transient Path file;
        private final int line;
        private final String reason;

        CsvException(Path file, int line, String reason, Throwable cause) {
            super((file == null ? "" : file + " ") + "line " + line + ": " + reason, cause);
            this.file = file;
            this.line = line;
            this.reason = reason;
        }

        /** The file, or null when text was parsed. */
        public Path file() {
            return file;
        }

        /** The line (1-based) of the record where the problem is. */
        public int line() {
            return line;
        }

        /** What is wrong, without the place. */
        public String reason() {
            return reason;
        }

        CsvException in(Path f) {
            return new CsvException(f, line, reason, getCause());
        }
    }

    // ------------------------------------------------------------------------------------- reading

    /**
     * Parses CSV text into its records (no header semantics); an unterminated quoted field is reported
     * as "unterminated quoted field" on the line its record starts.
     */
    public static List<Row> parse(String text) {
        return parse(text, ',');
    }

    /** As {@link #parse(String)}, fields separated by {@code separator}. */
    public static List<Row> parse(String text, char separator) {
        List<Row> rows = new ArrayList<>();
        int start = 1;
        try (MappingIterator<List<String>> it = ROWS.readerFor(List.class)
                .with(CsvSchema.emptySchema().withColumnSeparator(separator))
                .readValues(text)) {
            while (it.hasNextValue()) {
                rows.add(new Row(start, it.nextValue()));
                start = it.getParser().currentLocation().getLineNr();
            }
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            String reason = msg != null && msg.startsWith("Missing closing quote") ? UNTERMINATED : firstLine(msg);
            throw new CsvException(null, start, reason, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof JsonProcessingException j) {
                throw new CsvException(null, start, firstLine(j.getOriginalMessage()), e);
            }
            throw e;
        }
        return rows;
    }

    /**
     * Parses a UTF-8 file a person made (cohort.csv): fields separated by ',', or by ';' or a tab when the first
     * line says so ({@link #separator}); errors name it ({@code FILE line N: ...}).
     */
    public static List<Row> parse(Path file) {
        String text = text(file);
        try {
            return parse(text, separator(text));
        } catch (CsvException e) {
            throw e.in(file);
        }
    }

    /**
     * The field separator of CSV text a person made, by its first line: ';' when it holds a ';' and no ',' (a
     * spreadsheet's CSV in a locale whose decimal mark is a comma, R's {@code write.csv2}); a tab when it holds a
     * tab and neither (a spreadsheet's "Text (Tab delimited)", R's {@code write.table(sep = "\t")}, a table copied
     * out of a PACS or a word processor); else ','.
     */
    public static char separator(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        if (first.indexOf(',') >= 0) {
            return ',';
        }
        return first.indexOf(';') >= 0 ? ';' : first.indexOf('\t') >= 0 ? '\t' : ',';
    }

    /**
     * A number as a file with field separator {@code separator} writes it: with ';' or a tab between fields a
     * spreadsheet of a decimal-comma locale writes {@code 0,35} for 0.35, which is read so; with ',' between fields
     * a comma cannot be in a number.
     */
    public static String decimalPoint(String number, char separator) {
        return separator != ',' && number.indexOf('.') < 0 ? number.replace(',', '.') : number;
    }

    private static String text(Path file) {
        try {
            return decodeUtf8(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoErrors.what(e), e);
        } catch (CsvException e) {
            throw e.in(file);
        }
    }

    /**
     * Decodes UTF-8 strictly (a leading byte-order mark is dropped); a byte sequence that is not UTF-8 (a
     * file saved as Latin-1 or Windows-1252 by a spreadsheet, say) is an error naming its line and byte.
     */
    public static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new CsvException(
                    null,
                    line,
                    String.format(
                            "byte 0x%02X is not UTF-8 (the file looks saved as Latin-1 or Windows-1252: save it as"
                                    + " UTF-8)",
                            bytes[at] & 0xFF),
                    null);
        }
        decoder.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A table read from text: the first record is the header; a row may be shorter than the header. */
    public static Table table(List<Row> rows) {
        return table(rows, false);
    }

    private static Table table(List<Row> rows, boolean complete) {
        if (rows.isEmpty()) {
            return Table.EMPTY;
        }
        List<String> columns = rows.get(0).cells();
        List<Record> records = new ArrayList<>();
        for (Row r : rows.subList(1, rows.size())) {
            if (complete && r.isBlank() && columns.size() > 1) {
                continue;
            }
            boolean shortRow = complete && r.cells().size() < columns.size();
            if (r.cells().size() > columns.size() || shortRow) {
                throw new CsvException(
                        null,
                        r.line(),
                        r.cells().size() + " fields, the header has " + columns.size() + " columns"
                                + (shortRow ? CUT_SHORT : ""),
                        null);
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < r.cells().size(); i++) {
                values.put(columns.get(i), r.cells().get(i));
            }
            records.add(new Record(r.line(), values));
        }
        return new Table(columns, records);
    }

    /**
     * Reads a table this project wrote (a run's, a validation's or a dataset's CSV), with a header row; a
     * missing or empty file is {@link Table#EMPTY}. Such a file is whole: every row has the header's fields
     * and the last line ends with its line break. A file cut short (a copy interrupted, a full disk, an
     * editor that saved part of it) is a {@link CsvException} naming the file and line, never a table with
     * rows silently missing or half-filled.
     */
    public static Table readTable(Path file) {
        if (!Files.isRegularFile(file)) {
            return Table.EMPTY;
        }
        String text = text(file);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            int last = (int) text.chars().filter(c -> c == '\n').count() + 1;
            throw new CsvException(file, last, "the last line has no line break" + CUT_SHORT, null);
        }
        List<Row> rows;
        try {
            rows = parse(text);
        } catch (CsvException e) { // a quote left open at the end: the rest of the file is missing
            boolean open = e.reason().equals(UNTERMINATED);
            throw new CsvException(file, e.line(), e.reason() + (open ? CUT_SHORT : ""), e.getCause());
        }
        try {
            return table(rows, true);
        } catch (CsvException e) {
            throw e.in(file);
        }
    }

    /**
     * Reads the rows of a table this project wrote as records of {@code type} ({@link #readTable}: a file cut
     * short is an error); a missing or empty file has none. A field that does not fit its column's type is a
     * {@link CsvException} naming the file and line.
     */
    public static <T> List<T> read(Path file, Class<T> type) {
        ObjectReader reader = RECORDS.readerFor(type);
        List<T> out = new ArrayList<>();
        for (Record r : readTable(file).records()) {
            out.add(convert(file, r, reader));
        }
        return out;
    }

    /** One record as {@code type}. */
    public static <T> T convert(Path file, Record r, Class<T> type) {
        return convert(file, r, RECORDS.readerFor(type));
    }

    /**
     * One record through {@code reader}: its fields as the tokens of one JSON object of strings, which is what
     * {@code ObjectMapper.convertValue} makes of the map, without serialising the map first.
     */
    private static <T> T convert(Path file, Record r, ObjectReader reader) {
        try (TokenBuffer tokens = new TokenBuffer(RECORDS, false)) {
            tokens.writeStartObject();
            for (Map.Entry<String, String> field : r.values().entrySet()) {
                tokens.writeFieldName(field.getKey());
                tokens.writeString(field.getValue());
            }
            tokens.writeEndObject();
            return reader.readValue(tokens.asParser());
        } catch (JsonProcessingException e) {
            throw new CsvException(file, r.line(), JsonProblem.what(e), e);
        } catch (IOException e) {
            throw new CsvException(file, r.line(), firstLine(e.getMessage()), e);
        }
    }

    // ------------------------------------------------------------------------------------- writing

    /** The columns of a row record, in its property order. */
    public static List<String> columns(Class<?> type) {
        ObjectMapper m = Json.mapper();
        return m.getSerializationConfig().introspect(m.constructType(type)).findProperties().stream()
                .filter(p -> p.couldSerialize())
                .map(p -> p.getName())
                .toList();
    }

    /** CSV text of typed rows: header (always, also without rows) and one line per row. */
    public static <T> String write(Class<T> type, List<T> rows) {
        return write(type, rows, Quoting.DEFAULT);
    }

    /** CSV text of typed rows, text fields quoted as {@code quoting} says. */
    public static <T> String write(Class<T> type, List<T> rows, Quoting quoting) {
        List<String> columns = columns(type);
        List<List<String>> data = new ArrayList<>();
        for (T row : rows) {
            Map<?, ?> m = Json.mapper().convertValue(row, Map.class);
            List<String> line = new ArrayList<>();
            for (String c : columns) {
                line.add(format(m.get(c)));
            }
            data.add(line);
        }
        return write(columns, data, quoting);
    }

    /** CSV text of rows of fields under a header (always written, also without rows). */
    public static String write(List<String> columns, List<List<String>> rows, Quoting quoting) {
        CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true);
        columns.forEach(b::addColumn);
        CsvMapper mapper = quoting == Quoting.MINIMAL ? STRICT : LOOSE;
        try (StringWriter w = new StringWriter()) {
            mapper.writer(b.build()).writeValues(w).writeAll(rows).close();
            return w.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value as a CSV field: null as "", doubles by {@link Double#toString}, else {@link String#valueOf}. */
    public static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isNaN(d) ? "NaN" : Double.toString(d);
        }
        return String.valueOf(v);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed CSV";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
