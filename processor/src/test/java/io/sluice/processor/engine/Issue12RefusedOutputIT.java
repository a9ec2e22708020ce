package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.ErrorHandling;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: one output record the producer or the broker refuses must not wedge the pipeline. A 5
 * MB record (the input topic lets it in, the producer's 1 MB limit does not let its output out) and
 * a record the sink topic refuses as too large go to the dead-letter topic with stage {@code sink};
 * every other record is in the output exactly once; under the fail policy the run stops naming the
 * record.
 */
@ExtendWith(KafkaClusterExtension.class)
class Issue12RefusedOutputIT {
    private static final int BIG_BYTES = 5 * 1024 * 1024;

    private final KafkaCluster kafka;

    @TempDir Path state;

    Issue12RefusedOutputIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldDeadLetterAFiveMegabyteRecordCutToFitAndCommitEveryGoodRecordOnce()
            throws Exception {
        String input = kafka.uniqueTopic("big-in");
        String output = kafka.uniqueTopic("big-out");
        createTopic(input, Map.of("max.message.bytes", Integer.toString(8 * 1024 * 1024)));
        List<String> good = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            if (i == 120) {
                values.add("big-" + "x".repeat(BIG_BYTES - 4));
            }
            good.add("good-" + i);
            values.add("good-" + i);
        }
        produceLarge(input, values);
        PipelinePlan plan =
                TestPipelines.upperCase(
                        kafka.uniqueTopic("big"), input, output, new Trigger.AvailableNow(), 50);

        PipelineRunner runner = new EngineRuns(kafka, state).runner(plan);

        assertThat(runner.run()).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(Topics.readCommittedValues(kafka, output))
                .containsExactlyElementsOf(good.stream().map(String::toUpperCase).toList());
        List<ConsumerRecord<byte[], byte[]>> dead =
                Topics.readCommitted(kafka, plan.deadLetterTopic());
        assertThat(dead).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = dead.get(0);
        assertThat(Topics.header(letter, DeadLetters.STAGE)).isEqualTo("sink");
        assertThat(Topics.header(letter, DeadLetters.REASON)).contains("max.request.size");
        assertThat(Topics.header(letter, DeadLetters.SOURCE_TOPIC)).isEqualTo(input);
        assertThat(Topics.header(letter, DeadLetters.SOURCE_OFFSET)).isEqualTo("120");
        assertThat(Topics.header(letter, DeadLetters.ORIGINAL_SIZE))
                .isEqualTo(Integer.toString(BIG_BYTES));
        assertThat(letter.value().length).isBetween(1, DeadLetters.DEFAULT_MAX_RECORD_BYTES);
        assertThat(new String(letter.value(), 0, 8, StandardCharsets.UTF_8)).isEqualTo("big-xxxx");
        assertThat(runner.totals().deadLettered()).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterARecordWhenTheSinkTopicRefusesItAsTooLarge() throws Exception {
        String input = kafka.uniqueTopic("refused-in");
        String output = kafka.uniqueTopic("refused-out");
        kafka.createTopics(1, input);
        // above the producer's batch.size (256 KB): below it the producer splits a batch that
        // holds small records too into batches that are still too large, again and again
        createTopic(output, Map.of("max.message.bytes", Integer.toString(300 * 1024)));
        String large = "large-" + "y".repeat(500 * 1024);
        Topics.produce(kafka, input, List.of("a", "b", large, "c"));
        PipelinePlan plan =
                TestPipelines.upperCase(
                        kafka.uniqueTopic("refused"),
                        input,
                        output,
                        new Trigger.AvailableNow(),
                        100);

        PipelineRunner runner = new EngineRuns(kafka, state).runner(plan);

        assertThat(runner.run()).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(Topics.readCommittedValues(kafka, output)).containsExactly("A", "B", "C");
        List<ConsumerRecord<byte[], byte[]>> dead =
                Topics.readCommitted(kafka, plan.deadLetterTopic());
        assertThat(dead).hasSize(1);
        assertThat(Topics.header(dead.get(0), DeadLetters.STAGE)).isEqualTo("sink");
        assertThat(Topics.header(dead.get(0), DeadLetters.SOURCE_OFFSET)).isEqualTo("2");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(large);
        assertThat(Topics.header(dead.get(0), DeadLetters.ORIGINAL_SIZE)).isNull();
    }

    @Test
    void shouldStopNamingTheRecordWhenTheFailPolicyMeetsARefusedRecord() throws Exception {
        String input = kafka.uniqueTopic("fail-in");
        String output = kafka.uniqueTopic("fail-out");
        createTopic(input, Map.of("max.message.bytes", Integer.toString(8 * 1024 * 1024)));
        produceLarge(input, List.of("a", "b", "big-" + "z".repeat(BIG_BYTES - 4), "c"));
        PipelinePlan defaults =
                TestPipelines.upperCase(
                        kafka.uniqueTopic("fail"), input, output, new Trigger.AvailableNow(), 100);
        PipelinePlan plan =
                new PipelinePlan(
                        defaults.name(),
                        defaults.source(),
                        defaults.operators(),
                        defaults.sink(),
                        defaults.trigger(),
                        new ErrorHandling(ErrorPolicy.FAIL, null),
                        defaults.maxRecordsPerBatch());
        AtomicReference<String> reason = new AtomicReference<>();
        EngineListener listener =
                new EngineListener() {
                    @Override
                    public void runEnded(PipelineRunner.Outcome outcome, String why) {
                        reason.set(why);
                    }
                };
        EngineRuns runs = new EngineRuns(kafka, state);
        PipelineRunner runner = new PipelineRunner(plan, runs.settings(), System.out, listener);

        assertThat(runner.run()).isEqualTo(PipelineRunner.Outcome.FAILED_RECORD);
        assertThat(reason.get()).contains(input + "-0@2").contains("max.request.size");
        assertThat(Topics.readCommittedValues(kafka, output)).isEmpty();
    }

    private void createTopic(String topic, Map<String, String> configs) throws Exception {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    private void produceLarge(String topic, List<String> values) throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.producerConfig());
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (String value : values) {
                producer.send(
                                new ProducerRecord<>(
                                        topic, 0, null, value.getBytes(StandardCharsets.UTF_8)))
                        .get(60, TimeUnit.SECONDS);
            }
        }
    }
}
