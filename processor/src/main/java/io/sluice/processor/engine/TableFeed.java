package io.sluice.processor.engine;

import io.sluice.processor.ConfigException;
import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.join.KafkaTable;
import io.sluice.processor.join.MaterializedTable;
import io.sluice.processor.join.TableView;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table feed keeps one {@link KafkaTable}'s local copy up to date: it reads the table's topic
 * with a consumer of its own (read_committed, no group, every partition), and writes each poll's
 * rows and the partitions' next offsets into the table's task store in one atomic write. The topic
 * is the changelog: a missing or wiped store is read again from the topic's beginning.
 *
 * <p>Every instance of a pipeline holds the whole table (Kafka Streams' global table), so stream
 * rows need no co-partitioning with it. With {@code bootstrap}, {@link #catchUp} reads up to the
 * topic's end as it is when called: a batch sees every table record committed before it began, the
 * first batch the whole table. Without it, {@link #catchUp} applies one poll without waiting.
 *
 * <p>A table record without a key, or whose value does not decode, is skipped with a warning naming
 * its partition and offset (a table has no dead-letter transaction of its own). Local state found
 * corrupt, on open (unreadable, of another layout, or ahead of the topic's end) or by a lookup, is
 * wiped and read again. Used by the batch thread only.
 */
final class TableFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TableFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTable table;
    private final TaskStoreId id;
    private final StateStores stores;
    private final Consumer<byte[], byte[]> consumer;
    private final RowDecoder decoder;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private TaskStore store; // null until opened
    private MaterializedTable rows;
    private StateCorruptedException corrupted; // found by a lookup, recovered before the next read
    private final EngineListener listener;
    private long skipped;
    private long applied;
    // the copy is being read from scratch or far behind (after open or a wipe): its partitions
    // report restore progress, and the instance is not ready until they are read
    private boolean loading = true;

    /**
     * A feed of {@code table} kept in the local state of task {@code task} of {@code pipeline},
     * telling {@code listener} of the first read of the topic as of a restore of its partitions.
     */
    TableFeed(
            String pipeline,
            String task,
            KafkaTable table,
            StateStores stores,
            Consumer<byte[], byte[]> consumer,
            EngineListener listener) {
        this.listener = listener;
        this.table = table;
        this.id = new TaskStoreId(pipeline, task);
        this.stores = stores;
        this.consumer = consumer;
        this.decoder = table.decoders().get();
    }

    /** The table it feeds. */
    KafkaTable table() {
        return table;
    }

    /**
     * Opens the local copy and starts reading the topic where the copy ends; binds the table's
     * view.
     *
     * @throws ConfigException when the topic does not exist
     */
    void open() {
        List<PartitionInfo> infos = consumer.partitionsFor(table.topic(), END_OFFSETS_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new ConfigException(
                    "table topic '" + table.topic() + "' does not exist; create it (compacted)");
        }
        partitions.clear();
        infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        consumer.assign(partitions);
        openStore();
        table.bind(new Lookups());
    }

    /**
     * Brings the copy up to the topic's end as of now (with bootstrap), or applies what one poll
     * returns (without).
     *
     * @param stopping says when to give up waiting (the runner is stopping)
     * @param keepAlive called about once a second while reading, so the main consumer keeps its
     *     group membership through a long read
     */
    void catchUp(BooleanSupplier stopping, Runnable keepAlive) {
        if (corrupted != null) {
            recover(corrupted);
        }
        if (!table.bootstrap()) {
            apply(consumer.poll(Duration.ZERO));
            return;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, END_OFFSETS_TIMEOUT);
        Map<TopicPartition, Long> starts = loading ? positions() : Map.of();
        report(starts, ends);
        long lastKeepAlive = System.nanoTime();
        while (!reached(ends) && !stopping.getAsBoolean()) {
            apply(consumer.poll(POLL));
            if (System.nanoTime() - lastKeepAlive > 1_000_000_000L) {
                keepAlive.run();
                report(starts, ends);
                lastKeepAlive = System.nanoTime();
            }
        }
        if (loading && reached(ends)) {
            loading = false;
            partitions.forEach(listener::restored);
        }
    }

    private Map<TopicPartition, Long> positions() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            positions.put(partition, consumer.position(partition));
        }
        return positions;
    }

    /** Restore progress of the partitions while the copy loads: read of total since the start. */
    private void report(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
        if (!loading) {
            return;
        }
        for (TopicPartition partition : partitions) {
            long start = starts.get(partition);
            long end = Math.max(start, ends.get(partition));
            long read = Math.min(end, consumer.position(partition)) - start;
            listener.restoring(partition, read, end - start);
        }
    }

    /** The table records skipped (no key, or a value that does not decode) since start. */
    long skipped() {
        return skipped;
    }

    /** The table records applied since start. */
    long applied() {
        return applied;
    }

    /** The number of rows (versions) in the local copy; exact, for tests. */
    long size() {
        return rows.size();
    }

    @Override
    public void close() {
        try {
            consumer.close();
        } finally {
            if (store != null) {
                store.close();
                store = null;
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            // a position past the last record: commit markers take offsets no poll returns
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> chunk = records.records(partition);
                for (ConsumerRecord<byte[], byte[]> record : chunk) {
                    stage(record);
                }
                rows.stageOffset(partition.partition(), chunk.get(chunk.size() - 1).offset() + 1);
            }
            rows.commit();
        } catch (StateCorruptedException e) {
            rows.discard();
            recover(e);
        }
    }

    private void stage(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            skip(record, "it has no key");
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            rows.change(key, null, record.timestamp());
            applied++;
            return;
        }
        DecodeResult decoded = decoder.decode(record.value());
        if (decoded instanceof DecodeResult.DecodeError error) {
            skip(record, "its value does not decode: " + error.message());
            return;
        }
        GenericRecord row = ((DecodeResult.Decoded) decoded).row();
        rows.change(key, row, record.timestamp());
        applied++;
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, String reason) {
        skipped++;
        listener.tableRecordSkipped(
                new TopicPartition(record.topic(), record.partition()), record.offset(), reason);
        log.warn(
                "Table {}: skipped the record at partition {} offset {}: {}",
                table.topic(),
                record.partition(),
                record.offset(),
                reason);
    }

    private void openStore() {
        try {
            openCopy();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, END_OFFSETS_TIMEOUT);
            for (TopicPartition partition : partitions) {
                OptionalLong next = rows.nextOffset(partition.partition());
                if (next.isPresent() && next.getAsLong() > ends.get(partition)) {
                    // the topic was created again: the copy holds rows it no longer has
                    throw new StateCorruptedException(
                            "the local copy of table "
                                    + table.topic()
                                    + " is ahead of partition "
                                    + partition.partition()
                                    + " ("
                                    + next.getAsLong()
                                    + " > "
                                    + ends.get(partition)
                                    + ")");
                }
                if (next.isPresent()) {
                    consumer.seek(partition, next.getAsLong());
                } else {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
        } catch (StateCorruptedException e) {
            recover(e);
        }
    }

    /** Wipes the local copy and reads the table again from the topic's beginning. */
    private void recover(StateCorruptedException cause) {
        log.warn(
                "Local copy of table {} cannot be trusted; wiping it and reading the topic again:"
                        + " {}",
                table.topic(),
                cause.getMessage());
        corrupted = null;
        if (store != null) {
            store.close();
            store = null;
        }
        stores.wipeTask(id);
        loading = true;
        openCopy();
        consumer.seekToBeginning(partitions);
    }

    /** Opens the local copy's store and the table over it. */
    private void openCopy() {
        store =
                stores.openTask(
                        id,
                        Set.of(
                                MaterializedTable.ROWS,
                                MaterializedTable.OFFSETS,
                                MaterializedTable.KEYS));
        rows = new MaterializedTable(store, table.schema(), table.history(), table.keyColumn());
    }

    /** The view joins read: the copy, noting a corrupt read so the next catch-up recovers. */
    private final class Lookups implements TableView {
        @Override
        public GenericRecord get(String key, long atMs) {
            try {
                return rows.get(key, atMs);
            } catch (StateCorruptedException e) {
                corrupted = e;
                throw e;
            }
        }
    }
}
