package org.hemamet.report;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A small HTML builder that escapes every text and attribute value it is given, so data from a run
 * directory (ids, messages, file names, JSON) can never inject markup. Only {@link #trustedMarkup} takes
 * raw markup; it is used for constants of this package (the style sheet), never for run data.
 */
final class Html {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private final StringBuilder sb = new StringBuilder(1 << 16);

    /** Escapes text for element content and double-quoted attribute values. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Opens {@code tag} with attributes given as name, value pairs (null values are left out). */
    Html open(String tag, String... attrs) {
        sb.append('<').append(name(tag));
        attributes(attrs);
        sb.append('>');
        return this;
    }

    /** A void element such as {@code img} or {@code meta}. */
    Html empty(String tag, String... attrs) {
        return open(tag, attrs);
    }

    /**
     * A void element whose first attribute is a URI written as it is (no entity escaping, so a long data URI
     * does not grow by an entity per apostrophe); the URI must hold none of {@code " & < >}, which a
     * double-quoted attribute would need escaped, else this throws.
     */
    Html emptyWithUri(String tag, String uriName, String uri, String... attrs) {
        for (int i = 0; i < uri.length(); i++) {
            if ("\"&<>".indexOf(uri.charAt(i)) >= 0) {
                throw new IllegalArgumentException("URI holds a character to escape at " + i);
            }
        }
        sb.append('<')
                .append(name(tag))
                .append(' ')
                .append(name(uriName))
                .append("=\"")
                .append(uri)
                .append('"');
        attributes(attrs);
        sb.append('>');
        return this;
    }

    Html close(String tag) {
        sb.append("</").append(name(tag)).append('>');
        return this;
    }

    /** {@code <tag attrs>text</tag>}, text escaped. */
    Html el(String tag, String text, String... attrs) {
        return open(tag, attrs).text(text).close(tag);
    }

    /** Opens a table with {@code id}, writes its header row of {@code columns} and opens its body. */
    Html tableWithHeader(String id, List<String> columns) {
        return tableWithHeader(id, columns, c -> false);
    }

    /** As {@link #tableWithHeader(String, List)}, the columns {@code numeric} accepts right-aligned (class num). */
    Html tableWithHeader(String id, List<String> columns, Predicate<String> numeric) {
        tableHead("id", id);
        for (String c : columns) {
            el("th", c, "class", numeric.test(c) ? "num" : null);
        }
        return body();
    }

    /**
     * Opens a table (attributes as name, value pairs), its head and the head's row; the header cells follow,
     * then {@link #body()}.
     */
    Html tableHead(String... attrs) {
        return open("table", attrs).open("thead").open("tr");
    }

    /** Closes a table's header row and head, and opens its body. */
    Html body() {
        return close("tr").close("thead").open("tbody");
    }

    /** Opens a table without a head (rows of a name and a value) and its body. */
    Html tableBody(String... attrs) {
        return open("table", attrs).open("tbody");
    }

    /** Closes a table's body and the table. */
    Html endTable() {
        return close("tbody").close("table");
    }

    Html text(String s) {
        sb.append(escape(s));
        return this;
    }

    /** Appends raw markup; only for constants of this package (never run data). */
    Html trustedMarkup(String constant) {
        sb.append(constant);
        return this;
    }

    Html newline() {
        sb.append('\n');
        return this;
    }

    private void attributes(String... attrs) {
        if (attrs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        for (int i = 0; i < attrs.length; i += 2) {
            if (attrs[i + 1] == null) {
                continue;
            }
            sb.append(' ')
                    .append(name(attrs[i]))
                    .append("=\"")
                    .append(escape(attrs[i + 1]))
                    .append('"');
        }
    }

    private static String name(String n) {
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("bad tag or attribute name: " + n);
        }
        return n;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
