package io.sluice.processor.engine;

import io.sluice.processor.RowCollector;
import io.sluice.processor.commit.TransactionalCommitter;
import io.sluice.processor.plan.InternalTopics;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.state.ChangelogEntry;
import io.sluice.processor.state.Pending;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.TaskInfo;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.WatermarkTracker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful step of every owned partition: one {@link StateTask} per partition, opened and
 * restored from its changelogs on assignment, closed on revocation, finished before each commit and
 * applied to RocksDB after it.
 *
 * <p>Every state write also goes to a compacted changelog topic per store, {@code
 * <pipeline>-<store>-changelog}, partition = the input partition, in the batch's transaction. Used
 * by the batch thread only.
 */
final class StateTasks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateTasks.class);

    private final String pipeline;
    private final StatefulStage stage;
    private final StatefulOperator operator;
    private final List<String> storeNames;
    private final Optional<String> taskTopic;
    private final int sourceSlots;
    private final TopicSetup.Tasks layout;
    private final StateStores stores;
    private final ChangelogReader changelogs;
    private final Map<TopicPartition, StateTask> tasks = new HashMap<>();
    private final Map<TopicPartition, Long> finishedWatermarks = new HashMap<>();
    private StateTask lastTask; // the task of the previous record, reset when tasks change
    private long dropped;

    /**
     * @param layout the number of tasks, and the repartition topic whose partitions they are, or
     *     empty when every source partition is one
     * @param listener told of restore progress
     */
    StateTasks(
            String pipeline,
            StatefulStage stage,
            StateStores stores,
            EngineSettings settings,
            TopicSetup.Tasks layout,
            EngineListener listener) {
        this.layout = layout;
        this.taskTopic = layout.repartition().map(TopicSetup.Repartition::topic);
        this.sourceSlots = layout.repartition().map(r -> r.sources().size()).orElse(1);
        this.pipeline = pipeline;
        this.stage = stage;
        this.operator = stage.operator();
        this.storeNames = operator.stores();
        this.stores = stores;
        this.changelogs = new ChangelogReader(settings, listener);
    }

    /** The changelog topic of a store. */
    static String changelogTopic(String pipeline, String store) {
        return InternalTopics.changelog(pipeline, store);
    }

    /** Opens the partition's task and brings its state up to its changelogs' end. */
    void assigned(TopicPartition partition, long committedWatermarkMs) {
        if (taskTopic.isPresent() && !taskTopic.get().equals(partition.topic())) {
            return; // a source partition whose rows move through the repartition topic
        }
        TaskStoreId id = new TaskStoreId(pipeline, partition.topic() + "-" + partition.partition());
        TaskStore store = stores.openTask(id, Set.copyOf(storeNames));
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
                                        // behind the repartition topic, the stage that reads the
                                        // sources says which are idle (Repartitioner)
                                        taskTopic.isPresent()
                                                ? WatermarkTracker.idleByMarkers(
                                                        stage.watermarkPolicy(delay),
                                                        sourceSlots,
                                                        System.nanoTime())
                                                : new WatermarkTracker(
                                                        stage.watermarkPolicy(delay),
                                                        sourceSlots,
                                                        System.nanoTime()))
                        .orElse(null);
        lastTask = null;
        tasks.put(
                partition,
                new StateTask(
                        partition,
                        store,
                        operator,
                        taskInfo(partition),
                        watermark,
                        committedWatermarkMs));
    }

    /** Which task of how many the partition is; the engine placed keys unless the source did. */
    private TaskInfo taskInfo(TopicPartition partition) {
        return new TaskInfo(
                partition.partition(), layout.count(), layout.repartition().isPresent());
    }

    void revoked(Collection<TopicPartition> partitions) {
        lastTask = null;
        for (TopicPartition partition : partitions) {
            StateTask task = tasks.remove(partition);
            if (task != null) {
                task.close();
            }
        }
    }

    /** Takes a row of an input record into its task's batch. */
    Admission add(
            ConsumerRecord<byte[], byte[]> input, GenericRecord row, long eventTimeMs, int slot) {
        // A poll hands out records partition by partition: look the task up once per run of
        // records, not with a new TopicPartition per record.
        StateTask task = lastTask;
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
        return task.add(row, eventTimeMs, slot);
    }

    /** Notes that a source partition went idle, in the task of {@code input}'s partition. */
    void markIdle(ConsumerRecord<byte[], byte[]> input, int slot) {
        StateTask task = tasks.get(new TopicPartition(input.topic(), input.partition()));
        if (task != null) {
            task.markIdle(slot);
        }
    }

    /** Notes a source partition's event-time progress in the task of {@code input}'s partition. */
    void observe(ConsumerRecord<byte[], byte[]> input, int slot, long eventTimeMs) {
        StateTask task = tasks.get(new TopicPartition(input.topic(), input.partition()));
        if (task != null) {
            task.observe(slot, eventTimeMs);
        }
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
        dropped = 0;
        for (TopicPartition partition : partitions) {
            StateTask task = tasks.get(partition);
            if (task == null) {
                continue;
            }
            finishedWatermarks.put(partition, task.finish(out));
            dropped += task.dropped();
            sendChangelog(task, committer);
        }
        return finishedWatermarks;
    }

    /**
     * The rows the last {@link #finish} dropped without output or error (duplicates): they were
     * taken into a task's batch and counted as emitting, and are filtered after all.
     */
    long dropped() {
        return dropped;
    }

    /** The batch committed: apply each finished task's writes to RocksDB. */
    void committed() {
        for (Map.Entry<TopicPartition, Long> finished : finishedWatermarks.entrySet()) {
            StateTask task = tasks.get(finished.getKey());
            if (task != null) {
                task.committed(finished.getValue());
            }
        }
        finishedWatermarks.clear();
    }

    /** The batch aborted: every task forgets its pending writes and batch. */
    void aborted() {
        tasks.values().forEach(StateTask::aborted);
        finishedWatermarks.clear();
    }

    /** The size of each task's local state, for metrics; RocksDB's estimates, cheap to read. */
    Map<TopicPartition, CommittedBatch.StateSize> stateSizes() {
        Map<TopicPartition, CommittedBatch.StateSize> sizes = new HashMap<>();
        for (Map.Entry<TopicPartition, StateTask> task : tasks.entrySet()) {
            TaskStore store = task.getValue().store();
            long keys = 0;
            for (String name : storeNames) {
                keys += store.approximateKeys(name);
            }
            sizes.put(task.getKey(), new CommittedBatch.StateSize(keys, store.sizeBytes()));
        }
        return sizes;
    }

    /** The exact number of keys in a store of a partition's task, for tests. */
    long keyCount(TopicPartition partition, String store) {
        StateTask task = tasks.get(partition);
        return task == null ? 0 : task.store().countKeys(store);
    }

    /** The owned partitions whose tasks have work without input (timeouts, a quiet watermark). */
    List<TopicPartition> dueWithoutInput() {
        List<TopicPartition> due = new ArrayList<>();
        for (StateTask task : tasks.values()) {
            if (task.hasDueWork()) {
                due.add(task.partition());
            }
        }
        return due;
    }

    @Override
    public void close() {
        tasks.values().forEach(StateTask::close);
        tasks.clear();
        lastTask = null;
        changelogs.close();
    }

    private void sendChangelog(StateTask task, TransactionalCommitter committer) {
        int partition = task.partition().partition();
        for (String store : storeNames) {
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
        for (String name : storeNames) {
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
