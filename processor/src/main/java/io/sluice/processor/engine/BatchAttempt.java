package io.sluice.processor.engine;

import io.sluice.processor.BatchRetryException;
import io.sluice.processor.FencedException;
import io.sluice.processor.RecordException;
import io.sluice.processor.batch.MicroBatch;
import io.sluice.processor.batch.OffsetRange;
import io.sluice.processor.commit.CommitOutcome;
import io.sluice.processor.commit.TransactionalCommitter;
import io.sluice.processor.plan.PipelinePlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of a batch as one transaction: begins it, reads exactly the batch's ranges
 * through the operators, finishes the state tasks, sends outputs and dead letters, and commits the
 * until-offsets (with the batch id and watermarks in their metadata) with them. Then it applies the
 * outcome to every part of the run: a commit moves the partitions' progress on and counts the
 * batch; an abort makes each part forget the batch and rewinds the consumer to its from-offsets.
 *
 * <p>One instance serves every attempt of a run, on the run's thread, and carries what one attempt
 * teaches the next: how many in a row were fenced, a smaller {@link BatchSize} after a read that
 * did not fit the transaction, and the records whose outputs were refused (see {@link Refusals}).
 */
final class BatchAttempt {
    private static final Logger log = LoggerFactory.getLogger(BatchAttempt.class);
    private static final int MAX_FENCED_IN_A_ROW = 3;

    private final EngineListener listener;
    private final CommittedTotals totals;
    private final Consumer<byte[], byte[]> consumer;
    private final TransactionalCommitter committer;
    private final OutputWriter output;
    private final StateTasks aggregation; // null for stateless pipelines
    private final Repartitioner repartitioner; // null unless rows move to their key's task
    private final PartitionProgress progress;
    private final BatchReader reader;
    private final Rebalance rebalance;
    private final BatchSize size;
    private final Refusals refusals = new Refusals();
    private final RecordProcessor.Sender sender;
    private final RecordProcessor processor;
    // the rest of the transaction timeout is for finishing and committing the batch
    private final Duration readTimeout;
    private int fencedInARow;
    private boolean shrank; // the last attempt asked for a smaller batch

    BatchAttempt(
            PipelinePlan plan,
            EngineSettings settings,
            EngineListener listener,
            CommittedTotals totals,
            BatchLoop.Parts parts,
            PartitionProgress progress,
            BatchReader reader,
            Rebalance rebalance,
            BatchSize size) {
        this.listener = listener;
        this.totals = totals;
        this.consumer = parts.consumer();
        this.committer = parts.committer();
        this.output = parts.output();
        this.aggregation = parts.aggregation();
        this.repartitioner = parts.repartitioner();
        this.progress = progress;
        this.reader = reader;
        this.rebalance = rebalance;
        this.size = size;
        this.readTimeout = Duration.ofMillis(settings.transactionTimeout().toMillis() * 7 / 10);
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
    }

    /**
     * Runs one attempt of {@code batch}; null when it committed, else why it did not.
     *
     * @throws FencedException when the producer was fenced too many attempts in a row
     * @throws RecordException when a record met the {@code fail} error policy (aborted first)
     * @throws FencedInstanceIdException when another consumer has this instance id (aborted first)
     */
    Exception run(MicroBatch batch) {
        long startNanos = System.nanoTime();
        processor.counters().reset();
        refusals.attemptStarted();
        rebalance.batchStarted(batch);
        shrank = false;
        CommitOutcome outcome;
        long commitNanos = 0;
        Map<TopicPartition, Long> watermarks = Map.of();
        Exception failure = null;
        try {
            committer.begin();
            watermarks = readAndFinish(batch);
            long commitStart = System.nanoTime();
            outcome =
                    committer.commit(
                            progress.offsetsToCommit(batch, watermarks), consumer.groupMetadata());
            commitNanos = System.nanoTime() - commitStart;
            if (outcome != CommitOutcome.COMMITTED) {
                failure = committer.abortCause();
            }
        } catch (FencedException e) {
            failure = retakeTransactionalId(batch, e);
            outcome = CommitOutcome.ABORTED;
        } catch (RecordException | FencedInstanceIdException e) {
            abortQuietly();
            throw e;
        } catch (ReadTimeoutException e) {
            failure = shrink(batch, e);
            outcome = CommitOutcome.ABORTED;
        } catch (BatchRetryException | KafkaException e) {
            log.warn("Batch {} failed, aborting to replay it: {}", batch.batchId(), e.toString());
            abortQuietly();
            failure = e;
            outcome = CommitOutcome.ABORTED;
        } finally {
            rebalance.batchEnded();
        }
        if (outcome == CommitOutcome.COMMITTED) {
            committed(batch, startNanos, commitNanos, watermarks);
            return null;
        }
        return aborted(batch, failure);
    }

    /** Whether the last attempt halved the batch size, so its batch cannot run again as planned. */
    boolean shrank() {
        return shrank;
    }

    /** Whether the last attempt found a refused output: its replay needs no backoff. */
    boolean foundRefusal() {
        return refusals.foundInAttempt() != null;
    }

    /**
     * Reads the batch through the operators in the open transaction, finishes the state tasks and
     * the output; returns the partitions' watermarks to commit.
     */
    private Map<TopicPartition, Long> readAndFinish(MicroBatch batch) {
        reader.read(batch, processor::process, rebalance::isBatchInvalidated, readTimeout);
        processor.sendWatermarkMarkers(
                progress.partitions(), consumer.groupMetadata().generationId());
        Map<TopicPartition, Long> watermarks =
                aggregation == null
                        ? Map.of()
                        : aggregation.finish(
                                partitions(batch), processor::emitAggregated, committer);
        if (aggregation != null) {
            processor.droppedByState(aggregation.dropped());
        }
        output.beforeCommit(batch.batchId(), sender);
        return watermarks;
    }

    /** Takes the transactional id back after {@code fenced}, unless fenced too often in a row. */
    private Exception retakeTransactionalId(MicroBatch batch, FencedException fenced) {
        if (++fencedInARow > MAX_FENCED_IN_A_ROW) {
            throw fenced;
        }
        // Perhaps our own transaction timed out while the broker was away: take the
        // transactional id back and replay; a live twin would fence us again.
        log.warn(
                "Batch {}: {}; replaying it with a new producer",
                batch.batchId(),
                fenced.getMessage());
        committer.reset();
        return fenced;
    }

    /** Aborts after {@code timeout} and halves the batch size. */
    private Exception shrink(MicroBatch batch, ReadTimeoutException timeout) {
        // Too much for one transaction on this machine: halve the batch and try again.
        size.halve();
        shrank = true;
        log.warn(
                "Batch {} was not read in {}; retrying with at most {} records",
                batch.batchId(),
                readTimeout,
                size.maxRecords());
        abortQuietly();
        return timeout;
    }

    /** Moves every part of the run past {@code batch}, which committed. */
    private void committed(
            MicroBatch batch, long startNanos, long commitNanos, Map<TopicPartition, Long> all) {
        // a copy: the aggregation reuses its map once committed() applied the batch
        Map<TopicPartition, Long> watermarks = withWatermark(all);
        fencedInARow = 0;
        progress.committed(batch);
        refusals.batchCommitted();
        size.maybeGrow();
        if (aggregation != null) {
            aggregation.committed();
        }
        if (repartitioner != null) {
            repartitioner.committed();
        }
        totals.add(processor.counters());
        output.afterCommit(batch.batchId());
        listener.batchCommitted(committedBatch(batch, startNanos, commitNanos, watermarks));
        log.debug(
                "Batch {} committed: {} in {} ms (commit {} ms)",
                batch.batchId(),
                processor.counters(),
                (System.nanoTime() - startNanos) / 1_000_000,
                commitNanos / 1_000_000);
    }

    /** Makes every part of the run forget {@code batch}, which aborted; returns why. */
    private Exception aborted(MicroBatch batch, Exception cause) {
        Exception failure = cause;
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

    private static List<TopicPartition> partitions(MicroBatch batch) {
        List<TopicPartition> partitions = new ArrayList<>(batch.ranges().size());
        for (OffsetRange range : batch.ranges()) {
            partitions.add(range.partition());
        }
        return partitions;
    }

    private void abortQuietly() {
        try {
            committer.abort();
        } catch (FencedException e) {
            // Fenced while aborting: after a rebalance, most likely by a peer that took this
            // instance for dead (PeerWatcher). The transaction is aborted either way; the next
            // attempt's producer takes the id back, and a live twin would fence it again.
            if (++fencedInARow > MAX_FENCED_IN_A_ROW) {
                throw e;
            }
            log.warn("Aborting: {}; the replay takes the transactional id back", e.getMessage());
            committer.reset();
        } catch (KafkaException e) {
            log.warn(
                    "Abort failed; the broker aborts the transaction on timeout: {}", e.toString());
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
}
