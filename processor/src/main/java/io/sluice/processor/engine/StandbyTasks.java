package io.sluice.processor.engine;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standby tasks of this instance: warm copies of tasks other instances run, kept by following
 * their changelogs into local stores opened under the ids their active tasks use, so that a task
 * that becomes active here restores only the changelog records its standby had not read yet.
 *
 * <p>Implementation notes: the group leader names the standby tasks ({@link TaskCopies#standbys});
 * each {@link #step} closes those no longer named, opens the new ones (reading each from the
 * changelog offsets its store recorded, or from the beginning) and applies one chunk of changelog
 * records, polled without waiting. A standby never writes to Kafka, and reads only committed
 * changelog records. A standby whose task becomes active here hands its open store to the restore
 * ({@link #handOver}). A closed standby's files stay on disk: the next standby or active task of
 * that partition on this instance starts from them. A {@link StateCorruptedException} wipes the
 * standby's store and follows again from offset 0, after the retry backoff when it happens again.
 * Used by the batch thread only.
 */
final class StandbyTasks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StandbyTasks.class);

    private final String pipeline;
    private final List<String> storeNames;
    private final StateStores stores;
    private final Supplier<ChangelogReader> readers;
    private final TaskCopies copies;
    private final EngineListener listener;
    private final RecoveryBackoff backoff;
    private final Map<TopicPartition, Standby> following = new LinkedHashMap<>();
    private final Map<TopicPartition, Standby> byChangelog = new HashMap<>();
    private final Map<TopicPartition, Integer> failures = new HashMap<>();
    private final Map<TopicPartition, Long> notBeforeNanos = new HashMap<>();
    private ChangelogReader changelogs; // opened with the first standby
    private int stepFailures;
    private long pausedUntilNanos = Long.MIN_VALUE;

    /**
     * @param readers opens the changelog reader, once, when the first standby starts
     * @param copies where the leader's standby tasks come from and the copies' currency goes
     */
    StandbyTasks(
            String pipeline,
            List<String> storeNames,
            StateStores stores,
            Supplier<ChangelogReader> readers,
            TaskCopies copies,
            EngineListener listener,
            RecoveryBackoff backoff) {
        this.pipeline = pipeline;
        this.storeNames = List.copyOf(storeNames);
        this.stores = stores;
        this.readers = readers;
        this.copies = copies;
        this.listener = listener;
        this.backoff = backoff;
    }

    /**
     * Brings the standbys in line with the latest assignment and applies one chunk of their
     * changelogs.
     *
     * <p>A failure here (the broker away, a store another process holds) never stops the run nor
     * delays batches by a retry of the loop: it is logged, and following pauses for the retry
     * backoff, doubling while it fails.
     *
     * @param isActive whether a task runs here (owned, restoring or running): never a standby then
     */
    void step(Predicate<TopicPartition> isActive) {
        if (System.nanoTime() < pausedUntilNanos) {
            return;
        }
        try {
            follow(isActive);
            stepFailures = 0;
        } catch (KafkaException | IllegalStateException e) {
            stepFailures++;
            pausedUntilNanos = System.nanoTime() + backoff.after(stepFailures + 1).toNanos();
            log.warn(
                    "Standby tasks of {} paused after a failure (attempt {}): {}",
                    pipeline,
                    stepFailures,
                    e.toString());
        }
    }

    private void follow(Predicate<TopicPartition> isActive) {
        Set<TopicPartition> wanted = copies.standbys();
        for (TopicPartition task : List.copyOf(following.keySet())) {
            if (!wanted.contains(task) || isActive.test(task)) {
                release(task);
            }
        }
        long now = System.nanoTime();
        for (TopicPartition task : wanted) {
            if (!following.containsKey(task)
                    && !isActive.test(task)
                    && now >= notBeforeNanos.getOrDefault(task, Long.MIN_VALUE)) {
                start(task);
            }
        }
        if (changelogs != null) {
            apply(changelogs.poll());
        }
    }

    /** Closes the standby of {@code task}, if any; its files stay on disk for the next owner. */
    void release(TopicPartition task) {
        Standby standby = stopFollowing(task);
        if (standby != null) {
            standby.store.close();
            log.info("Closed the standby of {}", standby.id);
        }
    }

    /**
     * Stops following {@code task}, whose active task starts here, and hands over its store still
     * open, with each changelog's offset moved up to the reader's position (past the commit markers
     * no poll returns), so the restore reads only records the standby had not; null without a
     * standby. Reopening the store instead cost a RocksDB close and open (100-150 ms for 250,000
     * keys) in the middle of a fail-over.
     */
    TaskStore handOver(TopicPartition task) {
        Standby standby = following.get(task);
        if (standby == null) {
            return null;
        }
        try {
            for (String store : storeNames) {
                long position =
                        changelogs.position(StateTasks.changelogPartition(pipeline, store, task));
                if (position > standby.offsets.getOrDefault(store, 0L)) {
                    standby.store.restore(store, List.of(), position);
                    standby.offsets.put(store, position);
                }
            }
        } catch (StateCorruptedException e) {
            corrupted(task, standby.id, standby, e); // closes and wipes: the restore starts over
            return null;
        }
        stopFollowing(task);
        log.info("Handed the standby of {} over to its active task", standby.id);
        return standby.store;
    }

    private Standby stopFollowing(TopicPartition task) {
        Standby standby = following.remove(task);
        if (standby != null) {
            stopReading(standby);
            copies.hold(task, standby.currency());
            listener.standbyClosed(task);
        }
        return standby;
    }

    /** The standby tasks being followed, each with how many changelog records it is behind. */
    Map<TopicPartition, OptionalLong> lags() {
        Map<TopicPartition, OptionalLong> lags = new LinkedHashMap<>();
        following.forEach((task, standby) -> lags.put(task, standby.lag()));
        return lags;
    }

    @Override
    public void close() {
        List.copyOf(following.keySet()).forEach(this::release);
        if (changelogs != null) {
            changelogs.close();
        }
    }

    private void start(TopicPartition task) {
        if (changelogs == null) {
            changelogs = readers.get();
        }
        TaskStoreId id = TaskRestorer.storeId(pipeline, task);
        Standby standby = null;
        try {
            standby = new Standby(task, id, stores.openTask(id, Set.copyOf(storeNames)));
            List<TopicPartition> partitions = new ArrayList<>();
            for (String store : storeNames) {
                partitions.add(StateTasks.changelogPartition(pipeline, store, task));
            }
            Map<TopicPartition, Long> ends = changelogs.endOffsets(partitions);
            boolean ahead = false;
            for (int i = 0; i < storeNames.size(); i++) {
                OptionalLong stored = standby.store.changelogOffset(storeNames.get(i));
                ahead |= stored.isPresent() && stored.getAsLong() > ends.get(partitions.get(i));
            }
            if (ahead) {
                // the changelog was recreated or trimmed behind our back: follow what it holds
                log.warn("Standby state of {} is ahead of its changelogs; rebuilding it", id);
                standby.store.wipe();
            }
            following.put(task, standby);
            for (int i = 0; i < storeNames.size(); i++) {
                OptionalLong stored = standby.store.changelogOffset(storeNames.get(i));
                standby.offsets.put(storeNames.get(i), stored.orElse(0));
                changelogs.start(partitions.get(i), stored.orElse(0));
                byChangelog.put(partitions.get(i), standby);
            }
            copies.hold(task, standby.currency());
            log.info("Following the changelogs of {} as a standby", id);
        } catch (StateCorruptedException e) {
            corrupted(task, id, standby, e);
        } catch (RuntimeException e) {
            // the broker failed before the standby started: close its store, start it next step
            if (standby != null && !following.containsKey(task)) {
                standby.store.close();
            }
            throw e;
        }
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            Standby standby = byChangelog.get(partition);
            List<ConsumerRecord<byte[], byte[]>> chunk = records.records(partition);
            if (standby == null || chunk.isEmpty()) {
                continue; // released since the poll
            }
            String store = storeOf(partition);
            long next = chunk.get(chunk.size() - 1).offset() + 1;
            try {
                standby.store.restore(store, ChangelogReader.entries(chunk), next);
            } catch (StateCorruptedException e) {
                corrupted(standby.task, standby.id, standby, e);
                continue;
            }
            standby.offsets.put(store, next);
            failures.remove(standby.task);
            copies.hold(standby.task, standby.currency());
        }
        following.forEach((task, standby) -> listener.standbyLag(task, standby.lag()));
    }

    /** Wipes a standby whose state cannot be trusted; it follows again from offset 0. */
    private void corrupted(
            TopicPartition task, TaskStoreId id, Standby standby, StateCorruptedException cause) {
        log.warn(
                "Standby state of {} cannot be trusted; wiping it and following its changelogs"
                        + " from the beginning: {}",
                id,
                cause.getMessage(),
                cause);
        if (standby != null) {
            following.remove(task, standby);
            stopReading(standby);
            standby.store.close();
        }
        copies.drop(task);
        stores.wipeTask(id);
        int failed = failures.merge(task, 1, Integer::sum);
        notBeforeNanos.put(task, System.nanoTime() + backoff.after(failed).toNanos());
    }

    private void stopReading(Standby standby) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String store : storeNames) {
            TopicPartition partition = StateTasks.changelogPartition(pipeline, store, standby.task);
            if (byChangelog.remove(partition, standby)) {
                partitions.add(partition);
            }
        }
        changelogs.stop(partitions);
    }

    private String storeOf(TopicPartition changelog) {
        for (String store : storeNames) {
            if (StateTasks.changelogTopic(pipeline, store).equals(changelog.topic())) {
                return store;
            }
        }
        throw new IllegalStateException(String.format("no store has changelog %s", changelog));
    }

    /** One standby task: its open store and the next changelog offset of each of its stores. */
    private final class Standby {
        final TopicPartition task;
        final TaskStoreId id;
        final TaskStore store;
        final Map<String, Long> offsets = new HashMap<>();

        Standby(TopicPartition task, TaskStoreId id, TaskStore store) {
            this.task = task;
            this.id = id;
            this.store = store;
        }

        long currency() {
            long sum = 0;
            for (long offset : offsets.values()) {
                sum += offset;
            }
            return sum;
        }

        /** The records its changelogs have past what it applied; empty until each was fetched. */
        OptionalLong lag() {
            long sum = 0;
            for (String store : storeNames) {
                OptionalLong lag =
                        changelogs.lag(StateTasks.changelogPartition(pipeline, store, task));
                if (lag.isEmpty()) {
                    return OptionalLong.empty();
                }
                sum += lag.getAsLong();
            }
            return OptionalLong.of(sum);
        }
    }
}
