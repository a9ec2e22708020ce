package io.sluice.processor.stateful;

import io.sluice.processor.state.KeyValueIterator;
import io.sluice.processor.state.KeyValueStore;
import io.sluice.processor.state.StateBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.NavigableMap;

/**
 * The join buffer is a stream-stream join's state in one store: each side's rows by key and time,
 * an index of them by the time their last chance to match passes, and a row counter. Reads see the
 * batch's own pending writes over the committed store.
 *
 * <p>Implementation notes: a row is {@code [side 'L'|'R'][key length: 4][key][time: 8][seq: 8]}
 * with value {@code [matched: 0|1][Avro binary of the row]}; its index entry is {@code [side
 * 'l'|'r'][last chance: 8][row key]} with an empty value; the counter {@code [0]} holds the next
 * seq, which keeps rows of one key and time apart. Times have their sign bit flipped, so they sort
 * as unsigned bytes.
 */
final class JoinBuffer {
    static final String STORE = "join";

    private static final byte[] COUNTER = {0};
    private static final byte[] NOTHING = new byte[0];

    private final KeyValueStore store;
    private final StateBatch pending;

    JoinBuffer(KeyValueStore store, StateBatch pending) {
        this.store = store;
        this.pending = pending;
    }

    /** The next row number to use. */
    long nextSeq() {
        byte[] value = pending.readThrough(store, COUNTER);
        return value == null ? 0 : ByteBuffer.wrap(value).getLong();
    }

    /** Stores the next row number to use. */
    void saveSeq(long next) {
        pending.put(STORE, COUNTER, ByteBuffer.allocate(8).putLong(next).array());
    }

    /** Buffers a row; with a last chance, indexes it for eviction. */
    byte[] put(
            int side,
            String key,
            long timeMs,
            long seq,
            boolean matched,
            byte[] row,
            long lastChanceMs) {
        byte[] rowKey = rowKey(side, key, timeMs, seq);
        pending.put(STORE, rowKey, value(matched, row));
        if (lastChanceMs != Long.MAX_VALUE) {
            pending.put(STORE, indexKey(side, lastChanceMs, rowKey), NOTHING);
        }
        return rowKey;
    }

    /** The rows of {@code side} under {@code key} with times in {@code [fromMs, untilMs)}. */
    NavigableMap<byte[], byte[]> rows(int side, String key, long fromMs, long untilMs) {
        byte[] prefix = keyPrefix(side, key);
        return range(timed(prefix, fromMs, 0), timed(prefix, untilMs, 0));
    }

    /** Marks a buffered row as having met a row of the other side. */
    void markMatched(byte[] rowKey, byte[] value) {
        if (value[0] == 0) {
            byte[] marked = value.clone();
            marked[0] = 1;
            pending.put(STORE, rowKey, marked);
        }
    }

    /** Removes a buffered row (its index entry stays until eviction finds the row gone). */
    void delete(byte[] rowKey) {
        pending.delete(STORE, rowKey);
    }

    /** The index entries of {@code side} whose last chance is before {@code watermarkMs}. */
    NavigableMap<byte[], byte[]> expired(int side, long watermarkMs) {
        return range(new byte[] {indexTag(side)}, expiredUntil(side, watermarkMs));
    }

    /**
     * Whether the committed store holds index entries of {@code side} whose last chance is before
     * {@code watermarkMs}; for between batches, when nothing is pending.
     */
    boolean hasExpired(int side, long watermarkMs) {
        try (KeyValueIterator committed =
                store.range(new byte[] {indexTag(side)}, expiredUntil(side, watermarkMs))) {
            return committed.next();
        }
    }

    private static byte[] expiredUntil(int side, long watermarkMs) {
        return ByteBuffer.allocate(9).put(indexTag(side)).putLong(flip(watermarkMs)).array();
    }

    /** The row an index entry points at, or null when it is gone. */
    byte[] rowOf(byte[] indexKey) {
        return pending.readThrough(store, rowKeyOf(indexKey));
    }

    /** The row key an index entry points at. */
    static byte[] rowKeyOf(byte[] indexKey) {
        return Arrays.copyOfRange(indexKey, 9, indexKey.length);
    }

    /** Removes an index entry. */
    void deleteIndex(byte[] indexKey) {
        pending.delete(STORE, indexKey);
    }

    /** Whether a stored value is of a row that met one of the other side. */
    static boolean isMatched(byte[] value) {
        return value[0] != 0;
    }

    /** The Avro binary of the row in a stored value. */
    static byte[] row(byte[] value) {
        return Arrays.copyOfRange(value, 1, value.length);
    }

    /** The event time in a row key. */
    static long timeOf(byte[] rowKey) {
        return flip(ByteBuffer.wrap(rowKey, rowKey.length - 16, 8).getLong());
    }

    private NavigableMap<byte[], byte[]> range(byte[] from, byte[] until) {
        return pending.rangeThrough(store, from, until);
    }

    private static byte[] value(boolean matched, byte[] row) {
        byte[] value = new byte[row.length + 1];
        value[0] = (byte) (matched ? 1 : 0);
        System.arraycopy(row, 0, value, 1, row.length);
        return value;
    }

    private static byte[] rowKey(int side, String key, long timeMs, long seq) {
        byte[] prefix = keyPrefix(side, key);
        return ByteBuffer.allocate(prefix.length + 16)
                .put(prefix)
                .putLong(flip(timeMs))
                .putLong(seq)
                .array();
    }

    private static byte[] keyPrefix(int side, String key) {
        byte[] text = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + text.length)
                .put(rowTag(side))
                .putInt(text.length)
                .put(text)
                .array();
    }

    private static byte[] timed(byte[] prefix, long timeMs, long seq) {
        return ByteBuffer.allocate(prefix.length + 16)
                .put(prefix)
                .putLong(flip(timeMs))
                .putLong(seq)
                .array();
    }

    private static byte[] indexKey(int side, long lastChanceMs, byte[] rowKey) {
        return ByteBuffer.allocate(9 + rowKey.length)
                .put(indexTag(side))
                .putLong(flip(lastChanceMs))
                .put(rowKey)
                .array();
    }

    private static byte rowTag(int side) {
        return side == JoinInput.LEFT ? (byte) 'L' : (byte) 'R';
    }

    private static byte indexTag(int side) {
        return side == JoinInput.LEFT ? (byte) 'l' : (byte) 'r';
    }

    private static long flip(long timeMs) {
        return timeMs ^ Long.MIN_VALUE;
    }
}
