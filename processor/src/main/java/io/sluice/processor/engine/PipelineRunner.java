package io.sluice.processor.engine;

import io.sluice.processor.BatchRetryException;
import io.sluice.processor.ConfigException;
import io.sluice.processor.FencedException;
import io.sluice.processor.RecordException;
import io.sluice.processor.RowOperator;
import io.sluice.processor.batch.BatchPlanner;
import io.sluice.processor.batch.MicroBatch;
import io.sluice.processor.batch.OffsetRange;
import io.sluice.processor.commit.CommitOutcome;
import io.sluice.processor.commit.TransactionalCommitter;
import io.sluice.processor.join.KafkaTable;
import io.sluice.processor.plan.InternalTopics;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.state.StateStores;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pipeline on this instance until it is stopped, or, with the {@code availableNow}
 * trigger, until what was in its topics at start is processed.
 *
 * <p>Implementation notes: each loop turn plans a batch from the owned partitions' next offsets to
 * their last stable offsets (see {@link BatchPlanner}), begins a transaction, reads exactly those
 * ranges, sends outputs and dead letters, adds the until-offsets (with the batch id in their
 * metadata) to the transaction and commits. A batch that fails before its commit is aborted, the
 * consumer rewinds to the batch's from-offsets and the batch runs again after a backoff. A fenced
 * producer stops the runner. {@link #run()} and everything it calls run on one thread; {@link
 * #stop()} may be called from any thread.
 */
public final class PipelineRunner {
    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_FENCED_IN_A_ROW = 3;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final long STATUS_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final PipelinePlan plan;
    private final EngineSettings settings;
    private final PrintStream console;
    private final EngineListener listener;
    private final KafkaClients clients;
    private final BatchCounters totals = new BatchCounters();
    private volatile boolean stopping;
    private volatile long committedBatches;
    private boolean finishedOnPurpose; // the loop ended by itself: leave the group on close

    public PipelineRunner(PipelinePlan plan, EngineSettings settings, PrintStream console) {
        this(plan, settings, console, EngineListener.NONE);
    }

    /** A runner that reports what it does to {@code listener} (metrics, status, console). */
    public PipelineRunner(
            PipelinePlan plan,
            EngineSettings settings,
            PrintStream console,
            EngineListener listener) {
        this(plan, settings, console, listener, KafkaClients.CLUSTER);
    }

    /** A runner that gets its Kafka clients from {@code clients}: unit tests pass mocks. */
    PipelineRunner(
            PipelinePlan plan,
            EngineSettings settings,
            PrintStream console,
            EngineListener listener,
            KafkaClients clients) {
        this.plan = plan;
        this.settings = settings;
        this.console = console;
        this.listener = listener;
        this.clients = clients;
    }

    /** How a run ended. */
    public enum Outcome {
        /** {@link #stop()} was called, or the availableNow trigger processed everything. */
        FINISHED,
        /** Another instance took over this instance's transactional id or partitions. */
        FENCED,
        /** A bad record met the {@code fail} error policy. */
        FAILED_RECORD
    }

    /**
     * Runs the pipeline on the calling thread.
     *
     * @throws ConfigException when the cluster does not fit the pipeline (missing source topic, a
     *     transaction timeout above the broker's maximum); nothing was processed
     */
    public Outcome run() {
        TopicSetup.Tasks tasks = clients.prepareTopics(plan, settings);
        String transactionalId = plan.name() + "-" + settings.instanceId();
        List<KafkaTable> kafkaTables = plan.tables();
        StateStores stores =
                plan.stateful().isPresent() || !kafkaTables.isEmpty()
                        ? StateStores.open(settings.stateSettings())
                        : null;
        StateTasks aggregation =
                plan.stateful().isEmpty()
                        ? null
                        : new StateTasks(
                                plan.name(),
                                plan.stateful().get(),
                                stores,
                                settings,
                                tasks,
                                listener);
        // a sink that sees batch ids needs each id to cover the same ranges across crashes
        BatchPlanLog planLog =
                plan.sink() instanceof SinkPlan.ForeachBatch
                        ? BatchPlanLog.open(
                                settings,
                                InternalTopics.batchPlans(plan.name()),
                                settings.instanceId())
                        : null;
        TableFeeds tables = null;
        Consumer<byte[], byte[]> consumer = null;
        try {
            tables =
                    kafkaTables.isEmpty()
                            ? null
                            : TableFeeds.open(
                                    plan.name(),
                                    kafkaTables,
                                    stores,
                                    () -> clients.consumer(ClientConfigs.tableConsumer(settings)));
            consumer = clients.consumer(ClientConfigs.consumer(settings, plan));
            return run(consumer, tables, aggregation, planLog, tasks, transactionalId);
        } finally {
            if (planLog != null) {
                planLog.close();
            }
            if (consumer != null) {
                CloseOptions close = CloseOptions.timeout(CLOSE_TIMEOUT);
                // A static member that stops on purpose leaves the group, so its partitions move
                // now.
                consumer.close(
                        finishedOnPurpose
                                ? close.withGroupMembershipOperation(
                                        GroupMembershipOperation.LEAVE_GROUP)
                                : close);
            }
            if (tables != null) {
                tables.close();
            }
            if (aggregation != null) {
                aggregation.close();
            }
            if (stores != null) {
                stores.close();
            }
        }
    }

    /** Runs the batch loop on clients and state opened by {@link #run()}, which closes them. */
    private Outcome run(
            Consumer<byte[], byte[]> consumer,
            TableFeeds tables,
            StateTasks aggregation,
            BatchPlanLog planLog,
            TopicSetup.Tasks tasks,
            String transactionalId) {
        Optional<TopicSetup.Repartition> repartition = tasks.repartition();
        try (TransactionalCommitter committer =
                new TransactionalCommitter(
                        ClientConfigs.producer(settings), transactionalId, clients::producer)) {
            committer.init();
            BatchLoop loop =
                    new BatchLoop(
                            consumer,
                            committer,
                            aggregation,
                            tables,
                            repartition.map(this::repartitioner).orElse(null),
                            planLog,
                            Math.min(
                                    ClientConfigs.maxRecordBytes(settings),
                                    tasks.sinkMaxMessageBytes().orElse(Integer.MAX_VALUE)));
            List<String> topics = new ArrayList<>(plan.source().allTopics());
            repartition.ifPresent(r -> topics.add(r.topic()));
            consumer.subscribe(topics, loop.rebalanceListener());
            log.info(
                    "Pipeline {} started as {} on {} (trigger {})",
                    plan.name(),
                    transactionalId,
                    settings.bootstrapServers(),
                    plan.trigger());
            Outcome outcome = loop.run();
            finishedOnPurpose = true;
            listener.runEnded(outcome, null);
            return outcome;
        } catch (FencedException e) {
            log.error("Pipeline {} stopped: {}", plan.name(), e.getMessage());
            listener.runEnded(Outcome.FENCED, e.getMessage());
            return Outcome.FENCED;
        } catch (RecordException e) {
            log.error("Pipeline {} stopped by the fail policy: {}", plan.name(), e.getMessage());
            listener.runEnded(Outcome.FAILED_RECORD, e.getMessage());
            return Outcome.FAILED_RECORD;
        }
    }

    /** Sends through the committer's open transaction, with or without a callback. */
    private static RecordProcessor.Sender sender(TransactionalCommitter committer) {
        return new RecordProcessor.Sender() {
            @Override
            public void send(ProducerRecord<byte[], byte[]> record) {
                committer.send(record);
            }

            @Override
            public void send(ProducerRecord<byte[], byte[]> record, Callback sent) {
                if (sent == null) {
                    committer.send(record);
                } else {
                    committer.send(record, sent);
                }
            }
        };
    }

    /** Moves the stateful step's input rows to the tasks of their keys. */
    private Repartitioner repartitioner(TopicSetup.Repartition repartition) {
        List<RowOperator> operators = plan.operators();
        Schema rows =
                plan.stateful()
                        .get()
                        .operator()
                        .inputSchema()
                        .orElseGet(
                                () ->
                                        operators.isEmpty()
                                                ? plan.source().schema()
                                                : operators
                                                        .get(operators.size() - 1)
                                                        .outputSchema());
        return new Repartitioner(
                repartition.topic(),
                repartition.partitions(),
                repartition.sources(),
                plan.stateful().get().operator().keyColumns(),
                rows,
                plan.stateful().get().idleTimeout());
    }

    /** Asks the runner to stop after the batch in flight; returns at once. */
    public void stop() {
        stopping = true;
    }

    /** The counts of every committed batch so far; read from any thread, approximately current. */
    public BatchCounters totals() {
        synchronized (totals) {
            BatchCounters copy = new BatchCounters();
            copy.add(totals);
            return copy;
        }
    }

    /** The number of batches committed since start. */
    public long committedBatches() {
        return committedBatches;
    }

    /** The loop and its per-run state; one instance per {@link #run()}. */
    private final class BatchLoop {
        private final Consumer<byte[], byte[]> consumer;
        private final TransactionalCommitter committer;
        private final PartitionProgress progress = new PartitionProgress();
        private final BatchReader reader;
        private final OutputWriter output;
        private final RecordProcessor processor;
        private int maxRecords = plan.maxRecordsPerBatch();
        private int fencedInARow;
        private BatchPlanner planner = new BatchPlanner(maxRecords);
        private final Rebalance rebalance;
        private final StateTasks aggregation; // null for stateless pipelines
        private final TableFeeds tables; // null unless the pipeline joins Kafka tables
        // the rest of the transaction timeout is for finishing and committing the batch
        private final Duration readTimeout =
                Duration.ofMillis(settings.transactionTimeout().toMillis() * 7 / 10);
        private long lastStatusNanos = System.nanoTime();

        private final Repartitioner repartitioner; // null unless rows move to their key's task
        private final RecordProcessor.Sender sender;
        private final Refusals refusals = new Refusals();
        private long lastRunBatchId = -1; // the id of the last batch attempted
        private final BatchPlanLog planLog; // null unless the sink sees batch ids
        private MicroBatch logged; // the last plan recorded before this run, until looked at
        private boolean shrunk; // the last attempt asked for a smaller batch

        BatchLoop(
                Consumer<byte[], byte[]> consumer,
                TransactionalCommitter committer,
                StateTasks aggregation,
                TableFeeds tables,
                Repartitioner repartitioner,
                BatchPlanLog planLog,
                int maxOutputBytes) {
            this.tables = tables;
            this.repartitioner = repartitioner;
            this.planLog = planLog;
            this.logged = planLog == null ? null : planLog.last().orElse(null);
            this.consumer = consumer;
            this.committer = committer;
            this.aggregation = aggregation;
            this.reader = new BatchReader(consumer, POLL_TIMEOUT);
            this.output = OutputWriter.of(plan.sink(), console, maxOutputBytes);
            this.sender = sender(committer);
            this.processor =
                    new RecordProcessor(
                            plan,
                            output,
                            sender,
                            refusals,
                            ClientConfigs.maxRecordBytes(settings),
                            aggregation,
                            repartitioner);
            this.rebalance = new Rebalance(consumer, progress, reader, aggregation, listener);
        }

        Rebalance rebalanceListener() {
            return rebalance;
        }

        Outcome run() {
            BatchSchedule schedule =
                    BatchSchedule.of(
                            plan.trigger(),
                            consumer,
                            ASSIGNMENT_TIMEOUT,
                            repartitioner == null ? Set.of() : Set.of(repartitioner.topic()));
            int failures = 0;
            while (!stopping) {
                try {
                    Optional<Outcome> done = turn(schedule);
                    if (done.isPresent()) {
                        return done.get();
                    }
                    failures = 0;
                } catch (FencedInstanceIdException e) {
                    throw new FencedException(
                            "another instance runs with the same instance id "
                                    + settings.instanceId(),
                            e);
                } catch (KafkaException e) {
                    // The broker is unavailable or a request timed out: wait and try again.
                    failures++;
                    log.warn("Pipeline {}: {}; retrying", plan.name(), e.toString());
                    backoff(failures);
                }
            }
            return Outcome.FINISHED;
        }

        /** One turn of the loop: wait, or plan and run a batch; an outcome when the run is done. */
        private Optional<Outcome> turn(BatchSchedule schedule) {
            // restore tasks' state a chunk at a time; don't idle while changelogs have more
            Duration idle =
                    aggregation != null && aggregation.restoreStep(consumer)
                            ? Duration.ZERO
                            : POLL_TIMEOUT;
            if (progress.isEmpty()) {
                reader.pollIdle(POLL_TIMEOUT);
                if (schedule.giveUpWaitingForAssignment()) {
                    log.warn("No partitions were assigned within {}", ASSIGNMENT_TIMEOUT);
                    return Optional.of(Outcome.FINISHED);
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
                tables.catchUp(() -> stopping, () -> reader.pollIdle(Duration.ZERO));
            }
            MicroBatch batch = loggedReplay().orElseGet(() -> plan(schedule));
            if (batch.isEmpty()) {
                if (schedule.isDrained()
                        && (aggregation == null || !aggregation.isRestoring())
                        && (repartitioner == null
                                || repartitioner.caughtUp(progress.nextOffsets()))) {
                    log.info("Pipeline {}: all input available at start is processed", plan.name());
                    return Optional.of(Outcome.FINISHED);
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
            Map<TopicPartition, Long> ends = schedule.endOffsets(next.keySet());
            listener.offsetsPlanned(next, ends);
            return planner.plan(nextBatchId(), next, ends);
        }

        /**
         * Runs a batch until it commits. A failed attempt is replayed with the same id and ranges
         * (Spark's offset log gives the same promise), unless the batch cannot be read as planned
         * any more (a partition was revoked, or it must shrink to fit the transaction timeout):
         * then what is left is planned afresh under a new id.
         */
        private void runUntilCommitted(MicroBatch batch, BatchSchedule schedule) {
            MicroBatch current = batch;
            for (int attempt = 1; !current.isEmpty(); attempt++) {
                lastRunBatchId = Math.max(lastRunBatchId, current.batchId());
                if (planLog != null) {
                    planLog.write(current);
                }
                Exception failure = tryBatch(current);
                if (failure == null) {
                    return;
                }
                listener.batchFailed(current.batchId(), attempt, failure);
                if (stopping) {
                    return;
                }
                if (refusals.foundInAttempt() == null) {
                    backoff(attempt); // a refused record is replayed without it at once
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
            boolean asPlanned = !shrunk;
            Map<TopicPartition, Long> next = progress.nextOffsets();
            for (OffsetRange range : failed.ranges()) {
                Long from = next.get(range.partition());
                asPlanned &= from != null && from == range.fromOffset();
                // a task found corrupt was wiped: its partition waits for the restore
                asPlanned &= aggregation == null || !aggregation.isRestoring(range.partition());
            }
            shrunk = false;
            if (asPlanned) {
                return failed;
            }
            log.info(
                    "Batch {} cannot be replayed as planned (partitions revoked or the batch"
                            + " shrank); planning what is left as a new batch",
                    failed.batchId());
            return plan(schedule);
        }

        /** The id of the next new batch: past the last committed one and any attempted since. */
        private long nextBatchId() {
            return Math.max(progress.nextBatchId(), lastRunBatchId + 1);
        }

        /** Runs one attempt of a batch; null when it committed, else why it did not. */
        private Exception tryBatch(MicroBatch batch) {
            long startNanos = System.nanoTime();
            processor.counters().reset();
            refusals.attemptStarted();
            rebalance.batchStarted(batch);
            CommitOutcome outcome;
            long commitNanos = 0;
            Map<TopicPartition, Long> watermarks = Map.of();
            Exception failure = null;
            try {
                committer.begin();
                reader.read(batch, processor::process, rebalance::isBatchInvalidated, readTimeout);
                processor.sendWatermarkMarkers(
                        progress.partitions(), consumer.groupMetadata().generationId());
                watermarks =
                        aggregation == null
                                ? Map.of()
                                : aggregation.finish(
                                        partitions(batch), processor::emitAggregated, committer);
                if (aggregation != null) {
                    processor.droppedByState(aggregation.dropped());
                }
                output.beforeCommit(batch.batchId(), sender);
                long commitStart = System.nanoTime();
                outcome =
                        committer.commit(
                                progress.offsetsToCommit(batch, watermarks),
                                consumer.groupMetadata());
                commitNanos = System.nanoTime() - commitStart;
                if (outcome != CommitOutcome.COMMITTED) {
                    failure = committer.abortCause();
                }
            } catch (FencedException e) {
                if (++fencedInARow > MAX_FENCED_IN_A_ROW) {
                    throw e;
                }
                // Perhaps our own transaction timed out while the broker was away: take the
                // transactional id back and replay; a live twin would fence us again.
                log.warn(
                        "Batch {}: {}; replaying it with a new producer",
                        batch.batchId(),
                        e.getMessage());
                committer.reset();
                failure = e;
                outcome = CommitOutcome.ABORTED;
            } catch (RecordException e) {
                abortQuietly();
                throw e;
            } catch (FencedInstanceIdException e) {
                abortQuietly();
                throw e;
            } catch (ReadTimeoutException e) {
                // Too much for one transaction on this machine: halve the batch and try again.
                resize(Math.max(1, maxRecords / 2));
                shrunk = true;
                log.warn(
                        "Batch {} was not read in {}; retrying with at most {} records",
                        batch.batchId(),
                        readTimeout,
                        maxRecords);
                abortQuietly();
                failure = e;
                outcome = CommitOutcome.ABORTED;
            } catch (BatchRetryException | KafkaException e) {
                log.warn(
                        "Batch {} failed, aborting to replay it: {}",
                        batch.batchId(),
                        e.toString());
                abortQuietly();
                failure = e;
                outcome = CommitOutcome.ABORTED;
            } finally {
                rebalance.batchEnded();
            }
            if (outcome == CommitOutcome.COMMITTED) {
                // a copy: the aggregation reuses its map once committed() applied the batch
                Map<TopicPartition, Long> committedWatermarks = withWatermark(watermarks);
                fencedInARow = 0;
                progress.committed(batch);
                refusals.batchCommitted();
                if (maxRecords < plan.maxRecordsPerBatch()) {
                    resize(Math.min(plan.maxRecordsPerBatch(), maxRecords * 2));
                }
                if (aggregation != null) {
                    aggregation.committed();
                }
                if (repartitioner != null) {
                    repartitioner.committed();
                }
                synchronized (totals) {
                    totals.add(processor.counters());
                }
                committedBatches++;
                output.afterCommit(batch.batchId());
                listener.batchCommitted(
                        committedBatch(batch, startNanos, commitNanos, committedWatermarks));
                log.debug(
                        "Batch {} committed: {} in {} ms",
                        batch.batchId(),
                        processor.counters(),
                        (System.nanoTime() - startNanos) / 1_000_000);
                return null;
            }
            Refusals.Refusal refused = refusals.foundInAttempt();
            if (refused != null) {
                // the real cause: the transaction's own error ("in an error state") only follows it
                failure =
                        new BatchRetryException(
                                "an output of record "
                                        + refused.where()
                                        + " was "
                                        + refused.reason()
                                        + "; replaying the batch without it",
                                null);
                log.warn("Batch {}: {}", batch.batchId(), failure.getMessage());
            }
            if (failure == null) {
                failure = new BatchRetryException("the batch was aborted", null);
            }
            output.afterAbort();
            listener.batchAborted(batch.batchId(), failure);
            if (aggregation != null) {
                aggregation.aborted();
            }
            if (repartitioner != null) {
                repartitioner.aborted();
            }
            reader.rewind(progress.nextOffsets());
            return failure;
        }

        private CommittedBatch committedBatch(
                MicroBatch batch,
                long startNanos,
                long commitNanos,
                Map<TopicPartition, Long> watermarks) {
            BatchCounters counts = new BatchCounters();
            counts.add(processor.counters());
            return new CommittedBatch(
                    batch.batchId(),
                    batch.ranges(),
                    counts,
                    Duration.ofNanos(System.nanoTime() - startNanos),
                    Duration.ofNanos(commitNanos),
                    Instant.now(),
                    watermarks,
                    aggregation == null ? Map.of() : aggregation.stateSizes());
        }

        private static Map<TopicPartition, Long> withWatermark(Map<TopicPartition, Long> all) {
            Map<TopicPartition, Long> known = new HashMap<>();
            all.forEach(
                    (partition, watermark) -> {
                        if (watermark != Long.MIN_VALUE) {
                            known.put(partition, watermark);
                        }
                    });
            return known;
        }

        private void resize(int records) {
            maxRecords = records;
            planner = new BatchPlanner(records);
        }

        private List<TopicPartition> partitions(MicroBatch batch) {
            List<TopicPartition> partitions = new ArrayList<>(batch.ranges().size());
            for (OffsetRange range : batch.ranges()) {
                partitions.add(range.partition());
            }
            return partitions;
        }

        private void abortQuietly() {
            try {
                committer.abort();
            } catch (KafkaException e) {
                log.warn(
                        "Abort failed; the broker aborts the transaction on timeout: {}",
                        e.toString());
            }
        }

        private void backoff(int attempt) {
            long base = settings.retryBackoff().toMillis();
            long ms =
                    Math.min(
                            settings.maxRetryBackoff().toMillis(),
                            base << Math.min(attempt - 1, 20));
            long deadline = System.nanoTime() + Duration.ofMillis(ms).toNanos();
            while (!stopping && System.nanoTime() < deadline) {
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
                        committedBatches,
                        totals());
            }
        }
    }
}
