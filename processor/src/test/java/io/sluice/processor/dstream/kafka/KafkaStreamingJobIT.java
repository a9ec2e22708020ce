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
 * same outputs per batch, across a restart that restores the graph from its checkpoint topic: a
 * running word count from an initial state (hello:1, world:1) and counts over a two-batch window.
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

    /** Counts per word over the last two batches, as "word:count". */
    private static DStream<String> windowedCounts(DStream<String> lines) {
        return lines.flatMap(line -> Arrays.asList(line.split(" ")))
                .countByValueAndWindow(INTERVAL.multipliedBy(2), INTERVAL)
                .map(count -> count.key() + ":" + count.value());
    }

    @Test
    void shouldGiveTheTestKitsOutputsPerBatchOnTheBrokerAcrossARestart() throws Exception {
        StreamingTestKit kit = StreamingTestKit.withBatchInterval(INTERVAL);
        QueueStream<String> lines = kit.queueStream();
        CollectedBatches<String> expectedCounts = kit.collect(wordCounts(lines.stream()));
        CollectedBatches<String> expectedWindows = kit.collect(windowedCounts(lines.stream()));
        kit.start();
        for (List<String> batch : BATCHES) {
            lines.add(batch);
        }
        kit.advanceBatches(BATCHES.size());

        String name = kafka.uniqueTopic("wordcount");
        String input = name + "-lines";
        String counts = name + "-counts";
        String windows = name + "-windows";
        kafka.createTopics(1, input, counts, windows);
        EngineSettings settings =
                EngineSettings.of(kafka.bootstrapServers(), "it").withStateDirectory(state);
        List<List<String>> countsPerBatch = new ArrayList<>();
        List<List<String>> windowsPerBatch = new ArrayList<>();
        KafkaStreamingJob job = null;
        for (int i = 0; i < BATCHES.size(); i++) {
            if (i != 1) {
                // a new job, as after a restart: its graph starts from the last checkpoint
                job = job(name, input, counts, windows);
            }
            List<String> json = new ArrayList<>();
            for (String line : BATCHES.get(i)) {
                json.add("{\"line\": \"" + line + "\"}");
            }
            Topics.produce(kafka, input, json);
            // one availableNow run reads what is there in one engine batch: one graph batch
            PipelineRunner runner = job.runner(settings, new Trigger.AvailableNow(), System.out);
            assertThat(runner.run()).isEqualTo(PipelineRunner.Outcome.FINISHED);
            countsPerBatch.add(newValues(counts, countsPerBatch));
            windowsPerBatch.add(newValues(windows, windowsPerBatch));
        }

        for (int i = 0; i < BATCHES.size(); i++) {
            assertThat(countsPerBatch.get(i))
                    .as("counts of batch %d", i + 1)
                    .isEqualTo(sorted(expectedCounts.at(kit.batchTime(i + 1))));
            assertThat(windowsPerBatch.get(i))
                    .as("window of batch %d", i + 1)
                    .isEqualTo(sorted(expectedWindows.at(kit.batchTime(i + 1))));
        }
        assertThat(countsPerBatch.get(2))
                .containsExactly(
                        "hello:3", "kafka:3", "spark:2", "streaming:1", "streams:1", "world:2");
        // batch 3's window holds batches 2 and 3, read before and after the restart
        assertThat(windowsPerBatch.get(2))
                .containsExactly("hello:1", "kafka:3", "streams:1", "world:1");
    }

    private KafkaStreamingJob job(String name, String input, String counts, String windows) {
        KafkaStreamingJob job = KafkaStreamingJob.json(name, input, LINE, INTERVAL);
        DStream<String> lines = job.input().map(row -> row.get("line").toString());
        job.toKafka(wordCounts(lines), counts, KafkaStreamingJobIT::word, count -> count);
        job.toKafka(windowedCounts(lines), windows, KafkaStreamingJobIT::word, count -> count);
        return job;
    }

    private static String word(String count) {
        return count.substring(0, count.indexOf(':'));
    }

    /** The values of {@code topic} after those the earlier batches read, sorted. */
    private List<String> newValues(String topic, List<List<String>> earlier) {
        List<String> all = Topics.readCommittedValues(kafka, topic);
        int seen = earlier.stream().mapToInt(List::size).sum();
        return sorted(all.subList(seen, all.size()));
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }
}
