package io.sluice.processor.engine;

import io.sluice.processor.StateCorruptedException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Observes a {@link PipelineRunner}: partition assignment and state restore, planned offsets,
 * committed and aborted batches, and the end of the run. Metrics, the status endpoint and the
 * console status line are listeners.
 *
 * <p>Every method is called on the batch thread, at most once per batch or rebalance, never per
 * record; implementations must return quickly and must not throw. Arguments are not changed after
 * the call, so a listener may keep them.
 */
public interface EngineListener {
    /** A listener that ignores everything. */
    EngineListener NONE = new EngineListener() {};

    /**
     * Partitions were assigned: from now on batches read them, those of a stateful task once its
     * state is restored ({@link #restored}). Called with an empty collection when a rebalance
     * assigned nothing new.
     */
    default void partitionsAssigned(Collection<TopicPartition> partitions) {}

    /** A phase of start-up ended ({@code topics}, {@code producer}): see {@link StartupPhases}. */
    default void startupPhase(String phase) {}

    /** Partitions were revoked or lost; batches no longer read them. */
    default void partitionsRevoked(Collection<TopicPartition> partitions) {}

    /**
     * Restoring the local state of the task of {@code partition} (an input or repartition
     * partition) from its changelogs: {@code restored} of {@code total} records replayed so far.
     * First called when the task is assigned, with 0 of 0 until its changelogs' ends are read, and
     * again with 0 of 0 when its state was wiped; batches skip the partition until {@link
     * #restored}.
     */
    default void restoring(TopicPartition partition, long restored, long total) {}

    /** The task of {@code partition} has its state: batches read the partition from now on. */
    default void restored(TopicPartition partition) {}

    /**
     * This instance keeps a standby copy of the task of {@code partition}, {@code lagRecords}
     * changelog records behind (empty until its changelogs were first fetched). Called after each
     * step of following, between batches.
     */
    default void standbyLag(TopicPartition partition, OptionalLong lagRecords) {}

    /** This instance stopped keeping the standby of {@code partition} (or it became active). */
    default void standbyClosed(TopicPartition partition) {}

    /**
     * The local state of the task of {@code partition} could not be opened, read or decoded: it was
     * wiped and is being restored from its changelogs ({@link #restoring}).
     */
    default void stateCorrupted(TopicPartition partition, StateCorruptedException cause) {}

    /**
     * A record of a joined table was skipped: it has no key, or its value does not decode. The key
     * keeps its previous row. {@code partition} and {@code offset} say where it is.
     */
    default void tableRecordSkipped(TopicPartition partition, long offset, String reason) {}

    /**
     * A batch was planned (possibly an empty one): per owned partition, the first offset not yet
     * committed and the offset it may read up to (the last stable offset, or with {@code
     * availableNow} the end fixed at assignment). Their difference is the partition's lag.
     */
    default void offsetsPlanned(
            Map<TopicPartition, Long> nextOffsets, Map<TopicPartition, Long> endOffsets) {}

    /** A batch committed. */
    default void batchCommitted(CommittedBatch batch) {}

    /** An attempt of a batch was aborted and will be replayed. */
    default void batchAborted(long batchId, Exception cause) {}

    /**
     * The batch failed {@code attempts} attempts in a row, the last one because of {@code cause}; a
     * batch that commits ends the run of failures.
     */
    default void batchFailed(long batchId, int attempts, Exception cause) {}

    /** The run ended with {@code outcome}; {@code reason} is null when it ended normally. */
    default void runEnded(PipelineRunner.Outcome outcome, String reason) {}

    /**
     * The ingester of a file, rate or socket source stopped on an error: nothing new is ingested
     * until the pipeline restarts. Called once, on the ingester's thread, not the batch thread.
     */
    default void ingesterStopped(String reason) {}

    /** A listener that passes every call on to each of {@code listeners}, in order. */
    static EngineListener all(List<EngineListener> listeners) {
        return new EngineListeners(List.copyOf(listeners));
    }
}
