package org.hemamet.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a JSON or YAML file, on one line in the file's own terms: where (line, column and the
 * setting's path, e.g. {@code search.epochs[0]}) and what ("\"many\" is not a whole number"), without Jackson's
 * source description or Java type names. For the files users write (study configs, sequence rules, phantom
 * parameters, about files) and the ones hemamet writes and reads back (bundles, runs).
 */
public final class JsonProblem {
    private JsonProblem() {}

    private static final Pattern START_MARKER = Pattern.compile(
            "\\s*\\((?:start marker at|for (\\w+) starting at) \\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]\\)");
    private static final Pattern SOURCE = Pattern.compile("\\s*\\[Source: [^\\]]*\\]");
    private static final Pattern YAML_MARK =
            Pattern.compile("(?m)^(\\S[^\\n]*)\\n in '[^']*', line (\\d+), column (\\d+):");
    private static final Pattern FROM_TOKEN = Pattern.compile("from (\\w[\\w-]*) value");

    /**
     * "line L, column C: " (where the parser knows it), then the setting's path when the problem is a value's
     * ("search.epochs[0]: "), then what is wrong.
     */
    public static String describe(JsonProcessingException e) {
        return describe(e, null);
    }

    /**
     * {@link #describe(JsonProcessingException)} with the file's text at hand, so that an unknown setting is
     * located at its name (the parser reports where it stopped, after the setting's value).
     */
    public static String describe(JsonProcessingException e, String text) {
        e = syntaxCause(e);
        String where = e instanceof UnrecognizedPropertyException u && text != null ? nameLocation(u, text) : null;
        if (where == null) {
            // a value's own check runs when its object is complete: the parser is past it, the path says where
            where = e instanceof ValueInstantiationException ? "" : location(e);
        }
        String what = what(e);
        return where.isEmpty() ? what : where + ": " + what;
    }

    /** "line L, column C" of the last key {@code name} before where the parser stopped, or null. */
    static String nameLocation(UnrecognizedPropertyException u, String text) {
        JsonLocation l = u.getLocation();
        long stop = l == null || l.getCharOffset() < 0 ? text.length() : Math.min(text.length(), l.getCharOffset());
        Matcher m = Pattern.compile("(?:^|[\\s{,])[\"']?(" + Pattern.quote(u.getPropertyName()) + ")[\"']?\\s*:")
                .matcher(text);
        int at = -1;
        while (m.find() && m.start(1) < stop) {
            at = m.start(1);
        }
        if (at < 0) {
            return null;
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (at - lineStart + 1);
    }

    /** {@link #describe} without the line and column (for messages that give the location themselves). */
    public static String what(JsonProcessingException e) {
        e = syntaxCause(e);
        if (e instanceof JsonMappingException m) {
            String path = path(m, m instanceof UnrecognizedPropertyException);
            String what = mapping(m);
            if (m instanceof UnrecognizedPropertyException) {
                return what + (path.isEmpty() ? "" : " in " + path);
            }
            return path.isEmpty() ? what : path + ": " + what;
        }
        String yaml = yaml(e);
        return yaml != null ? yaml : syntax(e);
    }

    /** The parser's own error when a binding error only wraps it (a file cut short while read into a type). */
    private static JsonProcessingException syntaxCause(JsonProcessingException e) {
        if (e instanceof JsonMappingException
                && e.getCause() instanceof JsonProcessingException c
                && !(c instanceof JsonMappingException)) {
            return c;
        }
        return e;
    }

    /** "line L, column C" of the problem, or "" when the parser did not say. */
    static String location(JsonProcessingException e) {
        if (isYaml(e)) {
            List<String[]> marks = yamlMarks(e);
            if (!marks.isEmpty()) {
                String[] last = marks.get(marks.size() - 1);
                return "line " + last[1] + ", column " + last[2];
            }
        }
        JsonLocation l = e.getLocation();
        if (l == null || l.getLineNr() < 1) {
            return "";
        }
        return "line " + l.getLineNr() + (l.getColumnNr() > 0 ? ", column " + l.getColumnNr() : "");
    }

    private static String mapping(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownSetting(u);
        }
        if (e instanceof InvalidFormatException f) {
            return quote(f.getValue()) + " is not " + typeName(f.getTargetType());
        }
        if (e instanceof ValueInstantiationException || (e.getCause() instanceof IllegalArgumentException)) {
            Throwable c = e.getCause();
            if (c != null && c.getCause() instanceof JsonProcessingException inner) {
                String at = path(e, false);
                String what = what(inner);
                return at.isEmpty() || what.startsWith(at) ? what : at + ": " + what;
            }
            return c != null && c.getMessage() != null ? firstLine(c.getMessage()) : cleaned(e.getOriginalMessage());
        }
        if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            Matcher t = FROM_TOKEN.matcher(String.valueOf(e.getOriginalMessage()));
            String found = t.find() ? token(t.group(1)) : null;
            return "expected " + typeName(mi.getTargetType()) + (found == null ? "" : ", found " + found);
        }
        return cleaned(e.getOriginalMessage());
    }

    private static String unknownSetting(UnrecognizedPropertyException u) {
        String name = u.getPropertyName();
        List<String> known = new ArrayList<>();
        Collection<Object> ids = u.getKnownPropertyIds();
        if (ids != null) {
            ids.forEach(id -> known.add(String.valueOf(id)));
        }
        known.sort(Comparator.naturalOrder());
        StringBuilder s = new StringBuilder("unknown setting \"" + name + "\"");
        String near = nearest(name, known);
        if (near != null) {
            s.append(" (did you mean \"").append(near).append("\"?)");
        }
        if (!known.isEmpty()) {
            s.append("; known: ").append(String.join(", ", known));
        }
        return s.toString();
    }

    /** The known name within edit distance 2 of {@code name} (ignoring case and -/_), or null. */
    static String nearest(String name, List<String> known) {
        String best = null;
        int bestD = 3;
        for (String k : known) {
            int d = distance(normal(name), normal(k));
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }

    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Levenshtein distance (insertions, deletions, substitutions). */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The path of the value in the file: {@code search.epochs[0]}; without the last step when asked. */
    static String path(JsonMappingException e, boolean withoutLast) {
        List<JsonMappingException.Reference> refs = e.getPath();
        int n = withoutLast ? refs.size() - 1 : refs.size();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            JsonMappingException.Reference r = refs.get(i);
            if (r.getFieldName() != null) {
                s.append(s.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    /** A value type in a user's words: "a whole number", "a list", "one of STIR, T1, T1C, T2". */
    static String typeName(JavaType t) {
        if (t == null) {
            return "a valid value";
        }
        if (t.isCollectionLikeType() || t.isArrayType()) {
            return "a list";
        }
        if (t.isMapLikeType()) {
            return "a mapping of names to values";
        }
        return typeName(t.getRawClass());
    }

    static String typeName(Class<?> c) {
        if (c == null) {
            return "a valid value";
        }
        if (c.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object v : c.getEnumConstants()) {
                names.add(String.valueOf(v));
            }
            return "one of " + String.join(", ", names);
        }
        if (c == Integer.class
                || c == int.class
                || c == Long.class
                || c == long.class
                || c == Short.class
                || c == short.class
                || c == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (c == Double.class
                || c == double.class
                || c == Float.class
                || c == float.class
                || c == java.math.BigDecimal.class
                || c == Number.class) {
            return "a number";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "true or false";
        }
        if (c == String.class || c == Character.class || c == char.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(c) || c.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(c)) {
            return "a mapping of names to values";
        }
        return "a group of settings (an object)";
    }

    private static String token(String jackson) {
        return switch (jackson) {
            case "String" -> "text";
            case "Array" -> "a list";
            case "Object" -> "a group of settings (an object)";
            case "Integer" -> "a whole number";
            case "Floating-point" -> "a number with a fraction";
            case "Boolean" -> "true/false";
            case "Null", "null" -> "nothing (null)";
            default -> null;
        };
    }

    private static String quote(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    /** A parser's syntax error: its own words, the opening bracket's location in plain form. */
    private static String syntax(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        Matcher sm = START_MARKER.matcher(m);
        StringBuilder b = new StringBuilder();
        while (sm.find()) {
            String what = sm.group(1) == null ? "" : kind(sm.group(1)) + " ";
            sm.appendReplacement(
                    b,
                    Matcher.quoteReplacement(
                            " (" + what + "opened at line " + sm.group(2) + ", column " + sm.group(3) + ")"));
        }
        sm.appendTail(b);
        String s = cleaned(b.toString())
                .replace("expected close marker for Array", "expected ']' to close the list")
                .replace("expected close marker for Object", "expected '}' to close the object")
                .replace("within/between Array entries", "inside a list")
                .replace("within/between Object entries", "inside an object")
                .replace("in VALUE_STRING", "inside a text value");
        if (s.startsWith("Unexpected end-of-input")) {
            s += " (the file is cut short?)";
        }
        return s;
    }

    private static String kind(String jackson) {
        return switch (jackson) {
            case "Array" -> "the list";
            case "Object" -> "the object";
            default -> "the " + jackson.toLowerCase(Locale.ROOT);
        };
    }

    /** A YAML parser's problem and its context: "expected ',' or ']', but got <stream end> (while ...)". */
    private static String yaml(JsonProcessingException e) {
        if (!isYaml(e)) {
            return null;
        }
        List<String[]> marks = yamlMarks(e);
        if (marks.isEmpty()) {
            return cleaned(e.getOriginalMessage());
        }
        String[] problem = marks.get(marks.size() - 1);
        if (marks.size() == 1) {
            return problem[0];
        }
        String[] context = marks.get(0);
        return problem[0] + " (" + context[0] + " at line " + context[1] + ", column " + context[2] + ")";
    }

    private static List<String[]> yamlMarks(JsonProcessingException e) {
        List<String[]> out = new ArrayList<>();
        Matcher m = YAML_MARK.matcher(String.valueOf(e.getOriginalMessage()));
        while (m.find()) {
            out.add(new String[] {m.group(1).strip(), m.group(2), m.group(3)});
        }
        return out;
    }

    private static boolean isYaml(JsonProcessingException e) {
        return e.getClass().getName().contains(".yaml.");
    }

    /** One line, without Jackson's source description or class names. */
    static String cleaned(String m) {
        String s = SOURCE.matcher(String.valueOf(m)).replaceAll("");
        s = s.replaceAll("\\s*\\(class [^)]*\\)", "")
                .replaceAll("`java\\.lang\\.(\\w+)`", "$1")
                .replaceAll("`(?:[a-z]\\w*\\.)+(\\w+(?:\\$\\w+)?)`", "$1");
        return firstLine(s);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
