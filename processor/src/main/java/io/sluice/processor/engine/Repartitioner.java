package io.sluice.processor.engine;

import io.sluice.processor.stateful.KeyEncoding;
import io.sluice.processor.stateful.TaskInfo;
import io.sluice.processor.window.GroupColumn;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.json.JsonFormat;
import io.sluice.serdes.json.JsonOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A repartitioner moves rows to the task of their group key through the pipeline's internal
 * repartition topic: the first stage writes each row (Avro binary of the stateful step's input
 * schema, or of the columns of it the step reads, keyed by the group key, its event time in a
 * header) inside the batch's transaction; a later batch reads it back on the partition that owns
 * the key.
 *
 * <p>Records are timestamped with the time they are written, not with their event time: the topic's
 * time-based retention counts from the record timestamps, and rows with event times older than the
 * retention (a backfill, a replay of last month's input) were deleted before their task read them
 * whenever it lagged behind (after a restart, during a restore).
 *
 * <p>The record keeps where its input came from in its {@link MoveHeader} (with the source topic in
 * a header of its own when the pipeline reads several), so a row dead-lettered after the move still
 * names its original topic, partition and offset. Used by the batch thread only: encoders are
 * reused.
 */
final class Repartitioner {
    /** The header with the index of the row's source partition: 4 bytes, big-endian. */
    static final String SOURCE_SLOT = "sluice.source.slot";

    /**
     * The header of a watermark marker: a record without a value that tells a task how far in event
     * time (its timestamp) a source partition has got, whether or not it sent the task rows.
     */
    static final String WATERMARK = "sluice.watermark";

    /**
     * The header of an idle marker, a watermark marker that also says that its source partition has
     * moved no rows for the idle timeout: the task stops waiting for it until it moves rows again.
     */
    static final String IDLE = "sluice.idle";

    /**
     * The header with a moved row's event time, or a watermark marker's: 8 bytes, big-endian epoch
     * milliseconds. Records moved before it existed carry the event time as their timestamp.
     */
    static final String EVENT_TIME = "sluice.event.time";

    private static final byte[] MARKER = new byte[0];

    private final String topic;
    private final int partitions;
    private final String sourceTopic; // the one topic the sources are on; null for several
    private final Map<TopicPartition, Integer> slots = new HashMap<>();
    private final byte[][] slotHeaders; // per slot, the value of its SOURCE_SLOT header
    // per source slot, the largest event time moved in the batch so far; MIN_VALUE for none
    private final long[] batchMaxEventTime;
    // per source slot: when this stage last moved a row of it, and whether its tasks were told
    // it is idle (in a committed batch, and in the open one)
    private final long idleTimeoutNanos;
    private final long[] lastMovedNanos;
    private final boolean[] announcedIdle;
    private final boolean[] announcedInBatch;
    private int generation = Integer.MIN_VALUE;
    private String lastTopic;
    private int lastPartition = -1;
    private int lastSlot;
    private final GroupColumn[] keyColumns;
    private final KeyEncoding key;
    private final RowProjection projection;
    private final RowEncoder rowEncoder; // rows as moved: the projection's columns
    private final RowDecoder rowDecoder;
    private final RowDecoder wholeRowDecoder; // rows moved whole by a version before the projection
    private final RowEncoder jsonEncoder;
    private final RowEncoder movedJsonEncoder;
    // next offset after the rows sent in the open transaction, per partition (0: none): written
    // by the producer's I/O thread (a callback per row, so nothing boxed), folded into
    // committedUntil after the commit
    private final AtomicLongArray sentUntil;
    private final Map<Integer, Long> committedUntil = new HashMap<>();
    private final Callback onSent;

    /**
     * @param topic the repartition topic
     * @param partitions its partition count: the number of tasks
     * @param sources the source partitions, whose index a row carries for the watermark
     * @param keyColumns the columns rows are grouped by
     * @param rowSchema the schema of the stateful step's input rows
     * @param columnsRead the columns of them the step reads, which are all that cross it; empty for
     *     whole rows
     * @param idleTimeout how long a source partition may move no rows before its tasks stop waiting
     *     for it
     */
    Repartitioner(
            String topic,
            int partitions,
            List<TopicPartition> sources,
            List<GroupColumn> keyColumns,
            Schema rowSchema,
            Optional<BitSet> columnsRead,
            Duration idleTimeout) {
        this.topic = topic;
        this.partitions = partitions;
        this.sentUntil = new AtomicLongArray(partitions);
        this.onSent =
                (metadata, e) -> {
                    if (e == null) {
                        sentUntil.accumulateAndGet(
                                metadata.partition(), metadata.offset() + 1, Math::max);
                    }
                };
        List<String> topics = sources.stream().map(TopicPartition::topic).distinct().toList();
        this.sourceTopic = topics.size() == 1 ? topics.get(0) : null;
        this.slotHeaders = new byte[Math.max(1, sources.size())][];
        for (int i = 0; i < slotHeaders.length; i++) {
            slotHeaders[i] = ByteBuffer.allocate(4).putInt(i).array();
        }
        for (int i = 0; i < sources.size(); i++) {
            slots.put(sources.get(i), i);
        }
        this.batchMaxEventTime = new long[Math.max(1, sources.size())];
        Arrays.fill(batchMaxEventTime, Long.MIN_VALUE);
        this.idleTimeoutNanos = saturatedNanos(idleTimeout);
        this.lastMovedNanos = new long[batchMaxEventTime.length];
        this.announcedIdle = new boolean[batchMaxEventTime.length];
        this.announcedInBatch = new boolean[batchMaxEventTime.length];
        this.keyColumns = keyColumns.toArray(new GroupColumn[0]);
        this.key = KeyEncoding.of("RepartitionKey", keyColumns);
        FormatSpec avro = FormatSpec.Avro.sameAsRow();
        this.projection = RowProjection.of(rowSchema, columnsRead);
        Schema moved = projection.movedSchema();
        this.rowEncoder = Codecs.encoder(avro, moved);
        this.rowDecoder = Codecs.decoder(avro, moved);
        this.wholeRowDecoder = Codecs.decoder(avro, rowSchema);
        this.jsonEncoder = JsonFormat.encoder(rowSchema, JsonOptions.defaults());
        this.movedJsonEncoder = JsonFormat.encoder(moved, JsonOptions.defaults());
    }

    /** The repartition topic. */
    String topic() {
        return topic;
    }

    /**
     * The record that moves {@code row}, with event time {@code eventTimeMs}, of {@code input} to
     * its group's partition.
     *
     * @throws io.sluice.processor.expr.EvaluationException when a group column cannot be computed
     * @throws io.sluice.serdes.CodecException when the row does not fit its schema
     */
    ProducerRecord<byte[], byte[]> record(
            ConsumerRecord<byte[], byte[]> input, GenericRecord row, long eventTimeMs) {
        byte[] keyValue = key(row);
        int partition = TaskInfo.taskOf(keyValue, partitions);
        RecordHeaders headers = new RecordHeaders();
        int slot = slot(input);
        headers.add(
                MoveHeader.KEY,
                MoveHeader.encode(slot, input.partition(), input.offset(), eventTimeMs));
        if (sourceTopic == null) {
            headers.add(DeadLetters.SOURCE_TOPIC, input.topic().getBytes(StandardCharsets.UTF_8));
        }
        batchMaxEventTime[slot] = Math.max(batchMaxEventTime[slot], eventTimeMs);
        // no timestamp: the producer's clock, so that retention counts from the move
        return new ProducerRecord<>(
                topic, partition, null, keyValue, rowEncoder.encode(row), headers);
    }

    /**
     * The watermark slot of a moved row: the index of its source partition (0 for a record without
     * one, or from a partition added since the start).
     */
    int sourceSlot(ConsumerRecord<byte[], byte[]> moved) {
        byte[] move = MoveHeader.of(moved);
        if (move != null) {
            return validSlot(MoveHeader.slot(move));
        }
        Header header = moved.headers().lastHeader(SOURCE_SLOT);
        if (header == null || header.value().length != 4) {
            return 0;
        }
        byte[] b = header.value();
        return validSlot(
                (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff));
    }

    /** The watermark slot of a moved row whose {@link MoveHeader} is {@code move}. */
    int sourceSlot(byte[] move) {
        return validSlot(MoveHeader.slot(move));
    }

    private int validSlot(int slot) {
        return slot >= 0 && slot < slotHeaders.length ? slot : 0;
    }

    /**
     * Where the row with {@link MoveHeader} {@code move} was read, for its dead letter: the source
     * topic is the pipeline's, or (when it reads several) the row's own header.
     */
    DeadLetters.Origin origin(ConsumerRecord<byte[], byte[]> moved, byte[] move) {
        String topicRead = sourceTopic;
        Header header = moved.headers().lastHeader(DeadLetters.SOURCE_TOPIC);
        if (header != null && header.value() != null) {
            topicRead = new String(header.value(), StandardCharsets.UTF_8);
        }
        return new DeadLetters.Origin(
                topicRead == null ? "" : topicRead,
                MoveHeader.partition(move),
                MoveHeader.offset(move));
    }

    /**
     * The watermark markers of the batch: for each source partition that moved rows, one record to
     * every task with the largest event time it moved, so that a task hears of every source
     * partition's progress, not only of those that happen to hold its keys (Flink broadcasts its
     * watermarks for the same reason). Sent after the batch's rows, so a task reads them first.
     *
     * <p>A source partition of this instance that moved no rows for the idle timeout gets an idle
     * marker instead, once (again after each rebalance, as its tasks may have moved): idleness is
     * decided here, where silence means the partition had nothing, and not by the tasks, which may
     * lag behind the repartition topic for any length of time.
     *
     * @param owned the source partitions this instance reads
     * @param generation the consumer group's generation: a new one repeats idle markers
     */
    List<ProducerRecord<byte[], byte[]>> watermarkMarkers(
            Collection<TopicPartition> owned, int generation, long nowNanos) {
        if (generation != this.generation) {
            this.generation = generation;
            Arrays.fill(lastMovedNanos, nowNanos);
            Arrays.fill(announcedIdle, false);
        }
        List<ProducerRecord<byte[], byte[]>> markers = new ArrayList<>();
        for (int slot = 0; slot < batchMaxEventTime.length; slot++) {
            long max = batchMaxEventTime[slot];
            if (max != Long.MIN_VALUE) {
                lastMovedNanos[slot] = nowNanos;
                announcedIdle[slot] = false;
                addMarkers(markers, slot, max, false);
                batchMaxEventTime[slot] = Long.MIN_VALUE;
            } else if (!announcedIdle[slot]
                    && nowNanos - lastMovedNanos[slot] >= idleTimeoutNanos
                    && owns(owned, slot)) {
                announcedIdle[slot] = true;
                announcedInBatch[slot] = true;
                addMarkers(markers, slot, 0L, true);
            }
        }
        return markers;
    }

    private void addMarkers(
            List<ProducerRecord<byte[], byte[]>> markers,
            int slot,
            long eventTimeMs,
            boolean idle) {
        byte[] eventTime = longBytes(eventTimeMs);
        for (int task = 0; task < partitions; task++) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(SOURCE_SLOT, slotHeaders[slot]);
            headers.add(WATERMARK, MARKER);
            headers.add(EVENT_TIME, eventTime);
            if (idle) {
                headers.add(IDLE, MARKER);
            }
            markers.add(new ProducerRecord<>(topic, task, null, null, null, headers));
        }
    }

    private boolean owns(Collection<TopicPartition> owned, int slot) {
        for (TopicPartition partition : owned) {
            Integer owner = slots.get(partition);
            if (owner != null && owner == slot) {
                return true;
            }
        }
        return false;
    }

    /**
     * The event time of a moved row, or how far a watermark marker's source partition has got: its
     * header, or its timestamp when it was moved by a version without the header.
     */
    static long eventTime(ConsumerRecord<byte[], byte[]> moved) {
        byte[] move = MoveHeader.of(moved);
        if (move != null) {
            return MoveHeader.eventTime(move);
        }
        Header header = moved.headers().lastHeader(EVENT_TIME);
        if (header == null || header.value().length != 8) {
            return moved.timestamp();
        }
        byte[] b = header.value();
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (b[i] & 0xff);
        }
        return value;
    }

    /** Whether {@code marker} says its source partition is idle. */
    static boolean isIdleMarker(ConsumerRecord<byte[], byte[]> marker) {
        return marker.headers().lastHeader(IDLE) != null;
    }

    /** Whether {@code moved} is a watermark marker rather than a row. */
    static boolean isWatermarkMarker(ConsumerRecord<byte[], byte[]> moved) {
        return moved.value() == null && moved.headers().lastHeader(WATERMARK) != null;
    }

    /** The callback to send a moved row with, so that {@link #caughtUp} knows where it went. */
    Callback onSent() {
        return onSent;
    }

    /** The batch committed: the rows it moved are now there to read. */
    void committed() {
        for (int partition = 0; partition < partitions; partition++) {
            long until = sentUntil.getAndSet(partition, 0);
            if (until > 0) {
                committedUntil.merge(partition, until, Math::max);
            }
        }
        Arrays.fill(announcedInBatch, false);
    }

    /** The batch aborted: the rows it moved are gone. */
    void aborted() {
        for (int partition = 0; partition < partitions; partition++) {
            sentUntil.set(partition, 0);
        }
        Arrays.fill(batchMaxEventTime, Long.MIN_VALUE);
        for (int slot = 0; slot < announcedInBatch.length; slot++) {
            if (announcedInBatch[slot]) {
                announcedIdle[slot] = false; // its marker was aborted with the batch
                announcedInBatch[slot] = false;
            }
        }
    }

    /**
     * Whether this instance has read, of the repartition partitions it owns, every row it moved in
     * committed batches. The last stable offset moves only once the broker has written the commit
     * markers, a moment after the commit returned: until then a plan may see nothing to read there,
     * and an availableNow run must not take that for the end.
     */
    boolean caughtUp(Map<TopicPartition, Long> nextOffsets) {
        for (Map.Entry<Integer, Long> moved : committedUntil.entrySet()) {
            Long next = nextOffsets.get(new TopicPartition(topic, moved.getKey()));
            if (next != null && next < moved.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The row a repartition record carries, of the step's input schema (the columns not moved are
     * null), or the reason it cannot be read.
     *
     * @param move the record's {@link MoveHeader}; null when it was moved whole, by an older
     *     version
     */
    DecodeResult row(ConsumerRecord<byte[], byte[]> moved, byte[] move) {
        if (move == null) {
            return wholeRowDecoder.decode(moved.value());
        }
        DecodeResult decoded = rowDecoder.decode(moved.value());
        return projection.isWhole() || !(decoded instanceof DecodeResult.Decoded d)
                ? decoded
                : new DecodeResult.Decoded(projection.expand(d.row()));
    }

    /**
     * The row as JSON text, for a dead letter that should be readable without the schema: the
     * columns that were moved.
     */
    byte[] json(GenericRecord row) {
        GenericRecord moved = projection.asMoved(row);
        return moved == row ? jsonEncoder.encode(row) : movedJsonEncoder.encode(moved);
    }

    private int slot(ConsumerRecord<byte[], byte[]> input) {
        // records come partition by partition: look the slot up once per run
        if (input.partition() != lastPartition || !input.topic().equals(lastTopic)) {
            // a partition added since the start has no slot of its own: slot 0
            lastSlot = slots.getOrDefault(new TopicPartition(input.topic(), input.partition()), 0);
            lastTopic = input.topic();
            lastPartition = input.partition();
        }
        return lastSlot;
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private byte[] key(GenericRecord row) {
        for (int i = 0; i < keyColumns.length; i++) {
            key.set(i, keyColumns[i].expression().evaluate(row));
        }
        return key.encode();
    }
}
