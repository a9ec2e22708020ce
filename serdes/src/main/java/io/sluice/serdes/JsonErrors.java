package io.sluice.serdes;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's error messages without Jackson's internals: the reason as Jackson words it, without its
 * {@code at [Source: ...]} suffix or {@code (through reference chain: ...)}, and the line and
 * column apart, for messages a user reads.
 */
public final class JsonErrors {
    /** A location Jackson writes into some messages themselves (the start of an open object). */
    private static final Pattern SOURCE =
            Pattern.compile("\\s*at \\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private JsonErrors() {}

    /** The first {@link JacksonException} among {@code e} and its causes; null if there is none. */
    public static JacksonException find(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof JacksonException jackson) {
                return jackson;
            }
        }
        return null;
    }

    /**
     * The reason, without location: {@code Unexpected character ('}' (code 125)): was expecting
     * double-quote to start field name}. A location inside it ("start marker at [Source: ...]")
     * becomes {@code line L, column C}.
     */
    public static String reason(JacksonException e) {
        String original = e.getOriginalMessage();
        if (original == null) {
            return e.getClass().getSimpleName();
        }
        Matcher inner = SOURCE.matcher(original);
        StringBuilder text = new StringBuilder();
        while (inner.find()) {
            inner.appendReplacement(
                    text, " at line " + inner.group(1) + ", column " + inner.group(2));
        }
        inner.appendTail(text);
        return text.toString().replace('\n', ' ').trim();
    }

    /** {@code source:line:column: reason}, or {@code source: reason} when Jackson knows no line. */
    public static String describe(String source, JacksonException e) {
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return source + ": " + reason(e);
        }
        return source
                + ":"
                + location.getLineNr()
                + (location.getColumnNr() > 0 ? ":" + location.getColumnNr() : "")
                + ": "
                + reason(e);
    }
}
