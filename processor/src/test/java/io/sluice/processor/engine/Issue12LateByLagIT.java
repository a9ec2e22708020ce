package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.processor.api.Pipelines;
import io.sluice.processor.api.Sink;
import io.sluice.processor.api.Source;
import io.sluice.processor.api.Window;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a windowed aggregation through the repartition topic lost rows as late on a busy
 * machine. Its tasks read the repartition topic in shares of each batch, so they lag behind it, and
 * a source partition whose rows were still unread in the task's part of the topic was taken for
 * idle once the task's own processing time passed the idle timeout; the watermark then jumped past
 * its rows. An idle timeout of one millisecond makes every batch "slower than the idle timeout", as
 * a machine with a load of 10 did: the output must still equal the input's windows, with nothing
 * late.
 */
@ExtendWith(KafkaClusterExtension.class)
class Issue12LateByLagIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 4;
    private static final int EVENTS = 4_000;
    private static final long WINDOW_MS = Duration.ofMinutes(15).toMillis();
    private static final long BASE_MS = 1_595_689_200_000L; // 2020-07-25T15:00:00Z
    private static final Schema SALE =
            SchemaBuilder.record("Sale")
                    .fields()
                    .requiredString("store")
                    .requiredLong("amount")
                    .name("time")
                    .type(
                            LogicalTypes.timestampMillis()
                                    .addToSchema(Schema.create(Schema.Type.LONG)))
                    .noDefault()
                    .endRecord();

    private final KafkaCluster kafka;

    @TempDir Path state;

    Issue12LateByLagIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldLoseNoRowAsLateWhenTasksLagBehindTheRepartitionTopicLongerThanTheIdleTimeout()
            throws Exception {
        String name = kafka.uniqueTopic("lag");
        String input = name + "-sales";
        String output = name + "-windows";
        kafka.createTopics(PARTITIONS, input);
        List<ProducerRecord<byte[], byte[]>> sales = new ArrayList<>();
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < EVENTS; i++) {
            // ten seconds apart, dealt round the partitions: every partition spans the whole time
            long time = BASE_MS + i * 10_000L;
            String store = "S" + (i % 3);
            sales.add(sale(input, i % PARTITIONS, store, i, time));
            expected.merge(
                    store + "@" + (time - Math.floorMod(time, WINDOW_MS)), (long) i, Long::sum);
        }
        long closing = BASE_MS + EVENTS * 10_000L + Duration.ofHours(2).toMillis();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            sales.add(sale(input, partition, "CLOSE", 0, closing));
        }
        Topics.produceRecords(kafka, input, sales);
        PipelinePlan plan =
                Pipelines.named(name)
                        .source(Source.topic(input).format("json").schema(SALE))
                        .withWatermark("time", Duration.ofMinutes(30))
                        .idleTimeout(Duration.ofMillis(1))
                        .groupBy("store")
                        .window(Window.tumbling(Duration.ofMinutes(15)))
                        .aggregate(io.sluice.processor.api.Column.expr("sum(amount)").as("total"))
                        .outputMode(OutputMode.APPEND)
                        .trigger(new Trigger.AvailableNow())
                        .maxRecordsPerBatch(300)
                        .sink(Sink.topic(output).format("json"))
                        .build()
                        .plan();

        PipelineRunner runner = new EngineRuns(kafka, state).runner(plan);
        assertThat(runner.run()).isEqualTo(PipelineRunner.Outcome.FINISHED);

        Map<String, Long> emitted = new TreeMap<>();
        for (String value : Topics.readCommittedValues(kafka, output)) {
            JsonNode row = JSON.readTree(value);
            Long previous =
                    emitted.put(
                            row.get("store").asText() + "@" + row.get("window_start").asLong(),
                            row.get("total").asLong());
            assertThat(previous).as("a window emitted twice: %s", value).isNull();
        }
        assertThat(runner.totals().late()).isZero();
        assertThat(emitted).isEqualTo(expected);
    }

    private static ProducerRecord<byte[], byte[]> sale(
            String topic, int partition, String store, long amount, long timeMs) {
        String json =
                "{\"store\":\"" + store + "\",\"amount\":" + amount + ",\"time\":" + timeMs + "}";
        return new ProducerRecord<>(topic, partition, null, json.getBytes(StandardCharsets.UTF_8));
    }
}
