package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.batch.OffsetMetadata;
import io.sluice.processor.batch.OffsetRange;
import io.sluice.processor.plan.ErrorHandling;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.Trigger;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The failure paths of one batch (abort and replay, fencing, a rebalance mid-batch, failing commits
 * and refused sends) through {@link PipelineRunner} on Kafka's {@code MockConsumer} and {@code
 * MockProducer}: no broker, no threads, no clocks. Each run uses the {@code availableNow} trigger,
 * so it ends by itself once the input is committed, and retries without backoff.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a loop that never ends, not a wait
class BatchLifecycleTest {
    private static final TopicPartition IN_0 = new TopicPartition("in", 0);
    private static final TopicPartition IN_1 = new TopicPartition("in", 1);
    private static final String OUT = "out";
    private static final String DLQ = "p-dlq";

    private final MockClients clients = new MockClients();
    private final Events events = new Events();

    @Test
    void shouldReplayWithTheSameBatchIdAndRangesWhenTheCommitFails() {
        clients.consumer().append(IN_0, "a", "b", "c").assignOnNextPoll(List.of(IN_0));
        clients.scriptProducers(
                (index, producer) ->
                        producer.failCommits(new KafkaException("broker unavailable")));

        PipelineRunner.Outcome outcome = run(plan(ErrorPolicy.DEAD_LETTER));

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        List<ScriptedProducer.Transaction> attempts = clients.transactions();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).end).isEqualTo(ScriptedProducer.End.ABORTED);
        assertThat(attempts.get(1).end).isEqualTo(ScriptedProducer.End.COMMITTED);
        assertThat(attempts.get(1).values(OUT)).isEqualTo(attempts.get(0).values(OUT));
        assertThat(attempts.get(1).offsets).isEqualTo(attempts.get(0).offsets);
        assertThat(attempts.get(1).offsets).isEqualTo(Map.of(IN_0, offset(3, 0)));
        assertThat(events.aborted).containsExactly(0L);
        assertThat(events.committed).containsExactly("0:" + new OffsetRange(IN_0, 0, 3));
        assertThat(clients.committedValues(OUT)).containsExactly("A", "B", "C");
        assertThat(clients.producers()).hasSize(1);
    }

    @Test
    void shouldReplayWithANewProducerWhenTheCommitIsFenced() {
        clients.consumer().append(IN_0, "a", "b").assignOnNextPoll(List.of(IN_0));
        clients.scriptProducers(
                (index, producer) -> {
                    if (index == 0) {
                        producer.failCommits(new ProducerFencedException("epoch bumped"));
                    }
                });

        PipelineRunner.Outcome outcome = run(plan(ErrorPolicy.DEAD_LETTER));

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(clients.producers()).hasSize(2);
        assertThat(clients.producers().get(0).closed()).isTrue();
        assertThat(clients.producers().get(0).history()).isEmpty();
        assertThat(clients.producers().get(1).consumerGroupOffsetsHistory())
                .containsExactly(Map.of("dummy.group.id", Map.of(IN_0, offset(2, 0))));
        assertThat(clients.committedValues(OUT)).containsExactly("A", "B");
    }

    @Test
    void shouldEndFencedWhenEveryNewProducerIsFencedUpToTheLimit() {
        clients.consumer().append(IN_0, "a").assignOnNextPoll(List.of(IN_0));
        clients.scriptProducers((index, producer) -> producer.fencedAtStart());

        PipelineRunner.Outcome outcome = run(plan(ErrorPolicy.DEAD_LETTER));

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FENCED);
        // the first producer and three replacements: MAX_FENCED_IN_A_ROW is 3
        assertThat(clients.producers()).hasSize(4);
        assertThat(clients.producers()).allSatisfy(p -> assertThat(p.closed()).isTrue());
        assertThat(clients.committed()).isEmpty();
        assertThat(events.ended).isEqualTo(PipelineRunner.Outcome.FENCED);
        assertThat(events.endReason).contains("was fenced");
    }

    @Test
    void shouldPlanWhatIsLeftUnderANewBatchIdWhenARebalanceRevokesAPartitionMidBatch() {
        clients.consumer()
                .append(IN_0, "a0", "b0", "c0")
                .append(IN_1, "a1", "b1", "c1")
                .recordsPerPoll(1)
                .assignOnNextPoll(List.of(IN_0, IN_1))
                // once the batch has sent outputs into its transaction, in-1 moves elsewhere
                .rebalanceWhen(this::hasSentOutputs, List.of(IN_0));

        PipelineRunner.Outcome outcome = run(plan(ErrorPolicy.DEAD_LETTER));

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        List<ScriptedProducer.Transaction> attempts = clients.transactions();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).end).isEqualTo(ScriptedProducer.End.ABORTED);
        assertThat(attempts.get(0).sent).isNotEmpty();
        assertThat(attempts.get(0).offsets).isEmpty();
        assertThat(events.aborted).containsExactly(0L);
        assertThat(events.revoked).containsExactly(List.of(IN_1));
        assertThat(events.committed).containsExactly("1:" + new OffsetRange(IN_0, 0, 3));
        assertThat(attempts.get(1).offsets).isEqualTo(Map.of(IN_0, offset(3, 1)));
        assertThat(clients.committedValues(OUT)).containsExactly("A0", "B0", "C0");
    }

    @Test
    void shouldReplayWithANewProducerWhenARevokedBatchFindsItsProducerFencedOnAbort() {
        clients.consumer()
                .append(IN_0, "a0", "b0", "c0")
                .append(IN_1, "a1", "b1", "c1")
                .recordsPerPoll(1)
                .assignOnNextPoll(List.of(IN_0, IN_1))
                // a peer took this instance for dead: removed from the group and fenced
                .rebalanceWhen(this::hasSentOutputs, List.of(IN_0));
        clients.scriptProducers(
                (index, producer) -> {
                    if (index == 0) {
                        producer.fencedOnAbort();
                    }
                });

        PipelineRunner.Outcome outcome = run(plan(ErrorPolicy.DEAD_LETTER));

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(clients.producers()).hasSize(2);
        assertThat(clients.producers().get(0).closed()).isTrue();
        assertThat(clients.committedValues(OUT)).containsExactly("A0", "B0", "C0");
    }

    @Test
    void shouldCommitTheSameTransactionWhenTheCommitTimesOutOnce() {
        clients.consumer().append(IN_0, "a", "b").assignOnNextPoll(List.of(IN_0));
        clients.scriptProducers(
                (index, producer) -> producer.failCommits(new TimeoutException("commit")));

        PipelineRunner.Outcome outcome = run(plan(ErrorPolicy.DEAD_LETTER));

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(clients.transactions()).hasSize(1);
        assertThat(clients.transactions().get(0).end).isEqualTo(ScriptedProducer.End.COMMITTED);
        assertThat(events.aborted).isEmpty();
        assertThat(clients.committedValues(OUT)).containsExactly("A", "B");
    }

    @Test
    void shouldAbortAndReplayWhenTheCommitTimesOutOnEveryAttempt() {
        clients.consumer().append(IN_0, "a", "b").assignOnNextPoll(List.of(IN_0));
        RuntimeException[] timeouts = new RuntimeException[5]; // TransactionalCommitter's attempts
        Arrays.setAll(timeouts, i -> new TimeoutException("commit " + i));
        clients.scriptProducers((index, producer) -> producer.failCommits(timeouts));

        PipelineRunner.Outcome outcome = run(plan(ErrorPolicy.DEAD_LETTER));

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        List<ScriptedProducer.Transaction> attempts = clients.transactions();
        assertThat(attempts)
                .extracting(t -> t.end)
                .containsExactly(ScriptedProducer.End.ABORTED, ScriptedProducer.End.COMMITTED);
        assertThat(attempts.get(1).offsets).isEqualTo(attempts.get(0).offsets);
        assertThat(events.aborted).containsExactly(0L);
        assertThat(events.abortCauses).singleElement().isInstanceOf(TimeoutException.class);
        assertThat(clients.committedValues(OUT)).containsExactly("A", "B");
    }

    @Test
    void shouldAbortAndReplayWhenSendingTheOffsetsFails() {
        clients.consumer().append(IN_0, "a", "b").assignOnNextPoll(List.of(IN_0));
        clients.scriptProducers(
                (index, producer) ->
                        producer.failSendOffsets(new KafkaException("coordinator moved")));

        PipelineRunner.Outcome outcome = run(plan(ErrorPolicy.DEAD_LETTER));

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(clients.transactions())
                .extracting(t -> t.end)
                .containsExactly(ScriptedProducer.End.ABORTED, ScriptedProducer.End.COMMITTED);
        assertThat(events.aborted).containsExactly(0L);
        assertThat(events.committed).containsExactly("0:" + new OffsetRange(IN_0, 0, 2));
        assertThat(clients.committedValues(OUT)).containsExactly("A", "B");
    }

    @Test
    void shouldReplayAtOnceWhenTheGroupRebalancedUnderTheCommit() {
        // a peer removed from the group: the offsets' generation is stale, nothing to wait for
        KafkaException overtaken =
                new KafkaException(
                        "sending offsets failed",
                        new CommitFailedException("group generation id is not valid"));

        assertThat(BatchLoop.isRebalance(overtaken)).isTrue();
        assertThat(BatchLoop.isRebalance(new RebalanceInProgressException("joining"))).isTrue();
        assertThat(BatchLoop.isRebalance(new KafkaException("coordinator moved"))).isFalse();
    }

    @Test
    void shouldDeadLetterTheInputAsSinkAndCommitTheRestOnceWhenAnOutputIsRefused() {
        clients.consumer().append(IN_0, "a", "big", "c").assignOnNextPoll(List.of(IN_0));
        clients.scriptProducers((index, producer) -> producer.refuse(BatchLifecycleTest::isBig));

        PipelineRunner.Outcome outcome = run(plan(ErrorPolicy.DEAD_LETTER));

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(clients.transactions())
                .extracting(t -> t.end)
                .containsExactly(ScriptedProducer.End.ABORTED, ScriptedProducer.End.COMMITTED);
        assertThat(events.committed).containsExactly("0:" + new OffsetRange(IN_0, 0, 3));
        assertThat(clients.committedValues(OUT)).containsExactly("A", "C");
        List<ProducerRecord<byte[], byte[]>> dead = deadLetters();
        assertThat(dead).singleElement();
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("big");
        assertThat(header(dead.get(0), DeadLetters.STAGE)).isEqualTo("sink");
        assertThat(header(dead.get(0), DeadLetters.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(header(dead.get(0), DeadLetters.REASON)).contains("max.request.size");
    }

    @Test
    void shouldEndFailedRecordNamingTheInputWhenAnOutputIsRefusedUnderTheFailPolicy() {
        clients.consumer().append(IN_0, "a", "big", "c").assignOnNextPoll(List.of(IN_0));
        clients.scriptProducers((index, producer) -> producer.refuse(BatchLifecycleTest::isBig));

        PipelineRunner.Outcome outcome = run(plan(ErrorPolicy.FAIL));

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FAILED_RECORD);
        assertThat(events.endReason).startsWith("record in-0@1: sink failed: refused by out");
        assertThat(clients.committed()).isEmpty();
        assertThat(clients.transactions())
                .allSatisfy(t -> assertThat(t.end).isEqualTo(ScriptedProducer.End.ABORTED));
    }

    private PipelineRunner.Outcome run(PipelinePlan plan) {
        EngineSettings settings =
                new EngineSettings(
                        "localhost:9092",
                        "test",
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Duration.ofSeconds(10),
                        Duration.ZERO, // replay at once: no backoff polling
                        Duration.ZERO,
                        Path.of("unused-state"),
                        0,
                        0,
                        Duration.ZERO,
                        null);
        PrintStream console = new PrintStream(OutputStream.nullOutputStream());
        return new PipelineRunner(plan, settings, console, events, clients).run();
    }

    private static PipelinePlan plan(ErrorPolicy policy) {
        PipelinePlan plan =
                TestPipelines.upperCase("p", "in", OUT, new Trigger.AvailableNow(), 1_000);
        return new PipelinePlan(
                plan.name(),
                plan.source(),
                plan.operators(),
                plan.sink(),
                plan.trigger(),
                new ErrorHandling(policy, null),
                plan.maxRecordsPerBatch());
    }

    private boolean hasSentOutputs() {
        List<ScriptedProducer.Transaction> transactions = clients.transactions();
        return !transactions.isEmpty() && !transactions.get(transactions.size() - 1).sent.isEmpty();
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetters() {
        List<ProducerRecord<byte[], byte[]>> dead = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> record : clients.committed()) {
            if (record.topic().equals(DLQ)) {
                dead.add(record);
            }
        }
        return dead;
    }

    private static boolean isBig(ProducerRecord<byte[], byte[]> record) {
        return record.topic().equals(OUT)
                && new String(record.value(), StandardCharsets.UTF_8).equals("BIG");
    }

    private static OffsetAndMetadata offset(long untilOffset, long batchId) {
        return new OffsetAndMetadata(
                untilOffset, new OffsetMetadata(batchId, Long.MIN_VALUE).encode());
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** What the runner reported: aborted and committed batches, revocations, the end. */
    private static final class Events implements EngineListener {
        final List<Long> aborted = new ArrayList<>();
        final List<Exception> abortCauses = new ArrayList<>();
        final List<String> committed = new ArrayList<>();
        final List<List<TopicPartition>> revoked = new ArrayList<>();
        PipelineRunner.Outcome ended;
        String endReason;

        @Override
        public void batchAborted(long batchId, Exception cause) {
            aborted.add(batchId);
            abortCauses.add(cause);
        }

        @Override
        public void batchCommitted(CommittedBatch batch) {
            for (OffsetRange range : batch.ranges()) {
                committed.add(batch.batchId() + ":" + range);
            }
        }

        @Override
        public void partitionsRevoked(Collection<TopicPartition> partitions) {
            revoked.add(List.copyOf(partitions));
        }

        @Override
        public void runEnded(PipelineRunner.Outcome outcome, String reason) {
            ended = outcome;
            endReason = reason;
        }
    }
}
