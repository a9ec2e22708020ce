package io.sluice.processor.engine;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the local state of newly assigned tasks up to their changelogs' ends, in bounded steps
 * that the batch loop runs between its polls, and wipes and restores a task whose local state
 * cannot be trusted.
 *
 * <p>Implementation notes: a rebalance only {@link #register}s a task, so the rebalance callback
 * reads nothing and cannot outlast {@code max.poll.interval.ms}. Each {@link #step} opens the
 * stores of tasks not yet started (or takes a standby's, handed over open) and reads their
 * changelog offsets and, in one request for all of them, the changelogs' ends, then applies one
 * poll of the changelog consumer (at most its {@code max.poll.records}) to the stores of every task
 * being restored, and hands back the tasks whose changelogs are all read. A {@link
 * StateCorruptedException} while opening or restoring closes the task's store, wipes it, and starts
 * its restore again from offset 0 (a wiped store has no changelog offsets); a task corrupted again
 * waits {@code retryBackoff}, doubling up to {@code maxRetryBackoff}, so a store that keeps failing
 * does not spin the loop. Used by the batch thread only.
 */
final class TaskRestorer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskRestorer.class);

    /** A task whose state is restored: its open store and the watermark its offsets committed. */
    record Restored(TopicPartition partition, TaskStore store, long committedWatermarkMs) {}

    private final String pipeline;
    private final List<String> storeNames;
    private final StateStores stores;
    private final ChangelogReader changelogs;
    private final EngineListener listener;
    private final RecoveryBackoff backoff;
    private final Map<TopicPartition, Restore> pending = new LinkedHashMap<>();
    private final Map<TopicPartition, Restore> byChangelog = new HashMap<>();

    TaskRestorer(
            String pipeline,
            List<String> storeNames,
            StateStores stores,
            ChangelogReader changelogs,
            EngineListener listener,
            RecoveryBackoff backoff) {
        this.pipeline = pipeline;
        this.storeNames = List.copyOf(storeNames);
        this.stores = stores;
        this.changelogs = changelogs;
        this.listener = listener;
        this.backoff = backoff;
    }

    /** The id of the local store of the task of {@code partition}. */
    TaskStoreId storeId(TopicPartition partition) {
        return storeId(pipeline, partition);
    }

    /** The id of the local store of the task of {@code partition} of {@code pipeline}. */
    static TaskStoreId storeId(String pipeline, TopicPartition partition) {
        return new TaskStoreId(pipeline, partition.topic() + "-" + partition.partition());
    }

    /**
     * Queues the task of {@code partition} for restore into {@code openStore}, a standby's store
     * handed over open (null: open the task's store from disk); reads nothing. Its batches wait
     * until {@link #step} hands it back.
     */
    void register(TopicPartition partition, long committedWatermarkMs, TaskStore openStore) {
        Restore restore = new Restore(partition, storeId(partition), committedWatermarkMs);
        restore.store = openStore;
        pending.put(partition, restore);
        listener.restoring(partition, 0, 0);
    }

    /**
     * Wipes the local store of a task whose state turned out corrupt while it ran (its store closed
     * by the caller), and queues it to be restored from offset 0.
     */
    void wipeAndRestore(
            TopicPartition partition, long committedWatermarkMs, StateCorruptedException cause) {
        Restore restore = new Restore(partition, storeId(partition), committedWatermarkMs);
        pending.put(partition, restore);
        recover(restore, cause);
    }

    /** Whether the task of {@code partition} is waiting for its state. */
    boolean isRestoring(TopicPartition partition) {
        return pending.containsKey(partition);
    }

    /** The partitions whose tasks are waiting for their state (a copy). */
    Set<TopicPartition> restoring() {
        return Set.copyOf(pending.keySet());
    }

    /** Whether changelogs are being read: another step has work without waiting. */
    boolean isReading() {
        return changelogs.isReading();
    }

    /**
     * Starts the restore of tasks registered since the last step, applies one chunk of changelog
     * records, and returns the tasks now restored, which the caller owns from then on.
     *
     * @throws org.apache.kafka.common.KafkaException when the broker fails; the restore goes on
     *     from where it was at the next step
     */
    List<Restored> step() {
        long now = System.nanoTime();
        List<Restore> starting = new ArrayList<>();
        for (Restore restore : List.copyOf(pending.values())) {
            if (!restore.started && now >= restore.notBeforeNanos) {
                try {
                    if (restore.store == null) {
                        restore.store = stores.openTask(restore.id, Set.copyOf(storeNames));
                    }
                    starting.add(restore);
                } catch (StateCorruptedException e) {
                    recover(restore, e);
                }
            }
        }
        if (!starting.isEmpty()) {
            start(starting);
        }
        apply(changelogs.poll());
        return finished();
    }

    /** Forgets the tasks of revoked partitions, closing their stores. */
    void revoked(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Restore restore = pending.remove(partition);
            if (restore != null) {
                stopReading(restore);
                restore.closeStore();
            }
        }
    }

    @Override
    public void close() {
        pending.values().forEach(Restore::closeStore);
        pending.clear();
        byChangelog.clear();
        changelogs.close();
    }

    /** Starts reading the changelogs of restores whose stores are open, one end-offsets request. */
    private void start(List<Restore> starting) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Restore restore : starting) {
            for (String store : storeNames) {
                partitions.add(StateTasks.changelogPartition(pipeline, store, restore.partition));
            }
        }
        Map<TopicPartition, Long> ends = changelogs.endOffsets(partitions);
        for (Restore restore : starting) {
            try {
                start(restore, ends);
            } catch (StateCorruptedException e) {
                recover(restore, e);
            }
        }
    }

    private void start(Restore restore, Map<TopicPartition, Long> ends) {
        List<Changelog> planned = new ArrayList<>(storeNames.size());
        boolean ahead = false;
        for (String store : storeNames) {
            TopicPartition partition =
                    StateTasks.changelogPartition(pipeline, store, restore.partition);
            OptionalLong stored = restore.store.changelogOffset(store);
            long end = ends.get(partition);
            ahead |= stored.isPresent() && stored.getAsLong() > end;
            planned.add(new Changelog(store, partition, stored.orElse(0), end));
        }
        if (ahead) {
            // the changelog was recreated or trimmed behind our back: rebuild from what it holds
            log.warn("Local state of {} is ahead of its changelogs; rebuilding it", restore.id);
            restore.store.wipe();
            planned.replaceAll(c -> new Changelog(c.store, c.partition, 0, c.end));
        }
        for (Changelog changelog : planned) {
            if (!changelog.isDone()) {
                changelogs.start(changelog.partition, changelog.fromOffset);
                byChangelog.put(changelog.partition, restore);
            }
        }
        restore.changelogs.addAll(planned);
        restore.started = true;
        restore.report(listener);
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            Restore restore = byChangelog.get(partition);
            List<ConsumerRecord<byte[], byte[]>> chunk = records.records(partition);
            if (restore == null || chunk.isEmpty()) {
                continue; // stopped since the poll
            }
            try {
                restore.store.restore(
                        restore.changelog(partition).store,
                        ChangelogReader.entries(chunk),
                        chunk.get(chunk.size() - 1).offset() + 1);
            } catch (StateCorruptedException e) {
                recover(restore, e);
            }
        }
        List<Restore> touched = new ArrayList<>();
        for (Map.Entry<TopicPartition, Restore> reading : List.copyOf(byChangelog.entrySet())) {
            Restore restore = reading.getValue();
            Changelog changelog = restore.changelog(reading.getKey());
            // a position past the last record: commit markers take offsets no poll returns
            changelog.position = changelogs.position(changelog.partition);
            if (changelog.isDone()) {
                changelogs.stop(List.of(changelog.partition));
                byChangelog.remove(changelog.partition);
            }
            if (!touched.contains(restore)) {
                touched.add(restore);
            }
        }
        touched.forEach(restore -> restore.report(listener));
    }

    private List<Restored> finished() {
        List<Restored> done = new ArrayList<>();
        for (Restore restore : List.copyOf(pending.values())) {
            if (!restore.started || !restore.changelogs.stream().allMatch(Changelog::isDone)) {
                continue;
            }
            try {
                for (Changelog changelog : restore.changelogs) {
                    // the end, also past trailing commit markers and for an empty changelog
                    restore.store.restore(changelog.store, List.of(), changelog.end);
                }
            } catch (StateCorruptedException e) {
                recover(restore, e);
                continue;
            }
            pending.remove(restore.partition);
            log.info(
                    "Restored the state of {}: {} changelog records in {} ms",
                    restore.id,
                    restore.restored(),
                    (System.nanoTime() - restore.startNanos) / 1_000_000);
            done.add(new Restored(restore.partition, restore.store, restore.watermarkMs));
        }
        return done;
    }

    /** Wipes the task's local state and restarts its restore from offset 0. */
    private void recover(Restore restore, StateCorruptedException cause) {
        log.warn(
                "Local state of {} cannot be trusted; wiping it and restoring it from its"
                        + " changelogs: {}",
                restore.id,
                cause.getMessage(),
                cause);
        listener.stateCorrupted(restore.partition, cause);
        stopReading(restore);
        restore.closeStore();
        stores.wipeTask(restore.id);
        restore.failures++;
        restore.started = false;
        restore.changelogs.clear();
        restore.notBeforeNanos = System.nanoTime() + backoff.after(restore.failures).toNanos();
        listener.restoring(restore.partition, 0, 0);
    }

    private void stopReading(Restore restore) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Changelog changelog : restore.changelogs) {
            if (byChangelog.remove(changelog.partition, restore)) {
                partitions.add(changelog.partition);
            }
        }
        changelogs.stop(partitions);
    }

    /**
     * One changelog partition of a task's restore: {@code [fromOffset, end)}, read up to position.
     */
    private static final class Changelog {
        final String store;
        final TopicPartition partition;
        final long fromOffset;
        final long end;
        long position;

        Changelog(String store, TopicPartition partition, long fromOffset, long end) {
            this.store = store;
            this.partition = partition;
            this.fromOffset = fromOffset;
            this.end = end;
            this.position = fromOffset;
        }

        boolean isDone() {
            return position >= end;
        }
    }

    /** The restore of one task. */
    private final class Restore {
        final TopicPartition partition;
        final TaskStoreId id;
        final long watermarkMs;
        final List<Changelog> changelogs = new ArrayList<>();
        TaskStore store; // null until opened
        boolean started;
        int failures;
        long notBeforeNanos;
        final long startNanos = System.nanoTime(); // registered

        Restore(TopicPartition partition, TaskStoreId id, long watermarkMs) {
            this.partition = partition;
            this.id = id;
            this.watermarkMs = watermarkMs;
        }

        Changelog changelog(TopicPartition changelogPartition) {
            for (Changelog changelog : changelogs) {
                if (changelog.partition.equals(changelogPartition)) {
                    return changelog;
                }
            }
            throw new IllegalStateException(
                    String.format("%s does not restore %s", id, changelogPartition));
        }

        long restored() {
            long sum = 0;
            for (Changelog changelog : changelogs) {
                sum +=
                        Math.max(
                                0,
                                Math.min(changelog.position, changelog.end) - changelog.fromOffset);
            }
            return sum;
        }

        void report(EngineListener listener) {
            long total = 0;
            for (Changelog changelog : changelogs) {
                total += Math.max(0, changelog.end - changelog.fromOffset);
            }
            listener.restoring(partition, restored(), total);
        }

        void closeStore() {
            if (store != null) {
                store.close();
                store = null;
            }
        }
    }
}
