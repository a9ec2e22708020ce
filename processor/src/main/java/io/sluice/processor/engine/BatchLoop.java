package io.sluice.processor.engine;

import io.sluice.processor.FencedException;
import io.sluice.processor.batch.MicroBatch;
import io.sluice.processor.batch.OffsetRange;
import io.sluice.processor.commit.TransactionalCommitter;
import io.sluice.processor.plan.PipelinePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch loop of one {@link PipelineRunner#run()}: waits for partitions and for the trigger,
 * plans each batch and runs it until it commits, replaying failed attempts. One instance per run,
 * on the run's thread.
 *
 * <p>Implementation notes: a {@link #turn} plans a batch from the owned partitions' next offsets
 * (see {@link PartitionProgress}) to the ends its {@link BatchSchedule} allows, capped by the
 * {@link BatchSize}; the batch recorded in the plan log before a crash comes first, and a batch
 * that reads nothing is planned for the state tasks with timers due. {@link #runUntilCommitted}
 * hands each attempt to {@link BatchAttempt}, which runs it as one transaction and applies its
 * commit or abort to every part of the run (progress, state tasks, repartitioner, output, totals,
 * the batch size). After an abort the loop waits out a backoff (none when an output was refused:
 * the replay leaves that record out), polling so the consumer stays in its group, and replays the
 * same id and ranges; a batch that can no longer be read as planned is planned afresh. A Kafka
 * error that escapes a turn (the broker away) also backs off and retries. A fenced producer or
 * instance id, or a record that meets the {@code fail} policy, ends the loop by an exception that
 * the runner turns into the run's outcome.
 */
final class BatchLoop {
    private static final Logger log = LoggerFactory.getLogger(BatchLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofMinutes(2);
    private static final long STATUS_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final PipelinePlan plan;
    private final EngineSettings settings;
    private final EngineListener listener;
    private final BooleanSupplier stopping;
    private final CommittedTotals totals;
    private final Consumer<byte[], byte[]> consumer;
    private final StateTasks aggregation; // null for stateless pipelines
    private final TableFeeds tables; // null unless the pipeline joins Kafka tables
    private final Repartitioner repartitioner; // null unless rows move to their key's task
    private final BatchPlanLog planLog; // null unless the sink sees batch ids
    private final BooleanSupplier peerRemoved;
    private final PartitionProgress progress = new PartitionProgress();
    private final BatchReader reader;
    private final Rebalance rebalance;
    private final BatchSize size;
    private final BatchAttempt attempt;
    private MicroBatch logged; // the last plan recorded before this run, until looked at
    private long lastRunBatchId = -1; // the id of the last batch attempted
    private long lastStatusNanos = System.nanoTime();

    /**
     * The clients, state and steps of one run, which the runner builds and, where they need it,
     * closes; a part the pipeline does not have is null.
     */
    record Parts(
            Consumer<byte[], byte[]> consumer,
            TransactionalCommitter committer,
            StateTasks aggregation,
            TableFeeds tables,
            Repartitioner repartitioner,
            BatchPlanLog planLog,
            OutputWriter output,
            BooleanSupplier peerRemoved) {}

    /**
     * A loop over {@code parts}.
     *
     * @param stopping whether the runner was asked to stop; read between batches and backoff polls
     * @param totals where committed batches are counted, for the runner's readers on other threads
     */
    BatchLoop(
            PipelinePlan plan,
            EngineSettings settings,
            EngineListener listener,
            BooleanSupplier stopping,
            CommittedTotals totals,
            Parts parts) {
        this.size = new BatchSize(plan.maxRecordsPerBatch());
        this.plan = plan;
        this.settings = settings;
        this.listener = listener;
        this.stopping = stopping;
        this.totals = totals;
        this.consumer = parts.consumer();
        this.aggregation = parts.aggregation();
        this.tables = parts.tables();
        this.repartitioner = parts.repartitioner();
        this.planLog = parts.planLog();
        this.peerRemoved = parts.peerRemoved();
        this.logged = planLog == null ? null : planLog.last().orElse(null);
        this.reader = new BatchReader(consumer, POLL_TIMEOUT);
        this.rebalance =
                new Rebalance(
                        consumer,
                        progress,
                        reader,
                        aggregation,
                        listener,
                        repartitioner == null ? Set.of() : Set.of(repartitioner.topic()));
        this.attempt =
                new BatchAttempt(
                        plan, settings, listener, totals, parts, progress, reader, rebalance, size);
    }

    /** The listener to subscribe the consumer with: it follows the run's partitions. */
    Rebalance rebalanceListener() {
        return rebalance;
    }

    /** Runs batches until stopped, or until the trigger's input is all processed. */
    PipelineRunner.Outcome run() {
        BatchSchedule schedule =
                BatchSchedule.of(
                        plan.trigger(),
                        consumer,
                        ASSIGNMENT_TIMEOUT,
                        repartitioner == null ? Set.of() : Set.of(repartitioner.topic()));
        int failures = 0;
        while (!stopping.getAsBoolean()) {
            try {
                Optional<PipelineRunner.Outcome> done = turn(schedule);
                if (done.isPresent()) {
                    return done.get();
                }
                failures = 0;
            } catch (FencedInstanceIdException e) {
                throw new FencedException(
                        "another instance runs with the same instance id " + settings.instanceId(),
                        e);
            } catch (KafkaException e) {
                // The broker is unavailable or a request timed out: wait and try again.
                failures++;
                log.warn("Pipeline {}: {}; retrying", plan.name(), e.toString());
                backoff(failures);
            }
        }
        return PipelineRunner.Outcome.FINISHED;
    }

    /** One turn of the loop: wait, or plan and run a batch; an outcome when the run is done. */
    private Optional<PipelineRunner.Outcome> turn(BatchSchedule schedule) {
        if (peerRemoved.getAsBoolean()) {
            // the coordinator rebalances to move a dead peer's partitions: join with the next
            // poll rather than at the next heartbeat, up to heartbeat.interval.ms later
            consumer.enforceRebalance("a peer was removed from the group");
        }
        // restore tasks' state a chunk at a time; don't idle while changelogs have more
        Duration idle =
                aggregation != null && aggregation.restoreStep(consumer)
                        ? Duration.ZERO
                        : POLL_TIMEOUT;
        if (progress.isEmpty()) {
            reader.pollIdle(POLL_TIMEOUT);
            if (schedule.giveUpWaitingForAssignment()) {
                log.warn("No partitions were assigned within {}", ASSIGNMENT_TIMEOUT);
                return Optional.of(PipelineRunner.Outcome.FINISHED);
            }
            return Optional.empty();
        }
        Duration wait = schedule.untilNextBatch();
        if (!wait.isZero()) {
            reader.pollIdle(wait.compareTo(idle) < 0 ? wait : idle);
            return Optional.empty();
        }
        if (logged != null && aggregation != null && aggregation.isRestoring()) {
            reader.pollIdle(idle); // the recorded batch may read a task being restored
            return Optional.empty();
        }
        if (tables != null) {
            // a batch sees every table record committed before it is planned
            tables.catchUp(stopping, () -> reader.pollIdle(Duration.ZERO));
        }
        MicroBatch batch = loggedReplay().orElseGet(() -> plan(schedule));
        if (batch.isEmpty()) {
            if (isAllProcessed(schedule)) {
                log.info("Pipeline {}: all input available at start is processed", plan.name());
                return Optional.of(PipelineRunner.Outcome.FINISHED);
            }
            batch = timerBatch();
        }
        if (batch.isEmpty()) {
            reader.pollIdle(idle);
            return Optional.empty();
        }
        schedule.batchStarted();
        runUntilCommitted(batch, schedule);
        maybeLogStatus();
        return Optional.empty();
    }

    /** Whether an empty plan ends the run: its input, restores and moved rows are all done. */
    private boolean isAllProcessed(BatchSchedule schedule) {
        return schedule.isDrained()
                && (aggregation == null || !aggregation.isRestoring())
                && (repartitioner == null || repartitioner.caughtUp(progress.nextOffsets()));
    }

    /**
     * A batch that reads nothing, for the tasks with work without input (a quiet watermark that
     * closes windows, a timeout due): it finishes them and commits their new watermark.
     */
    private MicroBatch timerBatch() {
        if (aggregation == null) {
            return new MicroBatch(nextBatchId(), List.of());
        }
        Map<TopicPartition, Long> next = progress.nextOffsets();
        List<OffsetRange> ranges = new ArrayList<>();
        for (TopicPartition partition : aggregation.dueWithoutInput()) {
            Long offset = next.get(partition);
            if (offset != null) {
                ranges.add(new OffsetRange(partition, offset, offset));
            }
        }
        return new MicroBatch(nextBatchId(), ranges);
    }

    private MicroBatch plan(BatchSchedule schedule) {
        Map<TopicPartition, Long> next = progress.nextOffsets();
        if (aggregation != null) {
            next.keySet().removeIf(aggregation::isRestoring); // read once the state is back
        }
        Map<TopicPartition, Long> ends = schedule.endOffsets(next);
        listener.offsetsPlanned(next, ends);
        return size.planner().plan(nextBatchId(), next, ends);
    }

    /**
     * Runs a batch until it commits. A failed attempt is replayed with the same id and ranges
     * (Spark's offset log gives the same promise), unless the batch cannot be read as planned any
     * more (a partition was revoked, or it must shrink to fit the transaction timeout): then what
     * is left is planned afresh under a new id.
     */
    private void runUntilCommitted(MicroBatch batch, BatchSchedule schedule) {
        MicroBatch current = batch;
        for (int attempts = 1; !current.isEmpty(); attempts++) {
            lastRunBatchId = Math.max(lastRunBatchId, current.batchId());
            if (planLog != null) {
                planLog.write(current);
            }
            Exception failure = attempt.run(current);
            if (failure == null) {
                return;
            }
            listener.batchFailed(current.batchId(), attempts, failure);
            if (stopping.getAsBoolean()) {
                return;
            }
            // a refused record is replayed without it at once, and a batch the group's
            // rebalance overtook has nothing to wait for: its partitions are still ours or not
            if (!attempt.foundRefusal() && !isRebalance(failure)) {
                backoff(attempts);
            }
            current = replayOf(current, schedule);
        }
    }

    /**
     * The batch the plan log recorded before a crash, if it did not commit and its ranges still
     * start where this instance's partitions stand; looked at once, on the first plan.
     */
    private Optional<MicroBatch> loggedReplay() {
        MicroBatch batch = logged;
        logged = null;
        if (batch == null || batch.batchId() < progress.nextBatchId()) {
            return Optional.empty(); // none, or it committed
        }
        lastRunBatchId = Math.max(lastRunBatchId, batch.batchId()); // its id is taken
        Map<TopicPartition, Long> next = progress.nextOffsets();
        for (OffsetRange range : batch.ranges()) {
            Long from = next.get(range.partition());
            if (from == null || from != range.fromOffset()) {
                log.info(
                        "Batch {} was planned before a restart, but its partitions moved;"
                                + " planning anew under a new id",
                        batch.batchId());
                return Optional.empty();
            }
        }
        log.info("Replaying batch {} as it was planned before a restart", batch.batchId());
        return Optional.of(batch);
    }

    /** The batch to run after a failed attempt of {@code failed}. */
    private MicroBatch replayOf(MicroBatch failed, BatchSchedule schedule) {
        boolean asPlanned = !attempt.shrank();
        Map<TopicPartition, Long> next = progress.nextOffsets();
        for (OffsetRange range : failed.ranges()) {
            Long from = next.get(range.partition());
            asPlanned &= from != null && from == range.fromOffset();
            // a task found corrupt was wiped: its partition waits for the restore
            asPlanned &= aggregation == null || !aggregation.isRestoring(range.partition());
        }
        if (asPlanned) {
            return failed;
        }
        log.info(
                "Batch {} cannot be replayed as planned (partitions revoked or the batch"
                        + " shrank); planning what is left as a new batch",
                failed.batchId());
        return plan(schedule);
    }

    /** Whether {@code failure} is a commit refused because the group rebalanced meanwhile. */
    static boolean isRebalance(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommitFailedException
                    || cause instanceof RebalanceInProgressException
                    || cause instanceof IllegalGenerationException) {
                return true;
            }
        }
        return false;
    }

    /** The id of the next new batch: past the last committed one and any attempted since. */
    private long nextBatchId() {
        return Math.max(progress.nextBatchId(), lastRunBatchId + 1);
    }

    private void backoff(int attempt) {
        long base = settings.retryBackoff().toMillis();
        long ms =
                Math.min(settings.maxRetryBackoff().toMillis(), base << Math.min(attempt - 1, 20));
        long deadline = System.nanoTime() + Duration.ofMillis(ms).toNanos();
        while (!stopping.getAsBoolean() && System.nanoTime() < deadline) {
            // polling, not sleeping: the consumer keeps its group membership meanwhile
            try {
                reader.pollIdle(POLL_TIMEOUT);
            } catch (KafkaException e) {
                log.debug("Poll during backoff failed: {}", e.toString());
            }
        }
    }

    private void maybeLogStatus() {
        long now = System.nanoTime();
        if (now - lastStatusNanos >= STATUS_INTERVAL_NANOS) {
            lastStatusNanos = now;
            log.debug(
                    "Pipeline {}: {} batches committed; {}",
                    plan.name(),
                    totals.batches(),
                    totals.counts());
        }
    }
}
