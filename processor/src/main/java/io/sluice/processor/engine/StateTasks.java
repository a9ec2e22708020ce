package io.sluice.processor.engine;

import io.sluice.processor.BatchRetryException;
import io.sluice.processor.RowCollector;
import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.commit.TransactionalCommitter;
import io.sluice.processor.plan.InternalTopics;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.state.Pending;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.TaskInfo;
import io.sluice.processor.stateful.TopicDelays;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.WatermarkTracker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The stateful step of every owned partition: one {@link StateTask} per partition, registered on
 * assignment, restored from its changelogs between batches (by a {@link TaskRestorer}), closed on
 * revocation, finished before each commit and applied to RocksDB after it.
 *
 * <p>Every state write also goes to a compacted changelog topic per store, {@code
 * <pipeline>-<store>-changelog}, partition = the input partition, in the batch's transaction.
 *
 * <p>Local state that cannot be trusted ({@link StateCorruptedException} from RocksDB or from an
 * operator's codecs) is wiped and restored from the changelogs, never a reason to stop: in a batch,
 * the task's exception becomes a {@link BatchRetryException} (the batch aborts and replays without
 * the task) and {@link #aborted} hands the task to the restorer; after a commit or between batches,
 * the task goes to the restorer at once.
 *
 * <p>Standby tasks ({@link StandbyTasks}, warm copies of tasks other instances run) follow their
 * changelogs in the same step as restores; a standby whose task is assigned here is closed before
 * the task registers for restore, which then reads only what the standby had not. Used by the batch
 * thread only.
 */
final class StateTasks implements AutoCloseable {
    private final String pipeline;
    private final StatefulStage stage;
    private final StatefulOperator operator;
    private final List<String> storeNames;
    private final Optional<String> taskTopic;
    private final int sourceSlots;
    private final TopicSetup.Tasks layout;
    private final TaskRestorer restorer;
    private final StandbyTasks standbys;
    private final TaskCopies copies;
    private final EngineListener listener;
    private final Map<TopicPartition, StateTask> tasks = new HashMap<>();
    // tasks whose state failed during the batch in flight, wiped once it aborted
    private final Map<TopicPartition, StateCorruptedException> corrupted = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> finishedWatermarks = new HashMap<>();
    private StateTask lastTask; // the task of the previous record, reset when tasks change
    private long dropped;

    /**
     * @param layout the number of tasks, and the repartition topic whose partitions they are, or
     *     empty when every source partition is one
     * @param listener told of restore progress, of standbys and of corrupt local state
     * @param copies shared with the group's assignor: the standby tasks it assigns, and the local
     *     copies this instance holds
     */
    StateTasks(
            String pipeline,
            StatefulStage stage,
            StateStores stores,
            EngineSettings settings,
            TopicSetup.Tasks layout,
            EngineListener listener,
            TaskCopies copies) {
        this(
                pipeline,
                stage,
                stores,
                settings,
                layout,
                listener,
                new ChangelogReader(settings),
                copies,
                () -> ChangelogReader.forStandbys(settings));
    }

    /** Tasks restored through {@code changelogs}: for tests with a mock consumer. */
    StateTasks(
            String pipeline,
            StatefulStage stage,
            StateStores stores,
            EngineSettings settings,
            TopicSetup.Tasks layout,
            EngineListener listener,
            ChangelogReader changelogs) {
        this(
                pipeline,
                stage,
                stores,
                settings,
                layout,
                listener,
                changelogs,
                new TaskCopies(),
                () -> ChangelogReader.forStandbys(settings));
    }

    /**
     * Tasks restored through {@code changelogs} whose standbys follow through the reader {@code
     * standbyReaders} opens: for tests with mock consumers.
     */
    StateTasks(
            String pipeline,
            StatefulStage stage,
            StateStores stores,
            EngineSettings settings,
            TopicSetup.Tasks layout,
            EngineListener listener,
            ChangelogReader changelogs,
            TaskCopies copies,
            Supplier<ChangelogReader> standbyReaders) {
        this.layout = layout;
        this.taskTopic = layout.repartition().map(TopicSetup.Repartition::topic);
        this.sourceSlots = layout.repartition().map(r -> r.sources().size()).orElse(1);
        this.pipeline = pipeline;
        this.stage = stage;
        this.operator = stage.operator();
        this.storeNames = operator.stores();
        this.listener = listener;
        this.restorer =
                new TaskRestorer(
                        pipeline,
                        storeNames,
                        stores,
                        changelogs,
                        listener,
                        RecoveryBackoff.of(settings));
        this.copies = copies;
        this.standbys =
                new StandbyTasks(
                        pipeline,
                        storeNames,
                        stores,
                        standbyReaders,
                        copies,
                        listener,
                        RecoveryBackoff.of(settings));
    }

    /** The changelog topic of a store. */
    static String changelogTopic(String pipeline, String store) {
        return InternalTopics.changelog(pipeline, store);
    }

    /** The partition of {@code store}'s changelog that holds the state of {@code task}. */
    static TopicPartition changelogPartition(String pipeline, String store, TopicPartition task) {
        return new TopicPartition(changelogTopic(pipeline, store), task.partition());
    }

    /**
     * Registers the partition's task, to be restored by {@link #restoreStep}; reads nothing, so it
     * is quick enough for a rebalance callback. Until restored, batches must not read the partition
     * ({@link #isRestoring}).
     */
    void assigned(TopicPartition partition, long committedWatermarkMs) {
        if (taskTopic.isPresent() && !taskTopic.get().equals(partition.topic())) {
            return; // a source partition whose rows move through the repartition topic
        }
        // a standby of the task becomes its active copy: its open store goes to the restore
        restorer.register(partition, committedWatermarkMs, standbys.handOver(partition));
    }

    /**
     * Restores one chunk of the pending tasks' changelogs and opens the tasks now restored. Keeps
     * the partitions of tasks still restoring paused on {@code consumer} (the main consumer), so
     * its polls meanwhile keep the group membership without piling up their records, and resumes
     * the others. Call between batches.
     *
     * @return whether changelogs are being read: the caller should not idle before the next step
     */
    boolean restoreStep(Consumer<byte[], byte[]> consumer) {
        standbys.step(this::isActive);
        for (TaskRestorer.Restored restored : restorer.step()) {
            try {
                open(restored);
            } catch (StateCorruptedException e) {
                restored.store().close();
                restorer.wipeAndRestore(restored.partition(), restored.committedWatermarkMs(), e);
            }
        }
        Set<TopicPartition> waiting = restorer.restoring();
        // between batches only restores pause partitions (the reader resumes what it paused)
        Set<TopicPartition> resume = new HashSet<>(consumer.paused());
        resume.removeAll(waiting);
        consumer.resume(resume);
        consumer.pause(waiting);
        return restorer.isReading();
    }

    /** Whether the task of {@code partition} is waiting for its state: plan no batch for it. */
    boolean isRestoring(TopicPartition partition) {
        return restorer.isRestoring(partition);
    }

    /** Whether the task of {@code partition} runs here: owned, restoring or running. */
    private boolean isActive(TopicPartition partition) {
        return tasks.containsKey(partition) || restorer.isRestoring(partition);
    }

    /** The standby tasks followed, each with how many changelog records it is behind. */
    Map<TopicPartition, OptionalLong> standbyLags() {
        return standbys.lags();
    }

    /** Whether any task is waiting for its state. */
    boolean isRestoring() {
        return !restorer.restoring().isEmpty();
    }

    private void open(TaskRestorer.Restored restored) {
        TopicPartition partition = restored.partition();
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
        if (watermark != null && operator instanceof TopicDelays delays) {
            List<TopicPartition> sources =
                    layout.repartition().map(TopicSetup.Repartition::sources).orElse(List.of());
            for (int slot = 0; slot < sources.size(); slot++) {
                int at = slot;
                delays.delay(sources.get(slot).topic()).ifPresent(d -> watermark.delay(at, d));
            }
        }
        lastTask = null;
        tasks.put(
                partition,
                new StateTask(
                        partition,
                        restored.store(),
                        operator,
                        taskInfo(partition),
                        watermark,
                        restored.committedWatermarkMs()));
        listener.restored(partition);
    }

    /** Which task of how many the partition is; the engine placed keys unless the source did. */
    private TaskInfo taskInfo(TopicPartition partition) {
        return new TaskInfo(
                partition.partition(), layout.count(), layout.repartition().isPresent());
    }

    void revoked(Collection<TopicPartition> partitions) {
        lastTask = null;
        restorer.revoked(partitions);
        for (TopicPartition partition : partitions) {
            corrupted.remove(partition);
            StateTask task = tasks.remove(partition);
            if (task != null) {
                holdCopy(task);
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
        try {
            return task.add(row, eventTimeMs, slot);
        } catch (StateCorruptedException e) {
            throw corruptedInBatch(task, e);
        }
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
            try {
                finishedWatermarks.put(partition, task.finish(out));
            } catch (StateCorruptedException e) {
                throw corruptedInBatch(task, e);
            }
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

    /**
     * The batch committed: apply each finished task's writes to RocksDB. A task whose store fails
     * now is wiped and restored: its changelogs hold the batch's writes already.
     */
    void committed() {
        for (Map.Entry<TopicPartition, Long> finished : finishedWatermarks.entrySet()) {
            StateTask task = tasks.get(finished.getKey());
            if (task != null) {
                try {
                    task.committed(finished.getValue());
                } catch (StateCorruptedException e) {
                    wipeAndRestore(task, finished.getValue(), e);
                }
            }
        }
        finishedWatermarks.clear();
    }

    /**
     * The batch aborted: every task forgets its pending writes and batch; those whose state failed
     * in it are wiped and restored.
     */
    void aborted() {
        tasks.values().forEach(StateTask::aborted);
        finishedWatermarks.clear();
        for (Map.Entry<TopicPartition, StateCorruptedException> failed : corrupted.entrySet()) {
            StateTask task = tasks.get(failed.getKey());
            if (task != null) {
                wipeAndRestore(task, task.committedWatermarkMs(), failed.getValue());
            }
        }
        corrupted.clear();
    }

    /** The size of each task's local state, for metrics; RocksDB's estimates, cheap to read. */
    Map<TopicPartition, CommittedBatch.StateSize> stateSizes() {
        Map<TopicPartition, CommittedBatch.StateSize> sizes = new HashMap<>();
        for (StateTask task : List.copyOf(tasks.values())) {
            TaskStore store = task.store();
            try {
                long keys = 0;
                for (String name : storeNames) {
                    keys += store.approximateKeys(name);
                }
                sizes.put(task.partition(), new CommittedBatch.StateSize(keys, store.sizeBytes()));
            } catch (StateCorruptedException e) {
                wipeAndRestore(task, task.committedWatermarkMs(), e);
            }
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
        for (StateTask task : List.copyOf(tasks.values())) {
            try {
                if (task.hasDueWork()) {
                    due.add(task.partition());
                }
            } catch (StateCorruptedException e) {
                wipeAndRestore(task, task.committedWatermarkMs(), e);
            }
        }
        return due;
    }

    @Override
    public void close() {
        tasks.values().forEach(StateTask::close);
        tasks.clear();
        lastTask = null;
        restorer.close();
        standbys.close();
    }

    /** Notes the copy a revoked task leaves on disk, for the assignor to prefer this instance. */
    private void holdCopy(StateTask task) {
        List<OptionalLong> offsets = new ArrayList<>(storeNames.size());
        try {
            for (String store : storeNames) {
                offsets.add(task.store().changelogOffset(store));
            }
            copies.hold(task.partition(), TaskCopies.currency(offsets));
        } catch (StateCorruptedException e) {
            copies.drop(task.partition()); // not a copy to prefer
        }
    }

    /** Notes the task's failure; the batch aborts, and {@link #aborted} wipes the task. */
    private BatchRetryException corruptedInBatch(StateTask task, StateCorruptedException e) {
        corrupted.putIfAbsent(task.partition(), e);
        return new BatchRetryException(
                String.format(
                        "the local state of %s cannot be trusted; aborting the batch to wipe and"
                                + " restore the task and replay",
                        task.partition()),
                e);
    }

    /** Closes a task whose state failed and hands it to the restorer to wipe and rebuild. */
    private void wipeAndRestore(
            StateTask task, long committedWatermarkMs, StateCorruptedException cause) {
        tasks.remove(task.partition());
        lastTask = null;
        task.close();
        restorer.wipeAndRestore(task.partition(), committedWatermarkMs, cause);
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
}
