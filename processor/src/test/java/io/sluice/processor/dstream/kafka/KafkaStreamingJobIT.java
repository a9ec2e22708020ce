package io.sluice.processor.dstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.dstream.DStream;
import io.sluice.processor.dstream.KeyValue;
import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.plan.Trigger;
import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same DStream graph run by the test kit and on a real broker by the batch engine gives the
 * same outputs per batch: a running word count from an initial state (hello:1, world:1).
 */
@ExtendWith(KafkaClusterExtension.class)
class KafkaStreamingJobIT {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Schema LINE =
            SchemaBuilder.record("Line").fields().requiredString("line").endRecord();
    private static final List<List<String>> BATCHES =
            List.of(
                    List.of("hello spark", "spark streaming"),
                    List.of("world", "hello kafka"),
                    List.of("kafka kafka streams"));

    private final KafkaCluster kafka;

    @TempDir Path state;

    KafkaStreamingJobIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    /** The graph under test: running counts per word as "word:count". */
    private static DStream<String> wordCounts(DStream<String> lines) {
        return lines.flatMap(line -> Arrays.asList(line.split(" ")))
                .mapToPair(word -> KeyValue.of(word, 1))
                .updateStateByKey(
                        (List<Integer> ones, Optional<Integer> count) ->
                                Optional.of(count.orElse(0) + ones.size()),
                        Map.of("hello", 1, "world", 1))
                .map(count -> count.key() + ":" + count.value());
    }

    @Test
    void shouldGiveTheTestKitsOutputsPerBatchWhenTheJobRunsOnTheBroker() throws Exception {
        StreamingTestKit kit = StreamingTestKit.withBatchInterval(INTERVAL);
        QueueStream<String> lines = kit.queueStream();
        CollectedBatches<String> expected = kit.collect(wordCounts(lines.stream()));
        kit.start();
        for (List<String> batch : BATCHES) {
            lines.add(batch);
        }
        kit.advanceBatches(BATCHES.size());

        String input = kafka.uniqueTopic("lines");
        String output = kafka.uniqueTopic("counts");
        kafka.createTopics(1, input, output);
        KafkaStreamingJob job =
                KafkaStreamingJob.json(kafka.uniqueTopic("wordcount"), input, LINE, INTERVAL);
        job.toKafka(
                wordCounts(job.input().map(row -> row.get("line").toString())),
                output,
                count -> count.substring(0, count.indexOf(':')),
                count -> count);
        EngineSettings settings =
                EngineSettings.of(kafka.bootstrapServers(), "it").withStateDirectory(state);
        List<List<String>> perBatch = new ArrayList<>();
        int seen = 0;
        for (List<String> batch : BATCHES) {
            List<String> json = new ArrayList<>();
            for (String line : batch) {
                json.add("{\"line\": \"" + line + "\"}");
            }
            Topics.produce(kafka, input, json);
            // one availableNow run reads what is there in one engine batch: one graph batch
            PipelineRunner runner =
                    new PipelineRunner(job.plan(new Trigger.AvailableNow()), settings, System.out);
            assertThat(runner.run()).isEqualTo(PipelineRunner.Outcome.FINISHED);
            List<String> all = Topics.readCommittedValues(kafka, output);
            perBatch.add(sorted(all.subList(seen, all.size())));
            seen = all.size();
        }

        for (int i = 0; i < BATCHES.size(); i++) {
            assertThat(perBatch.get(i))
                    .as("batch %d", i + 1)
                    .isEqualTo(sorted(expected.at(kit.batchTime(i + 1))));
        }
        assertThat(perBatch.get(2))
                .containsExactly(
                        "hello:3", "kafka:3", "spark:2", "streaming:1", "streams:1", "world:2");
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }
}
