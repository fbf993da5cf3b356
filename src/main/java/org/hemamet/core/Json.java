package org.hemamet.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The project's one configured Jackson mapper (sorted, indented, deterministic output). */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static final java.util.regex.Pattern SOURCE_AT = java.util.regex.Pattern.compile(
            "\\s*\\(for (\\w+) starting at \\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]\\)");

    /**
     * A parser's reason on one line, without Jackson's source description: "Unexpected close marker '}':
     * expected ']' (for the Array opened at line 1, column 62)".
     */
    public static String reason(com.fasterxml.jackson.core.JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        m = SOURCE_AT.matcher(m).replaceAll(" (for the $1 opened at line $2, column $3)");
        m = m.replaceAll("\\s*\\[Source: [^\\]]*\\]", "");
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}
