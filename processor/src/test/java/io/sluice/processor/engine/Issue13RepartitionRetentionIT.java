package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.api.Column;
import io.sluice.processor.api.Pipelines;
import io.sluice.processor.api.Sink;
import io.sluice.processor.api.Source;
import io.sluice.processor.api.Window;
import io.sluice.processor.plan.InternalTopics;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by issue 13's crash test (a stream-stream join over input from 2020): rows moved through
 * the repartition topic were timestamped with their event time, and the topic deletes by time
 * (retention.ms, a week). Segments of rows with event times older than a week were rolled at once
 * and deleted at the broker's next retention check, and a task that had not read them yet (after a
 * restart, while restoring) found its offset below the log start and went on from there: the rows
 * were lost, and a left join emitted their partners as unmatched. Moved rows and markers must carry
 * the time they were moved as their timestamp, their event time in a header.
 */
@ExtendWith(KafkaClusterExtension.class)
class Issue13RepartitionRetentionIT {
    private static final int PARTITIONS = 2;
    private static final int EVENTS = 200;
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

    Issue13RepartitionRetentionIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldStampMovedRowsWithTheTimeTheyMovedWhenTheirEventTimesAreYearsOld() {
        String name = kafka.uniqueTopic("retention");
        String input = name + "-sales";
        kafka.createTopics(PARTITIONS, input);
        List<ProducerRecord<byte[], byte[]>> sales = new ArrayList<>();
        Set<Long> eventTimes = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            long time = BASE_MS + i * 10_000L;
            sales.add(sale(input, i % PARTITIONS, "S" + (i % 3), time));
            eventTimes.add(time);
        }
        Topics.produceRecords(kafka, input, sales);
        PipelinePlan plan =
                Pipelines.named(name)
                        .source(Source.topic(input).format("json").schema(SALE))
                        .withWatermark("time", Duration.ofMinutes(30))
                        .groupBy("store")
                        .window(Window.tumbling(Duration.ofMinutes(15)))
                        .aggregate(Column.expr("sum(amount)").as("total"))
                        .outputMode(OutputMode.APPEND)
                        .trigger(new Trigger.AvailableNow())
                        .sink(Sink.topic(name + "-windows").format("json"))
                        .build()
                        .plan();
        long startMs = System.currentTimeMillis();

        new EngineRuns(kafka, state).run(plan);

        List<ConsumerRecord<byte[], byte[]>> moved =
                Topics.readCommitted(kafka, InternalTopics.repartition(name));
        long endMs = System.currentTimeMillis();
        assertThat(moved).filteredOn(r -> r.value() != null).hasSize(EVENTS);
        assertThat(moved).allSatisfy(r -> assertThat(r.timestamp()).isBetween(startMs, endMs));
        assertThat(moved)
                .filteredOn(r -> r.value() != null)
                .allSatisfy(r -> assertThat(eventTimes).contains(Repartitioner.eventTime(r)));
        assertThat(moved)
                .filteredOn(Repartitioner::isWatermarkMarker)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(Repartitioner.eventTime(r)).isGreaterThan(BASE_MS));
    }

    private static ProducerRecord<byte[], byte[]> sale(
            String topic, int partition, String store, long timeMs) {
        String json = "{\"store\":\"" + store + "\",\"amount\":1,\"time\":" + timeMs + "}";
        return new ProducerRecord<>(topic, partition, null, json.getBytes(StandardCharsets.UTF_8));
    }
}
