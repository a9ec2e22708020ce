package io.sluice.processor.stateful;

import io.sluice.processor.RowCollector;
import io.sluice.processor.state.KeyValueStore;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.GroupColumn;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.avro.AvroFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A table-table join (Kafka Streams' KTable-KTable join): two compacted topics read as tables, each
 * key's latest row kept per side in RocksDB (with a changelog), and every change of either side
 * emitted as a change of the joined table: the joined row of the key, or its deletion when the join
 * no longer has a row for it (inner: both sides; left: the left side; full: either side).
 *
 * <p>Changes are applied in arrival order, which for one key is the order of its records within
 * each table; a change that leaves the joined row as absent as it was emits nothing.
 */
public final class TableJoinOperator implements StatefulOperator, TableChanges {
    static final String STORE = "tables";

    private final JoinKind kind;
    private final Schema left;
    private final Schema right;
    private final JoinedRows joined;
    private final Set<String> rightTopics;
    private final JoinInput leftInput;
    private final JoinInput rightInput;
    private final int keyPosition; // the shared key column of the output, -1 for none
    private final String describe;

    /**
     * @param keyColumn the column both tables' rows hold their key in, one column of the output;
     *     null when the values do not hold it
     * @throws IllegalArgumentException when the kind is not inner, left or full, or a column is on
     *     both sides
     */
    public TableJoinOperator(
            JoinKind kind,
            Schema left,
            Schema right,
            String keyColumn,
            List<String> rightColumns,
            String recordName,
            List<String> rightTopics) {
        if (kind == JoinKind.RIGHT || kind == JoinKind.LEFT_SEMI) {
            throw new IllegalArgumentException(
                    "a table-table join is inner, left or full, not " + kind.text());
        }
        this.kind = kind;
        this.left = left;
        this.right = right;
        this.joined =
                new JoinedRows(left, right, keyColumn, keyColumn, rightColumns, kind, recordName);
        this.keyPosition = keyColumn == null ? -1 : joined.schema().getField(keyColumn).pos();
        this.rightTopics = Set.copyOf(rightTopics);
        this.leftInput = new JoinInput(JoinInput.LEFT, left, null);
        this.rightInput = new JoinInput(JoinInput.RIGHT, right, null);
        this.describe =
                kind.text() + " join of table " + String.join(", ", rightTopics) + " on the keys";
    }

    @Override
    public GenericRecord change(String topic, String key, GenericRecord row) {
        return (rightTopics.contains(topic) ? rightInput : leftInput).change(key, row);
    }

    @Override
    public Optional<Schema> inputSchema() {
        return Optional.of(JoinInput.SCHEMA);
    }

    @Override
    public List<String> stores() {
        return List.of(STORE);
    }

    @Override
    public List<GroupColumn> keyColumns() {
        return JoinInput.keyColumns();
    }

    @Override
    public Schema outputSchema() {
        return joined.schema();
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public TaskOperator open(TaskStore store, StateBatch pending, TaskInfo task) {
        return new Task(store.store(STORE), pending);
    }

    private record Change(int side, String key, byte[] row) {}

    /** One task's batch of changes. */
    private final class Task implements TaskOperator {
        private final KeyValueStore store;
        private final StateBatch pending;
        private final RowDecoder leftRows = AvroFormat.decoder(left, left);
        private final RowDecoder rightRows = AvroFormat.decoder(right, right);
        private final List<Change> changes = new ArrayList<>();

        Task(KeyValueStore store, StateBatch pending) {
            this.store = store;
            this.pending = pending;
        }

        @Override
        public Admission add(GenericRecord row, long eventTimeMs, long watermarkMs) {
            changes.add(
                    new Change(
                            (Integer) row.get(JoinInput.SIDE),
                            row.get(JoinInput.KEY).toString(),
                            JoinInput.rowBytes(row)));
            return Admission.ON_TIME;
        }

        @Override
        public void finish(long watermarkMs, long nextWatermarkMs, long nowMs, RowCollector out) {
            for (Change change : changes) {
                byte[] leftKey = key(JoinInput.LEFT, change.key);
                byte[] rightKey = key(JoinInput.RIGHT, change.key);
                byte[] before =
                        pending.readThrough(
                                store, change.side == JoinInput.LEFT ? leftKey : rightKey);
                byte[] other =
                        pending.readThrough(
                                store, change.side == JoinInput.LEFT ? rightKey : leftKey);
                boolean existed = exists(change.side, before != null, other != null);
                boolean exists = exists(change.side, change.row != null, other != null);
                if (change.row == null) {
                    pending.delete(STORE, change.side == JoinInput.LEFT ? leftKey : rightKey);
                } else {
                    pending.put(
                            STORE, change.side == JoinInput.LEFT ? leftKey : rightKey, change.row);
                }
                if (exists) {
                    byte[] mine = change.row;
                    GenericRecord l = row(leftRows, change.side == JoinInput.LEFT ? mine : other);
                    GenericRecord r = row(rightRows, change.side == JoinInput.LEFT ? other : mine);
                    out.collect(joined.of(l, r));
                } else if (existed) {
                    out.collect(deletion(change.key));
                }
            }
            changes.clear();
        }

        /** Whether the joined table has a row for a key whose sides are there or not. */
        private boolean exists(int side, boolean mine, boolean theirs) {
            boolean leftThere = side == JoinInput.LEFT ? mine : theirs;
            boolean rightThere = side == JoinInput.LEFT ? theirs : mine;
            switch (kind) {
                case INNER:
                    return leftThere && rightThere;
                case LEFT:
                    return leftThere;
                default:
                    return leftThere || rightThere;
            }
        }

        private GenericRecord deletion(String key) {
            Deletion row = new Deletion(joined.schema());
            if (keyPosition >= 0) {
                row.put(keyPosition, key);
            }
            return row;
        }

        @Override
        public void aborted() {
            changes.clear();
        }
    }

    private static GenericRecord row(RowDecoder decoder, byte[] bytes) {
        return bytes == null ? null : JoinInput.decode(decoder, bytes);
    }

    private static byte[] key(int side, String key) {
        byte[] text = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + text.length)
                .put(side == JoinInput.LEFT ? (byte) 'L' : (byte) 'R')
                .put(text)
                .array();
    }
}
