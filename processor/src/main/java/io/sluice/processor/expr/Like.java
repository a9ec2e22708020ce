package io.sluice.processor.expr;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.avro.generic.GenericRecord;

/**
 * Like holds the evaluators of {@code [NOT] LIKE}, {@code ILIKE} (ignoring case) and {@code RLIKE}
 * (a Java regular expression found anywhere in the text).
 *
 * <p>A literal pattern is compiled once; a pattern computed from the row is compiled per row.
 */
final class Like {

    private Like() {}

    /** {@code input [NOT] LIKE pattern [ESCAPE escape]}, ignoring case for ILIKE. */
    static final class Wildcard extends Node {
        private final Node input;
        private final Node pattern;
        private final Character escape;
        private final boolean ignoreCase;
        private final boolean negated;
        private final LikePattern fixed;

        Wildcard(Node input, Node pattern, Character escape, boolean ignoreCase, boolean negated) {
            super(SqlType.BOOLEAN, input.nullable || pattern.nullable);
            this.input = input;
            this.pattern = pattern;
            this.escape = escape;
            this.ignoreCase = ignoreCase;
            this.negated = negated;
            Object constant = pattern.isConstant() ? pattern.eval(null) : null;
            this.fixed = constant == null ? null : compile(constant.toString());
        }

        private LikePattern compile(String text) {
            return LikePattern.compile(ignoreCase ? text.toLowerCase(Locale.ROOT) : text, escape);
        }

        @Override
        Object eval(GenericRecord row) {
            Object text = input.eval(row);
            if (text == null) {
                return null;
            }
            LikePattern like = fixed;
            if (like == null) {
                Object dynamic = pattern.eval(row);
                if (dynamic == null) {
                    return null;
                }
                like = compileAtRuntime(dynamic.toString());
            }
            String value = ignoreCase ? text.toString().toLowerCase(Locale.ROOT) : text.toString();
            return like.matches(value) != negated;
        }

        private LikePattern compileAtRuntime(String text) {
            try {
                return compile(text);
            } catch (IllegalArgumentException e) {
                throw EvaluationException.of(e.getMessage(), text, e);
            }
        }
    }

    /** {@code input [NOT] RLIKE regex}: whether the regular expression occurs in the text. */
    static final class Regex extends Node {
        private final Node input;
        private final Node regex;
        private final boolean negated;
        private final Pattern fixed;

        Regex(Node input, Node regex, boolean negated) {
            super(SqlType.BOOLEAN, input.nullable || regex.nullable);
            this.input = input;
            this.regex = regex;
            this.negated = negated;
            Object constant = regex.isConstant() ? regex.eval(null) : null;
            this.fixed = constant == null ? null : Pattern.compile(constant.toString());
        }

        @Override
        Object eval(GenericRecord row) {
            Object text = input.eval(row);
            if (text == null) {
                return null;
            }
            Pattern pattern = fixed;
            if (pattern == null) {
                Object dynamic = regex.eval(row);
                if (dynamic == null) {
                    return null;
                }
                pattern = compileAtRuntime(dynamic.toString());
            }
            return pattern.matcher(text.toString()).find() != negated;
        }

        private static Pattern compileAtRuntime(String text) {
            try {
                return Pattern.compile(text);
            } catch (PatternSyntaxException e) {
                throw EvaluationException.of("not a valid regular expression", text, e);
            }
        }
    }
}
