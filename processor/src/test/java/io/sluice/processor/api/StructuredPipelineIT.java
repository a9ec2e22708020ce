package io.sluice.processor.api;

import static io.sluice.processor.api.Column.expr;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.Trigger;
import io.sluice.processor.stateful.groupstate.GroupStateTimeout;
import io.sluice.processor.stateful.groupstate.StateCodec;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Pipelines built in Java, run on a real broker: a windowed one and a group-state one. */
@ExtendWith(KafkaClusterExtension.class)
class StructuredPipelineIT {
    private static final String TIME_FORMAT = "yyyy-MM-dd HH:mm:ss";
    private static final Schema TRADE =
            SchemaBuilder.record("Trade")
                    .fields()
                    .name("CreatedTime")
                    .type(
                            LogicalTypes.timestampMillis()
                                    .addToSchema(Schema.create(Schema.Type.LONG)))
                    .noDefault()
                    .requiredString("Type")
                    .requiredLong("Amount")
                    .requiredString("BrokerCode")
                    .endRecord();

    private static final Schema CLICK =
            SchemaBuilder.record("Click")
                    .fields()
                    .requiredString("user")
                    .requiredString("action")
                    .endRecord();
    private static final Schema COUNT =
            SchemaBuilder.record("ClickCount")
                    .fields()
                    .requiredString("user")
                    .requiredLong("clicks")
                    .endRecord();

    private final KafkaCluster kafka;

    @TempDir Path state;

    StructuredPipelineIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldSumBuysAndSellsPerFifteenMinutesWhenTheWindowedPipelineIsBuiltInJava() {
        String input = kafka.uniqueTopic("trades");
        String output = kafka.uniqueTopic("trades-windows");
        kafka.createTopics(1, input);
        Topics.produce(
                kafka,
                input,
                List.of(
                        trade("10:05:00", "BUY", 500),
                        trade("10:12:00", "BUY", 300),
                        trade("10:20:00", "BUY", 800),
                        trade("10:40:00", "BUY", 900),
                        trade("10:25:00", "SELL", 400),
                        trade("10:48:00", "SELL", 600),
                        trade("10:50:00", "LOAN", 999)));
        StructuredPipeline pipeline =
                Pipelines.named(kafka.uniqueTopic("trades-windows"))
                        .source(
                                Source.topic(input)
                                        .format("json")
                                        .schema(TRADE)
                                        .option("timestampFormat", TIME_FORMAT))
                        .withWatermark("CreatedTime", Duration.ofMinutes(30))
                        .where("Type IN ('BUY', 'SELL')")
                        .window(Window.tumbling(Duration.ofMinutes(15)))
                        .aggregate(
                                expr("sum(CASE WHEN Type = 'BUY' THEN Amount ELSE 0 END)")
                                        .as("TotalBuy"),
                                expr("sum(CASE WHEN Type = 'SELL' THEN Amount ELSE 0 END)")
                                        .as("TotalSell"))
                        .outputMode(OutputMode.UPDATE)
                        .trigger(new Trigger.AvailableNow())
                        .sink(
                                Sink.topic(output)
                                        .format("json")
                                        .option("timestampFormat", TIME_FORMAT))
                        .build();

        PipelineRunner.Outcome outcome =
                pipeline.run(
                        EngineSettings.of(kafka.bootstrapServers(), "it")
                                .withStateDirectory(state));

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(Topics.readCommittedValues(kafka, output))
                .containsExactlyInAnyOrder(
                        window("10:00:00", "10:15:00", 800, 0),
                        window("10:15:00", "10:30:00", 800, 400),
                        window("10:30:00", "10:45:00", 900, 0),
                        window("10:45:00", "11:00:00", 0, 600));
    }

    @Test
    void shouldTombstoneTheRowsOfMergedSessionsBeforeTheMergedRowWhenTheSinkHasAKey() {
        String input = kafka.uniqueTopic("trades");
        String output = kafka.uniqueTopic("sessions");
        kafka.createTopics(1, input);
        StructuredPipeline pipeline =
                Pipelines.named(kafka.uniqueTopic("sessions"))
                        .source(
                                Source.topic(input)
                                        .format("json")
                                        .schema(TRADE)
                                        .option("timestampFormat", TIME_FORMAT))
                        .withWatermark("CreatedTime", Duration.ofHours(1))
                        .groupBy("BrokerCode")
                        .window(Window.session(Duration.ofMinutes(5)))
                        .aggregate(expr("count(*)").as("Trades"))
                        .outputMode(OutputMode.UPDATE)
                        .trigger(new Trigger.AvailableNow())
                        .sink(
                                Sink.topic(output)
                                        .format("json")
                                        .option("timestampFormat", TIME_FORMAT)
                                        .key(
                                                "concat(BrokerCode, '@', CAST(window_start AS STRING))"))
                        .build();
        EngineSettings settings =
                EngineSettings.of(kafka.bootstrapServers(), "it").withStateDirectory(state);

        Topics.produce(
                kafka, input, List.of(trade("10:00:00", "BUY", 1), trade("10:10:00", "BUY", 2)));
        PipelineRunner.Outcome first = pipeline.run(settings);
        // 10:05 bridges [10:00, 10:05) and [10:10, 10:15) into [10:00, 10:15)
        Topics.produce(kafka, input, List.of(trade("10:05:00", "SELL", 3)));
        PipelineRunner.Outcome second = pipeline.run(settings);
        // 10:14 makes it [10:00, 10:19): the same key, so the new row replaces the old one alone
        Topics.produce(kafka, input, List.of(trade("10:14:00", "BUY", 4)));
        PipelineRunner.Outcome third = pipeline.run(settings);

        assertThat(List.of(first, second, third)).containsOnly(PipelineRunner.Outcome.FINISHED);
        assertThat(records(output))
                .containsExactly(
                        "ABX@2019-02-05 10:00:00 => " + session("10:00:00", "10:05:00", 1),
                        "ABX@2019-02-05 10:10:00 => " + session("10:10:00", "10:15:00", 1),
                        // the merged row takes 10:00's key itself: only 10:10's is deleted
                        "ABX@2019-02-05 10:10:00 => null",
                        "ABX@2019-02-05 10:00:00 => " + session("10:00:00", "10:15:00", 3),
                        "ABX@2019-02-05 10:00:00 => " + session("10:00:00", "10:19:00", 4));
    }

    /** The committed records of {@code topic} as "key => value", a tombstone's value as null. */
    private List<String> records(String topic) {
        List<String> records = new java.util.ArrayList<>();
        for (org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record :
                Topics.readCommitted(kafka, topic)) {
            records.add(
                    new String(record.key(), java.nio.charset.StandardCharsets.UTF_8)
                            + " => "
                            + (record.value() == null
                                    ? "null"
                                    : new String(
                                            record.value(),
                                            java.nio.charset.StandardCharsets.UTF_8)));
        }
        return records;
    }

    private static String session(String start, String end, long trades) {
        return String.format(
                "{\"BrokerCode\":\"ABX\",\"window_start\":\"2019-02-05 %s\","
                        + "\"window_end\":\"2019-02-05 %s\",\"Trades\":%d}",
                start, end, trades);
    }

    @Test
    void shouldCountEachUsersBuysAcrossRunsWhenAGroupStateStepIsBuiltInJava() {
        String input = kafka.uniqueTopic("clicks");
        String output = kafka.uniqueTopic("click-counts");
        kafka.createTopics(1, input);
        StructuredPipeline pipeline =
                Pipelines.named(kafka.uniqueTopic("click-counts"))
                        .source(Source.topic(input).format("json").schema(CLICK))
                        .where("action = 'buy'")
                        .groupBy("user")
                        .mapGroupsWithState(
                                COUNT,
                                StateCodec.longs(),
                                GroupStateTimeout.NO_TIMEOUT,
                                (key, rows, state) -> {
                                    long clicks = state.getOption().orElse(0L) + rows.size();
                                    state.update(clicks);
                                    GenericData.Record row = new GenericData.Record(COUNT);
                                    row.put("user", key.get(0));
                                    row.put("clicks", clicks);
                                    return row;
                                })
                        .withColumn("many", "clicks > 1")
                        .trigger(new Trigger.AvailableNow())
                        .sink(Sink.topic(output).format("json"))
                        .build();
        EngineSettings settings =
                EngineSettings.of(kafka.bootstrapServers(), "it").withStateDirectory(state);

        Topics.produce(
                kafka, input, List.of(click("a", "buy"), click("b", "view"), click("b", "buy")));
        PipelineRunner.Outcome first = pipeline.run(settings);
        Topics.produce(kafka, input, List.of(click("a", "buy")));
        PipelineRunner.Outcome second = pipeline.run(settings);

        assertThat(List.of(first, second)).containsOnly(PipelineRunner.Outcome.FINISHED);
        List<String> rows = Topics.readCommittedValues(kafka, output);
        assertThat(rows.subList(0, 2))
                .containsExactlyInAnyOrder(
                        "{\"user\":\"a\",\"clicks\":1,\"many\":false}",
                        "{\"user\":\"b\",\"clicks\":1,\"many\":false}");
        assertThat(rows.subList(2, rows.size()))
                .containsExactly("{\"user\":\"a\",\"clicks\":2,\"many\":true}");
    }

    private static String click(String user, String action) {
        return String.format("{\"user\": \"%s\", \"action\": \"%s\"}", user, action);
    }

    private static String trade(String time, String type, int amount) {
        return String.format(
                "{\"CreatedTime\": \"2019-02-05 %s\", \"Type\": \"%s\", \"Amount\": %d,"
                        + " \"BrokerCode\": \"ABX\"}",
                time, type, amount);
    }

    private static String window(String start, String end, long buy, long sell) {
        return String.format(
                "{\"window_start\":\"2019-02-05 %s\",\"window_end\":\"2019-02-05 %s\","
                        + "\"TotalBuy\":%d,\"TotalSell\":%d}",
                start, end, buy, sell);
    }
}
