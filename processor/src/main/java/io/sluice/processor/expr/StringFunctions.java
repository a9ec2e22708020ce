package io.sluice.processor.expr;

import io.sluice.processor.expr.FunctionRegistry.Definition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * String functions: upper, lower, trim, ltrim, rtrim, length, substring (substr), concat and
 * replace, plus the {@code ||} operator and {@code TRIM([LEADING|TRAILING|BOTH] chars FROM s)}.
 *
 * <p>Lengths and positions count characters (Unicode code points), positions from 1.
 */
final class StringFunctions {

    private StringFunctions() {}

    static List<Definition> definitions() {
        return List.of(
                Definition.of("upper", c -> text(c, s -> s.toUpperCase(Locale.ROOT))),
                Definition.of("lower", c -> text(c, s -> s.toLowerCase(Locale.ROOT))),
                Definition.of("trim", c -> text(c, String::strip)),
                Definition.of("ltrim", c -> text(c, String::stripLeading)),
                Definition.of("rtrim", c -> text(c, String::stripTrailing)),
                Definition.of("length", StringFunctions::length),
                Definition.of("substring", StringFunctions::substring),
                Definition.of("substr", StringFunctions::substring),
                Definition.of("concat", c -> concat(c.args(), c.site())),
                Definition.of("replace", StringFunctions::replace));
    }

    private static Node text(Call call, UnaryOperator<String> body) {
        call.arity(1, 1);
        return FunctionNodes.strict(SqlType.STRING, call.text(0), v -> body.apply((String) v));
    }

    private static Node length(Call call) {
        call.arity(1, 1);
        return FunctionNodes.strict(
                SqlType.INT,
                call.text(0),
                v -> ((String) v).codePointCount(0, ((String) v).length()));
    }

    private static Node substring(Call call) {
        call.arity(2, 3);
        Node text = call.text(0);
        Node position = call.integral(1);
        if (call.size() == 2) {
            return FunctionNodes.strict(
                    SqlType.STRING,
                    text,
                    position,
                    (s, p) -> substring((String) s, ((Number) p).longValue(), Long.MAX_VALUE));
        }
        return FunctionNodes.strict(
                SqlType.STRING,
                text,
                position,
                call.integral(2),
                (s, p, n) ->
                        substring((String) s, ((Number) p).longValue(), ((Number) n).longValue()));
    }

    /**
     * The {@code length} characters of {@code text} from {@code position}: 1 is the first
     * character, 0 counts as 1, and a negative position counts back from the end.
     */
    static String substring(String text, long position, long length) {
        long characters = text.codePointCount(0, text.length());
        long start = position > 0 ? position - 1 : position < 0 ? characters + position : 0;
        long end = length == Long.MAX_VALUE ? characters : start + Math.max(length, 0);
        start = Math.min(Math.max(start, 0), characters);
        end = Math.min(Math.max(end, start), characters);
        int from = text.offsetByCodePoints(0, (int) start);
        return text.substring(from, text.offsetByCodePoints(from, (int) (end - start)));
    }

    private static Node replace(Call call) {
        call.arity(2, 3);
        Node text = call.text(0);
        Node search = call.text(1);
        if (call.size() == 2) {
            return FunctionNodes.strict(
                    SqlType.STRING, text, search, (s, f) -> replace((String) s, (String) f, ""));
        }
        return FunctionNodes.strict(
                SqlType.STRING,
                text,
                search,
                call.text(2),
                (s, f, r) -> replace((String) s, (String) f, (String) r));
    }

    private static String replace(String text, String search, String replacement) {
        return search.isEmpty() ? text : text.replace(search, replacement);
    }

    /** The text of every part joined, each converted to text; for concat() and {@code ||}. */
    static Node concat(List<Node> parts, Site site) {
        if (parts.isEmpty()) {
            throw site.error("concat() takes at least 1 argument, got 0");
        }
        List<Node> texts = new ArrayList<>();
        for (Node part : parts) {
            if (part.type.isOpaque()) {
                throw site.error("cannot concatenate " + part.type + " values");
            }
            texts.add(Cast.of(part, SqlType.STRING));
        }
        return new FunctionNodes.Concat(texts);
    }

    /**
     * {@code TRIM([LEADING|TRAILING|BOTH] [characters] FROM text)}: without characters, white space
     * is removed.
     */
    static Node trim(Node text, Node characters, boolean leading, boolean trailing, Site site) {
        Call call =
                new Call(
                        "trim",
                        characters == null ? List.of(text) : List.of(text, characters),
                        site);
        if (characters == null) {
            UnaryOperator<String> body =
                    leading && trailing
                            ? String::strip
                            : leading ? String::stripLeading : String::stripTrailing;
            return text(call, body);
        }
        return FunctionNodes.strict(
                SqlType.STRING,
                call.text(0),
                call.text(1),
                (s, c) -> trimCharacters((String) s, (String) c, leading, trailing));
    }

    private static String trimCharacters(
            String text, String characters, boolean leading, boolean trailing) {
        int start = 0;
        int end = text.length();
        while (leading && start < end && characters.indexOf(text.codePointAt(start)) >= 0) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (trailing && end > start && characters.indexOf(text.codePointBefore(end)) >= 0) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }
}
