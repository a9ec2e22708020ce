package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The batch loop on a real broker: exact outputs, dead letters, transaction-aware ranges. */
@ExtendWith(KafkaClusterExtension.class)
class PipelineRunnerIT {
    private final KafkaCluster kafka;

    PipelineRunnerIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldWriteEachOutputOnceAndDeadLetterPoisonWhenRunTwiceAvailableNow() {
        String input = kafka.uniqueTopic("in");
        String output = kafka.uniqueTopic("out");
        kafka.createTopics(3, input);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(i % 100 == 7 ? "poison-" + i : i % 10 == 3 ? "skip-" + i : "v-" + i);
        }
        Topics.produce(kafka, input, values);
        PipelinePlan plan =
                TestPipelines.upperCase(
                        kafka.uniqueTopic("pipe"), input, output, new Trigger.AvailableNow(), 250);

        PipelineRunner first = new PipelineRunner(plan, settings(), System.out);
        PipelineRunner.Outcome firstOutcome = first.run();
        PipelineRunner.Outcome secondOutcome =
                new PipelineRunner(plan, settings(), System.out).run();

        assertThat(firstOutcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(secondOutcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        List<String> expected =
                values.stream()
                        .filter(v -> v.startsWith("v-"))
                        .map(v -> v.toUpperCase(java.util.Locale.ROOT))
                        .sorted()
                        .toList();
        assertThat(Topics.readCommittedValues(kafka, output))
                .hasSameSizeAs(expected)
                .containsExactlyInAnyOrderElementsOf(expected);
        List<ConsumerRecord<byte[], byte[]>> dead =
                Topics.readCommitted(kafka, plan.deadLetterTopic());
        assertThat(dead)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(
                        values.stream().filter(v -> v.startsWith("poison")).toList());
        assertThat(dead)
                .allSatisfy(
                        r -> {
                            assertThat(Topics.header(r, DeadLetters.STAGE)).isEqualTo("decode");
                            assertThat(Topics.header(r, DeadLetters.SOURCE_TOPIC)).isEqualTo(input);
                            assertThat(Topics.header(r, DeadLetters.REASON))
                                    .startsWith("not a value: poison-");
                        });
        BatchCounters totals = first.totals();
        assertThat(totals.in()).isEqualTo(1000);
        assertThat(totals.out()).isEqualTo(expected.size());
        assertThat(totals.filtered())
                .isEqualTo(values.stream().filter(v -> v.startsWith("skip")).count());
        assertThat(totals.deadLettered()).isEqualTo(10);
        assertThat(first.committedBatches()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void shouldFinishWhenTheInputEndsWithAnAbortedTransaction() {
        String input = kafka.uniqueTopic("in-txn");
        String output = kafka.uniqueTopic("out-txn");
        kafka.createTopics(1, input);
        Map<String, Object> config = kafka.transactionalProducerConfig(kafka.uniqueTopic("writer"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, input, "a", "b");
            producer.commitTransaction();
            producer.beginTransaction();
            send(producer, input, "aborted-1", "aborted-2");
            producer.abortTransaction();
        }
        PipelinePlan plan =
                TestPipelines.upperCase(
                        kafka.uniqueTopic("pipe"), input, output, new Trigger.AvailableNow(), 1000);

        PipelineRunner.Outcome outcome = new PipelineRunner(plan, settings(), System.out).run();

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(Topics.readCommittedValues(kafka, output)).containsExactly("A", "B");
    }

    private EngineSettings settings() {
        return EngineSettings.of(kafka.bootstrapServers(), "test");
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String... values) {
        for (String value : values) {
            producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
