package io.sluice.processor.join;

/**
 * The text a join key is compared as: a table's Kafka key is text (UTF-8), so a stream's key
 * column, a string or a whole number, is matched by its text ("42" matches 42).
 */
final class KeyText {
    private KeyText() {}

    /** The text of a non-null key value. */
    static String of(Object value) {
        return value instanceof CharSequence text ? text.toString() : String.valueOf(value);
    }
}
