package io.sluice.processor.expr;

import java.util.Arrays;

/**
 * A LIKE pattern compiled once: {@code %} matches any run of characters, {@code _} exactly one, and
 * the escape character makes the next character literal.
 *
 * <p>Patterns that are a literal with {@code %} at one or both ends match with {@code equals},
 * {@code startsWith}, {@code endsWith} or {@code contains}; the others with a backtracking wildcard
 * match over code points that allocates nothing.
 */
final class LikePattern {
    private static final int ANY_ONE = -1;
    private static final int ANY_RUN = -2;

    private enum Shape {
        EXACT,
        PREFIX,
        SUFFIX,
        CONTAINS,
        GENERAL
    }

    private final int[] tokens;
    private final Shape shape;
    private final String literal;

    private LikePattern(int[] tokens) {
        this.tokens = tokens;
        this.shape = shapeOf(tokens);
        this.literal = literalOf(tokens);
    }

    /**
     * The pattern {@code pattern} with {@code escape} as escape character, or none when it is null.
     *
     * @throws IllegalArgumentException when the pattern ends with the escape character
     */
    static LikePattern compile(String pattern, Character escape) {
        int[] tokens = new int[pattern.length()];
        int count = 0;
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (escape != null && c == escape) {
                if (i >= pattern.length()) {
                    throw new IllegalArgumentException(
                            "the LIKE pattern '" + pattern + "' ends with its escape character");
                }
                c = pattern.codePointAt(i);
                i += Character.charCount(c);
                tokens[count++] = c;
            } else if (c == '%') {
                if (count == 0 || tokens[count - 1] != ANY_RUN) {
                    tokens[count++] = ANY_RUN;
                }
            } else {
                tokens[count++] = c == '_' ? ANY_ONE : c;
            }
        }
        return new LikePattern(Arrays.copyOf(tokens, count));
    }

    private static Shape shapeOf(int[] tokens) {
        int n = tokens.length;
        boolean leading = n > 0 && tokens[0] == ANY_RUN;
        boolean trailing = n > (leading ? 1 : 0) && tokens[n - 1] == ANY_RUN;
        for (int i = leading ? 1 : 0; i < n - (trailing ? 1 : 0); i++) {
            if (tokens[i] < 0) {
                return Shape.GENERAL;
            }
        }
        if (leading && trailing) {
            return Shape.CONTAINS;
        }
        return leading ? Shape.SUFFIX : trailing ? Shape.PREFIX : Shape.EXACT;
    }

    private static String literalOf(int[] tokens) {
        StringBuilder text = new StringBuilder();
        for (int token : tokens) {
            if (token >= 0) {
                text.appendCodePoint(token);
            }
        }
        return text.toString();
    }

    /** Whether the whole of {@code text} matches the pattern. */
    boolean matches(String text) {
        switch (shape) {
            case EXACT:
                return text.equals(literal);
            case PREFIX:
                return text.startsWith(literal);
            case SUFFIX:
                return text.endsWith(literal);
            case CONTAINS:
                return text.contains(literal);
            default:
                return matchesWildcards(text);
        }
    }

    private boolean matchesWildcards(String text) {
        int t = 0;
        int p = 0;
        int runAt = -1;
        int resumeAt = 0;
        while (t < text.length()) {
            int c = text.codePointAt(t);
            if (p < tokens.length && (tokens[p] == ANY_ONE || tokens[p] == c)) {
                t += Character.charCount(c);
                p++;
            } else if (p < tokens.length && tokens[p] == ANY_RUN) {
                runAt = p++;
                resumeAt = t;
            } else if (runAt >= 0) {
                // Let the last % take one more character and retry the rest of the pattern.
                resumeAt += Character.charCount(text.codePointAt(resumeAt));
                t = resumeAt;
                p = runAt + 1;
            } else {
                return false;
            }
        }
        while (p < tokens.length && tokens[p] == ANY_RUN) {
            p++;
        }
        return p == tokens.length;
    }
}
