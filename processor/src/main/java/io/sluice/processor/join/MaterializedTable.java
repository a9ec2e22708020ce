package io.sluice.processor.join;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.state.KeyValueIterator;
import io.sluice.processor.state.KeyValueStore;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.TaskStore;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.avro.AvroFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericRecord;

/**
 * A materialised table is a {@link KafkaTable}'s rows in a task store: each key's latest row (Avro
 * binary), or with a history each key's versions by record timestamp, and the next offset of each
 * topic partition, committed with the rows in one atomic write. Used by one thread.
 *
 * <p>Implementation notes: a versioned key is {@code [key length: 4 bytes][key][timestamp: 8 bytes,
 * sign bit flipped]}, so a key's versions sort by time and a lookup at time t reads the last
 * version at or before t. A version's value starts with 1 and the row, or is 0 alone for a
 * tombstone. Writing a version prunes the key's versions that ended more than the history before
 * it: all but the newest version older than that bound, which is still in effect there.
 *
 * <p>The offsets store also holds the layout the rows were written in (latest or versioned, the
 * history, the fingerprint of the schema's binary encoding), written with the first commit. A copy
 * written in another layout is reported corrupt when opened, so it is read again from the topic
 * instead of being misread: a latest-value copy read as versions finds no row at all.
 */
public final class MaterializedTable implements TableView {
    /** The store of rows. */
    public static final String ROWS = "rows";

    /** The store of each topic partition's next offset. */
    public static final String OFFSETS = "offsets";

    /** The store of each record key's row key, for a table keyed by a column of its rows. */
    public static final String KEYS = "keys";

    private static final byte[] TOMBSTONE = {0};

    /** The offsets store's key of the layout; partitions' keys are 4 bytes long. */
    private static final byte[] LAYOUT = "layout".getBytes(StandardCharsets.UTF_8);

    private static final byte LAYOUT_VERSION = 1;

    private final TaskStore store;
    private final KeyValueStore rows;
    private final KeyValueStore offsets;
    private final Optional<Duration> history;
    private final RowEncoder encoder;
    private final RowDecoder decoder;
    private final StateBatch pending = new StateBatch();
    private final byte[] layout;
    private final KeyValueStore keys;
    private final int keyPosition; // the column rows are keyed by; -1: the record key
    private boolean hasLayout; // whether the store holds this table's layout

    /**
     * The table of rows of {@code schema} in {@code store}, keeping versions for {@code history}
     * (or the latest rows only when empty).
     *
     * @throws StateCorruptedException when the store holds rows written in another layout (another
     *     schema or history): wipe it and read the topic again
     */
    public MaterializedTable(TaskStore store, Schema schema, Optional<Duration> history) {
        this(store, schema, history, Optional.empty());
    }

    /**
     * The table as above, its rows keyed by the column {@code keyColumn} of their values instead of
     * their records' keys (the store must have {@link #KEYS} then).
     */
    public MaterializedTable(
            TaskStore store,
            Schema schema,
            Optional<Duration> history,
            Optional<String> keyColumn) {
        this.store = store;
        this.rows = store.store(ROWS);
        this.offsets = store.store(OFFSETS);
        this.history = history;
        this.encoder = AvroFormat.encoder(schema);
        this.decoder = AvroFormat.decoder(schema, schema);
        this.keyPosition = keyColumn.map(name -> schema.getField(name).pos()).orElse(-1);
        this.keys = keyPosition < 0 ? null : store.store(KEYS);
        this.layout = layout(schema, history, keyColumn);
        this.hasLayout = checkLayout();
    }

    /**
     * Stages the change of one table record: {@code row}, or a deletion when null, of the record
     * key {@code recordKey}. Keyed by a column, the row goes under the column's text (a row whose
     * column is null under none), and a record key's earlier row key is deleted when it changed.
     */
    public void change(String recordKey, GenericRecord row, long timestampMs) {
        if (keyPosition < 0) {
            stage(recordKey, row, timestampMs);
            return;
        }
        byte[] record = recordKey.getBytes(StandardCharsets.UTF_8);
        byte[] before = pending.readThrough(keys, record);
        Object column = row == null ? null : row.get(keyPosition);
        String after = column == null ? null : KeyText.of(column);
        if (before != null && !new String(before, StandardCharsets.UTF_8).equals(after)) {
            stage(new String(before, StandardCharsets.UTF_8), null, timestampMs);
        }
        if (after == null) {
            pending.delete(KEYS, record);
            return;
        }
        stage(after, row, timestampMs);
        pending.put(KEYS, record, after.getBytes(StandardCharsets.UTF_8));
    }

    /** The next offset to read of topic partition {@code partition}; empty when never read. */
    public OptionalLong nextOffset(int partition) {
        byte[] value = offsets.get(partitionKey(partition));
        return value == null
                ? OptionalLong.empty()
                : OptionalLong.of(ByteBuffer.wrap(value).getLong());
    }

    /**
     * Stages one table record: {@code row} under {@code key}, or the key's deletion when {@code
     * row} is null. Visible after {@link #commit}.
     */
    public void stage(String key, GenericRecord row, long timestampMs) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        if (history.isEmpty()) {
            if (row == null) {
                pending.delete(ROWS, keyBytes);
            } else {
                pending.put(ROWS, keyBytes, encoder.encode(row));
            }
            return;
        }
        pending.put(
                ROWS,
                versionKey(keyBytes, timestampMs),
                row == null ? TOMBSTONE : withMarker(encoder.encode(row)));
        prune(keyBytes, timestampMs - history.get().toMillis());
    }

    /** Stages the next offset to read of topic partition {@code partition}. */
    public void stageOffset(int partition, long nextOffset) {
        pending.put(
                OFFSETS,
                partitionKey(partition),
                ByteBuffer.allocate(8).putLong(nextOffset).array());
    }

    /** Writes what was staged, rows and offsets together. */
    public void commit() {
        if (!hasLayout) {
            pending.put(OFFSETS, LAYOUT, layout);
        }
        store.commit(pending, Map.of());
        hasLayout = true;
    }

    /** Forgets what was staged. */
    public void discard() {
        pending.clear();
    }

    @Override
    public GenericRecord get(String key, long atMs) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        if (history.isEmpty()) {
            byte[] value = rows.get(keyBytes);
            return value == null ? null : decode(value, 0);
        }
        byte[] last = null;
        long until = atMs == Long.MAX_VALUE ? Long.MAX_VALUE : atMs + 1;
        try (KeyValueIterator versions =
                rows.range(versionKey(keyBytes, Long.MIN_VALUE), versionBound(keyBytes, until))) {
            while (versions.next()) {
                last = versions.value();
            }
        }
        return last == null || last[0] == 0 ? null : decode(last, 1);
    }

    /** The number of rows (versions, for a versioned table) held; exact, for tests. */
    public long size() {
        return store.countKeys(ROWS);
    }

    /** Whether the store holds this layout; false when it is empty; throws on another one. */
    private boolean checkLayout() {
        byte[] written = offsets.get(LAYOUT);
        if (written != null && Arrays.equals(written, layout)) {
            return true;
        }
        boolean empty;
        try (KeyValueIterator any = offsets.all()) {
            empty = !any.next();
        }
        if (empty) {
            return false;
        }
        throw new StateCorruptedException(
                "table store "
                        + store.id()
                        + " was written for another schema or history than the pipeline's now");
    }

    private static byte[] layout(
            Schema schema, Optional<Duration> history, Optional<String> keyColumn) {
        byte[] key = keyColumn.orElse("").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + 8 + key.length)
                .put(LAYOUT_VERSION)
                .putLong(history.map(Duration::toMillis).orElse(-1L))
                .putLong(SchemaNormalization.parsingFingerprint64(schema))
                .put(key)
                .array();
    }

    private void prune(byte[] keyBytes, long boundMs) {
        if (boundMs == Long.MIN_VALUE) {
            return;
        }
        byte[] from = versionKey(keyBytes, Long.MIN_VALUE);
        byte[] until = versionKey(keyBytes, boundMs);
        // the versions before the bound, committed or staged in this chunk
        NavigableSet<byte[]> old = pending.rangeThrough(rows, from, until).navigableKeySet();
        if (!old.isEmpty()) {
            old.pollLast(); // still in effect at the bound
        }
        for (byte[] version : old) {
            pending.delete(ROWS, version);
        }
    }

    private GenericRecord decode(byte[] value, int from) {
        byte[] bytes = from == 0 ? value : Arrays.copyOfRange(value, from, value.length);
        DecodeResult result = decoder.decode(bytes);
        if (result instanceof DecodeResult.Decoded decoded) {
            return decoded.row();
        }
        throw new StateCorruptedException(
                "a row of table store "
                        + store.id()
                        + " cannot be read: "
                        + ((DecodeResult.DecodeError) result).message(),
                null);
    }

    private static byte[] withMarker(byte[] row) {
        byte[] value = new byte[row.length + 1];
        value[0] = 1;
        System.arraycopy(row, 0, value, 1, row.length);
        return value;
    }

    private static byte[] versionKey(byte[] key, long timestampMs) {
        return ByteBuffer.allocate(4 + key.length + 8)
                .putInt(key.length)
                .put(key)
                .putLong(timestampMs ^ Long.MIN_VALUE)
                .array();
    }

    /** The first key after every version of {@code key} before {@code untilMs}. */
    private static byte[] versionBound(byte[] key, long untilMs) {
        if (untilMs != Long.MAX_VALUE) {
            return versionKey(key, untilMs);
        }
        // past the largest timestamp: the next key length prefix's range
        return ByteBuffer.allocate(4 + key.length + 9)
                .putInt(key.length)
                .put(key)
                .putLong(-1L)
                .put((byte) 0)
                .array();
    }

    private static byte[] partitionKey(int partition) {
        return ByteBuffer.allocate(4).putInt(partition).array();
    }
}
