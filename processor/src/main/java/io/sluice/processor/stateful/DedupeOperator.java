package io.sluice.processor.stateful;

import io.sluice.processor.RowCollector;
import io.sluice.processor.state.KeyValueIterator;
import io.sluice.processor.state.KeyValueStore;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.StateKeys;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.GroupColumn;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Structured Streaming's {@code dropDuplicates(columns)} with a watermark, as a stateful operator:
 * the first row of each key (the values of the dedupe columns) passes, in the batch it arrives and
 * in input order; later rows of the key are dropped, within the batch and across batches.
 *
 * <p>Two stores: {@value #KEYS} maps a key to the event time of its first row; {@value #EXPIRY}
 * maps {@code time | key} to nothing, so that once the watermark reaches a key's time, its entries
 * are found by a range scan over expired ones only, and deleted. A row at or before the watermark
 * in effect is late (its key's state may be gone already). Without a watermark nothing expires.
 */
public final class DedupeOperator implements StatefulOperator {
    public static final String KEYS = "dedupe";
    public static final String EXPIRY = "dedupe-expiry";
    private static final byte FORMAT_VERSION = 1;
    private static final byte[] NOTHING = new byte[0];
    private static final byte[] SMALLEST = new byte[0];

    private final Schema rows;
    private final List<ColumnRead> columns;

    /**
     * Drops duplicates of rows of {@code rows} by the values of {@code columns}.
     *
     * @throws IllegalArgumentException when a column is not one of the rows', or none is given
     */
    public DedupeOperator(Schema rows, List<String> columns) {
        this.rows = Objects.requireNonNull(rows, "rows");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("dropDuplicates needs at least one column");
        }
        List<ColumnRead> reads = new ArrayList<>(columns.size());
        for (String column : columns) {
            Schema.Field field = rows.getField(column);
            if (field == null) {
                throw new IllegalArgumentException(
                        "'" + column + "' is not a column of " + rows.getFullName());
            }
            reads.add(ColumnRead.of(field));
        }
        this.columns = List.copyOf(reads);
    }

    /** The dedupe columns, in order. */
    public List<String> columns() {
        return columns.stream().map(ColumnRead::name).toList();
    }

    @Override
    public List<String> stores() {
        return List.of(KEYS, EXPIRY);
    }

    @Override
    public List<GroupColumn> keyColumns() {
        return columns.stream().map(c -> new GroupColumn(c.name(), c)).toList();
    }

    @Override
    public Schema outputSchema() {
        return rows;
    }

    @Override
    public String describe() {
        return "dropDuplicates " + String.join(", ", columns());
    }

    @Override
    public TaskOperator open(TaskStore store, StateBatch pending, TaskInfo task) {
        return new Task(store, pending, new ColumnKeys(columns));
    }

    /** The stored value of a key: a version byte and the event time of its first row. */
    static byte[] value(long eventTimeMs) {
        return ByteBuffer.allocate(1 + Long.BYTES).put(FORMAT_VERSION).putLong(eventTimeMs).array();
    }

    /** One task's batch in progress: the first row of each key the batch has seen. */
    private static final class Task implements TaskOperator {
        private final TaskStore store;
        private final StateBatch pending;
        private final ColumnKeys keys;
        private final Map<ByteBuffer, FirstRow> firsts = new LinkedHashMap<>();
        private long dropped;

        Task(TaskStore store, StateBatch pending, ColumnKeys keys) {
            this.store = store;
            this.pending = pending;
            this.keys = keys;
        }

        @Override
        public Admission add(GenericRecord row, long eventTimeMs, long watermarkMs) {
            if (eventTimeMs <= watermarkMs) {
                return Admission.LATE;
            }
            byte[] key = keys.of(row);
            if (firsts.putIfAbsent(ByteBuffer.wrap(key), new FirstRow(key, row, eventTimeMs))
                    != null) {
                dropped++;
            }
            return Admission.ON_TIME;
        }

        @Override
        public void finish(long watermarkMs, long nextWatermarkMs, long nowMs, RowCollector out) {
            List<FirstRow> batch = new ArrayList<>(firsts.values());
            firsts.clear();
            List<byte[]> batchKeys = new ArrayList<>(batch.size());
            for (FirstRow first : batch) {
                batchKeys.add(first.key());
            }
            List<byte[]> stored = pending.readThrough(store.store(KEYS), batchKeys);
            for (int i = 0; i < batch.size(); i++) {
                FirstRow first = batch.get(i);
                if (stored.get(i) != null) {
                    dropped++;
                    continue;
                }
                out.collect(first.row());
                if (first.eventTimeMs() > nextWatermarkMs) { // else it would expire at once
                    pending.put(KEYS, first.key(), value(first.eventTimeMs()));
                    pending.put(
                            EXPIRY, StateKeys.expiryKey(first.eventTimeMs(), first.key()), NOTHING);
                }
            }
            if (nextWatermarkMs != Long.MIN_VALUE) {
                expire(nextWatermarkMs);
            }
        }

        /** Deletes the keys whose first row is at or before {@code watermarkMs}. */
        private void expire(long watermarkMs) {
            try (KeyValueIterator it = expired(watermarkMs)) {
                while (it.next()) {
                    byte[] expiryKey = it.key();
                    pending.delete(EXPIRY, expiryKey);
                    pending.delete(KEYS, StateKeys.expiryStateKey(expiryKey));
                }
            }
        }

        private KeyValueIterator expired(long watermarkMs) {
            KeyValueStore expiry = store.store(EXPIRY);
            return expiry.range(SMALLEST, StateKeys.expiryUpperBound(watermarkMs + 1));
        }

        @Override
        public long dropped() {
            long count = dropped;
            dropped = 0;
            return count;
        }

        @Override
        public void aborted() {
            firsts.clear();
            dropped = 0;
        }

        @Override
        public boolean hasDueWork(long nowMs, long watermarkMs) {
            if (watermarkMs == Long.MIN_VALUE) {
                return false;
            }
            try (KeyValueIterator it = expired(watermarkMs)) {
                return it.next();
            }
        }
    }

    /** The first row of a key in a batch. */
    private record FirstRow(byte[] key, GenericRecord row, long eventTimeMs) {}
}
