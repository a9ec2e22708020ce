package io.sluice.serdes.json;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * A string cache returns the same String instance for text a field has recently held, so that
 * low-cardinality fields (a city, a payment method, a status) cost no String allocation per record.
 *
 * <p>It is a small direct-mapped table per field, keyed by a hash of the parser's characters: a hit
 * compares the characters with the cached String and returns it; a miss creates the String and
 * replaces the slot. Strings are immutable, so sharing one between rows is safe. Only short values
 * are cached; long text is rarely repeated and comparing it would cost more than it saves. Like its
 * decoder, a cache belongs to one thread at a time.
 */
final class StringCache {

    private static final int SLOTS = 32;
    private static final int MAX_CACHED_LENGTH = 48;

    /** Chars hashed at each end: values that differ only in the middle just share a slot. */
    private static final int HASHED_ENDS = 4;

    private final String[] slots = new String[SLOTS];

    /** The current VALUE_STRING token's text, from the cache when the same text was seen. */
    String text(JsonParser parser) throws IOException {
        int length = parser.getTextLength();
        if (length > MAX_CACHED_LENGTH) {
            return parser.getText();
        }
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int hash = length;
        int head = Math.min(length, HASHED_ENDS);
        for (int i = 0; i < head; i++) {
            hash = 31 * hash + chars[offset + i];
        }
        for (int i = Math.max(head, length - HASHED_ENDS); i < length; i++) {
            hash = 31 * hash + chars[offset + i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        String cached = slots[slot];
        if (cached != null && matches(cached, chars, offset, length)) {
            return cached;
        }
        String text = new String(chars, offset, length);
        slots[slot] = text;
        return text;
    }

    private static boolean matches(String cached, char[] chars, int offset, int length) {
        if (cached.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (cached.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
