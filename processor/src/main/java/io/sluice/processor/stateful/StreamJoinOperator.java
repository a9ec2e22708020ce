package io.sluice.processor.stateful;

import io.sluice.processor.RowCollector;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.GroupColumn;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.avro.AvroFormat;
import io.sluice.serdes.json.JsonFormat;
import io.sluice.serdes.json.JsonOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A stream-stream join (Structured Streaming's): rows of two streams with equal keys, and times
 * that meet the {@link JoinCondition}, joined; both sides buffered in RocksDB (with a changelog)
 * until the watermark shows that nothing can meet them any more; then dropped, a row of an outer
 * side that met nothing coming out with nulls for the other side, in that batch.
 *
 * <p>The input rows are {@link JoinInput} rows of both sides. A row behind the watermark in effect
 * is late: rows it could have met may be gone. The task's watermark is the minimum over both
 * streams' partitions, each side with its own delay ({@link TopicDelays}). Rows without a key meet
 * nothing; an outer side's come out at once with nulls.
 *
 * <p>Implementation notes: a batch's rows are settled in arrival order at {@link
 * TaskOperator#finish}: each meets the other side's rows buffered so far (committed, or earlier in
 * this batch), then is buffered itself, so each pair comes out once, when its later row arrives.
 * Then the index finds the rows whose last chance is behind the next watermark.
 */
public final class StreamJoinOperator implements StatefulOperator, TopicDelays {
    private final JoinKind kind;
    private final JoinCondition condition;
    private final Schema left;
    private final Schema right;
    private final JoinedRows joined;
    private final String describe;
    private final Set<String> rightTopics;
    private final Optional<Duration> rightDelay;

    /**
     * @param left the schema of the left rows (the source's, after the steps before the join)
     * @param right the schema of the right rows (the joined stream's)
     * @param leftKey the left key column
     * @param rightKey the right key column
     * @param rightColumns the right columns to add; empty for all
     * @param rightTopics the joined stream's topics
     * @param rightDelay the joined stream's watermark delay, when it differs from the source's
     * @throws IllegalArgumentException when a column is missing or on both sides
     */
    public StreamJoinOperator(
            JoinKind kind,
            JoinCondition condition,
            Schema left,
            Schema right,
            String leftKey,
            String rightKey,
            List<String> rightColumns,
            String recordName,
            List<String> rightTopics,
            Optional<Duration> rightDelay) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.condition = Objects.requireNonNull(condition, "condition");
        this.left = left;
        this.right = right;
        this.joined =
                new JoinedRows(left, right, leftKey, rightKey, rightColumns, kind, recordName);
        this.rightTopics = Set.copyOf(rightTopics);
        this.rightDelay = rightDelay;
        this.describe =
                kind.text()
                        + " join of stream "
                        + String.join(", ", rightTopics)
                        + " on "
                        + leftKey
                        + (leftKey.equals(rightKey) ? "" : " = " + rightKey)
                        + ", "
                        + condition.describe();
    }

    /** The kind of join. */
    public JoinKind kind() {
        return kind;
    }

    /** The event-time condition. */
    public JoinCondition condition() {
        return condition;
    }

    @Override
    public List<String> stores() {
        return List.of(JoinBuffer.STORE);
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
    public List<String> warnings() {
        return condition.isBounded()
                ? List.of()
                : List.of(
                        "a stream-stream join without a time condition (between or window) keeps"
                                + " every row of both streams in its state for good: the state"
                                + " grows with every row read");
    }

    @Override
    public Optional<Duration> delay(String topic) {
        return rightTopics.contains(topic) ? rightDelay : Optional.empty();
    }

    /** The row inside a join input row, as JSON of its side's schema. */
    @Override
    public Optional<byte[]> deadLetterValue(GenericRecord input) {
        int side = (Integer) input.get(JoinInput.SIDE);
        Schema schema = side == JoinInput.LEFT ? left : right;
        GenericRecord row =
                JoinInput.decode(AvroFormat.decoder(schema, schema), JoinInput.rowBytes(input));
        return Optional.of(JsonFormat.encoder(schema, JsonOptions.defaults()).encode(row));
    }

    @Override
    public TaskOperator open(TaskStore store, StateBatch pending, TaskInfo task) {
        return new Task(new JoinBuffer(store.store(JoinBuffer.STORE), pending));
    }

    /** A row of the batch, kept until the batch finishes. */
    private record Arrival(int side, String key, long timeMs, byte[] row) {}

    /** One task's batch in progress. */
    private final class Task implements TaskOperator {
        private final JoinBuffer buffer;
        private final RowDecoder leftRows = AvroFormat.decoder(left, left);
        private final RowDecoder rightRows = AvroFormat.decoder(right, right);
        private final List<Arrival> arrivals = new ArrayList<>();

        Task(JoinBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public Admission add(GenericRecord row, long eventTimeMs, long watermarkMs) {
            // without a time condition nothing leaves the state, so no row is too late to meet
            if (condition.isBounded() && eventTimeMs < watermarkMs) {
                return Admission.LATE;
            }
            Object key = row.get(JoinInput.KEY);
            arrivals.add(
                    new Arrival(
                            (Integer) row.get(JoinInput.SIDE),
                            key == null ? null : key.toString(),
                            eventTimeMs,
                            JoinInput.rowBytes(row)));
            return Admission.ON_TIME;
        }

        @Override
        public void finish(long watermarkMs, long nextWatermarkMs, long nowMs, RowCollector out) {
            long seq = buffer.nextSeq();
            long first = seq;
            for (Arrival arrival : arrivals) {
                if (arrival.key == null) {
                    if (kind.keepsUnmatched(arrival.side)) {
                        out.collect(unmatched(arrival.side, arrival.row));
                    }
                    continue;
                }
                boolean matched = meet(arrival, out);
                if (kind == JoinKind.LEFT_SEMI && arrival.side == JoinInput.LEFT && matched) {
                    continue; // out once already, and a left semi row needs nothing more
                }
                buffer.put(
                        arrival.side,
                        arrival.key,
                        arrival.timeMs,
                        seq++,
                        matched,
                        arrival.row,
                        condition.lastChanceMs(arrival.side, arrival.timeMs));
            }
            arrivals.clear();
            if (seq != first) {
                buffer.saveSeq(seq);
            }
            if (condition.isBounded()) {
                evict(JoinInput.LEFT, nextWatermarkMs, out);
                evict(JoinInput.RIGHT, nextWatermarkMs, out);
            }
        }

        /** Joins an arriving row with the other side's buffered rows; whether it met any. */
        private boolean meet(Arrival arrival, RowCollector out) {
            int other = 1 - arrival.side;
            Map<byte[], byte[]> candidates =
                    buffer.rows(
                            other,
                            arrival.key,
                            condition.matchFromMs(arrival.side, arrival.timeMs),
                            condition.matchUntilMs(arrival.side, arrival.timeMs));
            if (candidates.isEmpty()) {
                return false;
            }
            if (kind == JoinKind.LEFT_SEMI) {
                if (arrival.side == JoinInput.LEFT) {
                    out.collect(joined.of(JoinInput.decode(leftRows, arrival.row), null));
                } else {
                    // each buffered left row that had met nothing comes out now, once
                    for (Map.Entry<byte[], byte[]> waiting : candidates.entrySet()) {
                        out.collect(
                                joined.of(
                                        JoinInput.decode(
                                                leftRows, JoinBuffer.row(waiting.getValue())),
                                        null));
                        buffer.delete(waiting.getKey());
                    }
                }
                return true;
            }
            GenericRecord mine = JoinInput.decode(rows(arrival.side), arrival.row);
            for (Map.Entry<byte[], byte[]> candidate : candidates.entrySet()) {
                GenericRecord theirs =
                        JoinInput.decode(rows(other), JoinBuffer.row(candidate.getValue()));
                out.collect(
                        arrival.side == JoinInput.LEFT
                                ? joined.of(mine, theirs)
                                : joined.of(theirs, mine));
                if (kind.keepsUnmatched(other)) {
                    buffer.markMatched(candidate.getKey(), candidate.getValue());
                }
            }
            return true;
        }

        /** Drops the rows of {@code side} that can meet nothing more, emitting outer ones. */
        private void evict(int side, long watermarkMs, RowCollector out) {
            if (watermarkMs == Long.MIN_VALUE) {
                return;
            }
            for (byte[] index : buffer.expired(side, watermarkMs).keySet()) {
                byte[] value = buffer.rowOf(index);
                if (value != null) {
                    if (!JoinBuffer.isMatched(value) && kind.keepsUnmatched(side)) {
                        out.collect(unmatched(side, JoinBuffer.row(value)));
                    }
                    buffer.delete(JoinBuffer.rowKeyOf(index));
                }
                buffer.deleteIndex(index);
            }
        }

        private GenericRecord unmatched(int side, byte[] row) {
            GenericRecord decoded = JoinInput.decode(rows(side), row);
            return side == JoinInput.LEFT ? joined.of(decoded, null) : joined.of(null, decoded);
        }

        private RowDecoder rows(int side) {
            return side == JoinInput.LEFT ? leftRows : rightRows;
        }

        @Override
        public void aborted() {
            arrivals.clear();
        }

        /**
         * Whether a watermark that moved without input (quiet topics) passes the last chance of
         * buffered rows: then they leave the state, and outer ones come out, without waiting for
         * the next row.
         */
        @Override
        public boolean hasDueWork(long nowMs, long watermarkMs) {
            return condition.isBounded()
                    && watermarkMs != Long.MIN_VALUE
                    && (buffer.hasExpired(JoinInput.LEFT, watermarkMs)
                            || buffer.hasExpired(JoinInput.RIGHT, watermarkMs));
        }
    }
}
