package io.sluice.processor.engine;

import io.sluice.processor.RowCollector;
import io.sluice.processor.commit.TransactionalCommitter;
import io.sluice.processor.plan.AggregationStage;
import io.sluice.processor.state.ChangelogEntry;
import io.sluice.processor.state.Pending;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.WatermarkPolicy;
import io.sluice.processor.window.WatermarkTracker;
import io.sluice.processor.window.WindowAggregator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The windowed aggregation of every owned partition: one {@link WindowTask} per partition, opened
 * and restored from its changelogs on assignment, closed on revocation, finished before each commit
 * and applied to RocksDB after it.
 *
 * <p>Every state write also goes to a compacted changelog topic per store, {@code
 * <pipeline>-<store>-changelog}, partition = the input partition, in the batch's transaction. Used
 * by the batch thread only.
 */
final class AggregationTasks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AggregationTasks.class);
    static final List<String> STORES =
            List.of(RocksDbWindowStore.WINDOWS, RocksDbWindowStore.EXPIRY);

    private final String pipeline;
    private final AggregationStage stage;
    private final WindowAggregator aggregator;
    private final StateStores stores;
    private final ChangelogReader changelogs;
    private final Map<TopicPartition, WindowTask> tasks = new HashMap<>();
    private final Map<TopicPartition, Long> finishedWatermarks = new HashMap<>();
    private WindowTask lastTask; // the task of the previous record, reset when tasks change

    AggregationTasks(
            String pipeline,
            AggregationStage stage,
            StateStores stores,
            EngineSettings settings,
            EngineListener listener) {
        this.pipeline = pipeline;
        this.stage = stage;
        this.aggregator = new WindowAggregator(stage.aggregation());
        this.stores = stores;
        this.changelogs = new ChangelogReader(settings, listener);
    }

    /** The changelog topic of a store. */
    static String changelogTopic(String pipeline, String store) {
        return pipeline + "-" + store + "-changelog";
    }

    /** Opens the partition's task and brings its state up to its changelogs' end. */
    void assigned(TopicPartition partition, long committedWatermarkMs) {
        TaskStoreId id = new TaskStoreId(pipeline, partition.topic() + "-" + partition.partition());
        TaskStore store = stores.openTask(id, Set.copyOf(STORES));
        try {
            restore(store, partition.partition());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        WatermarkTracker watermark =
                stage.watermarkDelay()
                        .map(
                                delay ->
                                        new WatermarkTracker(
                                                WatermarkPolicy.of(delay, stage.idleTimeout()),
                                                1,
                                                System.nanoTime()))
                        .orElse(null);
        lastTask = null;
        tasks.put(
                partition,
                new WindowTask(partition, store, aggregator, watermark, committedWatermarkMs));
    }

    void revoked(Collection<TopicPartition> partitions) {
        lastTask = null;
        for (TopicPartition partition : partitions) {
            WindowTask task = tasks.remove(partition);
            if (task != null) {
                task.close();
            }
        }
    }

    /** Counts a row of an input record in its windows. */
    Admission add(ConsumerRecord<byte[], byte[]> input, GenericRecord row, long eventTimeMs) {
        // A poll hands out records partition by partition: look the task up once per run of
        // records, not with a new TopicPartition per record.
        WindowTask task = lastTask;
        if (task == null
                || task.partition().partition() != input.partition()
                || !task.partition().topic().equals(input.topic())) {
            task = tasks.get(new TopicPartition(input.topic(), input.partition()));
            if (task == null) {
                throw new IllegalStateException(
                        "no aggregation task for " + input.topic() + "-" + input.partition());
            }
            lastTask = task;
        }
        return task.add(row, eventTimeMs);
    }

    /**
     * Finishes the batch on the given partitions: emits result rows to {@code out} and sends the
     * state changes to the changelogs in the open transaction.
     *
     * @return per partition, the watermark to commit with the batch's offsets
     */
    Map<TopicPartition, Long> finish(
            Collection<TopicPartition> partitions,
            RowCollector out,
            TransactionalCommitter committer) {
        finishedWatermarks.clear();
        for (TopicPartition partition : partitions) {
            WindowTask task = tasks.get(partition);
            if (task == null) {
                continue;
            }
            finishedWatermarks.put(partition, task.finish(out));
            sendChangelog(task, committer);
        }
        return finishedWatermarks;
    }

    /** The batch committed: apply each finished task's writes to RocksDB. */
    void committed() {
        for (Map.Entry<TopicPartition, Long> finished : finishedWatermarks.entrySet()) {
            WindowTask task = tasks.get(finished.getKey());
            if (task != null) {
                task.committed(finished.getValue());
            }
        }
        finishedWatermarks.clear();
    }

    /** The batch aborted: every task forgets its pending writes and batch. */
    void aborted() {
        tasks.values().forEach(WindowTask::aborted);
        finishedWatermarks.clear();
    }

    /** The size of each task's local state, for metrics; RocksDB's estimates, cheap to read. */
    Map<TopicPartition, CommittedBatch.StateSize> stateSizes() {
        Map<TopicPartition, CommittedBatch.StateSize> sizes = new HashMap<>();
        for (Map.Entry<TopicPartition, WindowTask> task : tasks.entrySet()) {
            TaskStore store = task.getValue().store();
            long keys = 0;
            for (String name : STORES) {
                keys += store.approximateKeys(name);
            }
            sizes.put(task.getKey(), new CommittedBatch.StateSize(keys, store.sizeBytes()));
        }
        return sizes;
    }

    /** The exact number of stored windows of a partition's task, for tests. */
    long windowCount(TopicPartition partition) {
        WindowTask task = tasks.get(partition);
        return task == null ? 0 : task.store().countKeys(RocksDbWindowStore.WINDOWS);
    }

    @Override
    public void close() {
        tasks.values().forEach(WindowTask::close);
        tasks.clear();
        lastTask = null;
        changelogs.close();
    }

    private void sendChangelog(WindowTask task, TransactionalCommitter committer) {
        int partition = task.partition().partition();
        for (String store : STORES) {
            String topic = changelogTopic(pipeline, store);
            NavigableMap<byte[], Pending> writes = task.pending().writes(store);
            for (Map.Entry<byte[], Pending> write : writes.entrySet()) {
                byte[] value = write.getValue() instanceof Pending.Put put ? put.value() : null;
                committer.send(
                        new ProducerRecord<>(topic, partition, write.getKey(), value),
                        (metadata, e) -> {
                            if (e == null) {
                                task.changelogWritten(store, metadata.offset());
                            }
                        });
            }
        }
    }

    private void restore(TaskStore store, int partition) {
        for (String name : STORES) {
            TopicPartition changelog =
                    new TopicPartition(changelogTopic(pipeline, name), partition);
            OptionalLong stored = store.changelogOffset(name);
            long from = stored.orElse(0);
            long next =
                    changelogs.restore(
                            changelog,
                            from,
                            records -> store.restore(name, entries(records), last(records) + 1));
            if (stored.isPresent() && stored.getAsLong() > next) {
                log.warn("Local state of {} is ahead of {}; rebuilding it", store.id(), changelog);
                store.wipe();
                restore(store, partition);
                return;
            }
            store.restore(name, List.of(), next);
        }
    }

    private static List<ChangelogEntry> entries(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ChangelogEntry> entries = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            entries.add(
                    record.value() == null
                            ? ChangelogEntry.tombstone(record.key())
                            : ChangelogEntry.put(record.key(), record.value()));
        }
        return entries;
    }

    private static long last(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.get(records.size() - 1).offset();
    }
}
