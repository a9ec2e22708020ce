package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.processor.stateful.RocksDbWindowStore;
import io.sluice.processor.window.WindowSpec;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windowed aggregations on a real broker with RocksDB state: Structured Streaming's results for the
 * same input in the same batches (one availableNow run is one batch), state kept across runs.
 */
@ExtendWith(KafkaClusterExtension.class)
class WindowedAggregationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema TIMESTAMP =
            org.apache.avro.LogicalTypes.timestampMillis()
                    .addToSchema(Schema.create(Schema.Type.LONG));
    private static final Schema TRADE =
            SchemaBuilder.record("Trade")
                    .fields()
                    .name("CreatedTime")
                    .type(TIMESTAMP)
                    .noDefault()
                    .requiredString("Type")
                    .requiredInt("Amount")
                    .requiredString("BrokerCode")
                    .endRecord();
    private static final Schema EVENT =
            SchemaBuilder.record("Event")
                    .fields()
                    .requiredString("phone")
                    .requiredString("action")
                    .name("time")
                    .type(TIMESTAMP)
                    .noDefault()
                    .endRecord();

    private final KafkaCluster kafka;

    @TempDir Path state;

    private EngineRuns runs;

    @BeforeEach
    void newRuns() {
        runs = new EngineRuns(kafka, state);
    }

    WindowedAggregationIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldSumBuysAndSellsPerFifteenMinutesWhenAggregatingTheTrades() throws Exception {
        String input = kafka.uniqueTopic("trades");
        String output = kafka.uniqueTopic("trades-windows");
        kafka.createTopics(1, input);
        Topics.produce(
                kafka,
                input,
                List.of(
                        trade("2019-02-05 10:05:00", "BUY", 500),
                        trade("2019-02-05 10:12:00", "BUY", 300),
                        trade("2019-02-05 10:20:00", "BUY", 800),
                        trade("2019-02-05 10:40:00", "BUY", 900),
                        trade("2019-02-05 10:25:00", "SELL", 400),
                        trade("2019-02-05 10:48:00", "SELL", 600)));
        Map<String, String> aggregates = new LinkedHashMap<>();
        aggregates.put("TotalBuy", "sum(CASE WHEN Type = 'BUY' THEN Amount ELSE 0 END)");
        aggregates.put("TotalSell", "sum(CASE WHEN Type = 'SELL' THEN Amount ELSE 0 END)");
        PipelinePlan plan =
                WindowedPipelines.plan(
                        kafka.uniqueTopic("trades-agg"),
                        input,
                        output,
                        TRADE,
                        "CreatedTime",
                        new WindowSpec.Tumbling(Duration.ofMinutes(15)),
                        List.of(),
                        aggregates,
                        OutputMode.UPDATE,
                        Optional.of(Duration.ofMinutes(30)));

        runs.run(plan);

        assertThat(rows(output, "TotalBuy", "TotalSell"))
                .containsExactlyInAnyOrder(
                        "2019-02-05 10:00:00 800 0",
                        "2019-02-05 10:15:00 800 400",
                        "2019-02-05 10:30:00 900 0",
                        "2019-02-05 10:45:00 0 600");
    }

    @Test
    void shouldEmitChangedCountsPerBatchInUpdateModeWhenEventsArriveInThreeBatches()
            throws Exception {
        String input = kafka.uniqueTopic("events");
        String output = kafka.uniqueTopic("counts");
        kafka.createTopics(1, input);
        PipelinePlan plan =
                WindowedPipelines.plan(
                        kafka.uniqueTopic("mobile"),
                        input,
                        output,
                        EVENT,
                        "time",
                        new WindowSpec.Tumbling(Duration.ofHours(1)),
                        List.of("action"),
                        Map.of("count", "count(*)"),
                        OutputMode.UPDATE,
                        Optional.of(Duration.ofMinutes(10)));
        List<List<String>> perBatch = new ArrayList<>();
        int seen = 0;

        for (List<String> batch :
                List.of(
                        List.of(event("phone1", "open", "02:01"), event("phone2", "open", "01:58")),
                        List.of(
                                event("phone1", "close", "02:03"),
                                event("phone3", "open", "01:59")),
                        List.of(event("phone1", "open", "02:05")))) {
            Topics.produce(kafka, input, batch);
            runs.run(plan);
            List<String> all = rows(output, "action", "count");
            perBatch.add(all.subList(seen, all.size()));
            seen = all.size();
        }

        assertThat(perBatch.get(0))
                .containsExactlyInAnyOrder(
                        "2024-01-01 01:00:00 open 1", "2024-01-01 02:00:00 open 1");
        assertThat(perBatch.get(1))
                .containsExactlyInAnyOrder(
                        "2024-01-01 01:00:00 open 2", "2024-01-01 02:00:00 close 1");
        assertThat(perBatch.get(2)).containsExactly("2024-01-01 02:00:00 open 2");
    }

    @Test
    void shouldEmitClosedWindowsOnceDeadLetterLateRecordsAndDropTheirStateInAppendMode()
            throws Exception {
        String input = kafka.uniqueTopic("events");
        String output = kafka.uniqueTopic("closed");
        kafka.createTopics(1, input);
        PipelinePlan plan =
                WindowedPipelines.plan(
                        kafka.uniqueTopic("append"),
                        input,
                        output,
                        EVENT,
                        "time",
                        new WindowSpec.Tumbling(Duration.ofHours(1)),
                        List.of("action"),
                        Map.of("count", "count(*)"),
                        OutputMode.APPEND,
                        Optional.of(Duration.ofMinutes(10)));

        Topics.produce(
                kafka, input, List.of(event("a", "open", "01:10"), event("b", "open", "01:20")));
        runs.run(plan);
        List<String> afterFirst = rows(output, "action", "count");
        Topics.produce(kafka, input, List.of(event("c", "open", "02:30")));
        runs.run(plan);
        List<String> afterSecond = rows(output, "action", "count");
        Topics.produce(
                kafka, input, List.of(event("late", "open", "01:50"), event("d", "open", "02:40")));
        PipelineRunner third = runs.runner(plan);
        third.run();
        List<String> afterThird = rows(output, "action", "count");

        assertThat(afterFirst).isEmpty();
        assertThat(afterSecond).containsExactly("2024-01-01 01:00:00 open 2");
        assertThat(afterThird).containsExactly("2024-01-01 01:00:00 open 2");
        assertThat(third.totals().late()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> dead =
                Topics.readCommitted(kafka, plan.deadLetterTopic());
        assertThat(dead).hasSize(1);
        assertThat(Topics.header(dead.get(0), DeadLetters.STAGE)).isEqualTo("late");
        assertThat(new String(dead.get(0).value(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"late\"");
        // the closed 01:00 window is gone; only the open 02:00 window is left
        assertThat(windowKeys(plan, input)).containsExactly(1L, 1L);
    }

    @Test
    void shouldJoinThePhonesOfAClosedWindowInArrivalOrderWhenStringAggSpansTwoRuns()
            throws Exception {
        String input = kafka.uniqueTopic("events");
        String output = kafka.uniqueTopic("phones");
        kafka.createTopics(1, input);
        Map<String, String> aggregates = new LinkedHashMap<>();
        aggregates.put("phones", "string_agg(phone, ',')");
        aggregates.put("actions", "concat_ws('|', collect_list(action))");
        PipelinePlan plan =
                WindowedPipelines.plan(
                        kafka.uniqueTopic("string-agg"),
                        input,
                        output,
                        EVENT,
                        "time",
                        new WindowSpec.Tumbling(Duration.ofHours(1)),
                        List.of(),
                        aggregates,
                        OutputMode.APPEND,
                        Optional.of(Duration.ofMinutes(10)));

        Topics.produce(
                kafka, input, List.of(event("b", "open", "01:10"), event("a", "close", "01:20")));
        runs.run(plan);
        List<String> afterFirst = rows(output, "phones", "actions");
        // the second run restores b and a from the state the first one committed
        Topics.produce(
                kafka, input, List.of(event("c", "open", "01:30"), event("d", "open", "02:30")));
        runs.run(plan);

        assertThat(afterFirst).isEmpty();
        assertThat(rows(output, "phones", "actions"))
                .containsExactly("2024-01-01 01:00:00 b,a,c open|close|open");
    }

    @Test
    void shouldEmitSlidingWindowsFromPanesAndDropThePanesTheWatermarkClosedInAppendMode()
            throws Exception {
        String input = kafka.uniqueTopic("events");
        String output = kafka.uniqueTopic("sliding");
        kafka.createTopics(1, input);
        PipelinePlan plan =
                WindowedPipelines.plan(
                        kafka.uniqueTopic("panes"),
                        input,
                        output,
                        EVENT,
                        "time",
                        new WindowSpec.Sliding(Duration.ofHours(1), Duration.ofMinutes(30)),
                        List.of("action"),
                        Map.of("count", "count(*)"),
                        OutputMode.APPEND,
                        Optional.of(Duration.ofMinutes(10)));

        Topics.produce(
                kafka,
                input,
                List.of(
                        event("a", "open", "01:10"),
                        event("b", "open", "01:20"),
                        event("c", "open", "01:40")));
        runs.run(plan);
        List<String> afterFirst = rows(output, "action", "count");
        Topics.produce(kafka, input, List.of(event("d", "open", "02:40")));
        runs.run(plan);
        List<String> afterSecond = rows(output, "action", "count");

        assertThat(plan.stateful().orElseThrow().aggregation().orElseThrow().panesApply()).isTrue();
        assertThat(afterFirst).containsExactly("2024-01-01 00:30:00 open 2");
        assertThat(afterSecond.subList(1, afterSecond.size()))
                .containsExactlyInAnyOrder(
                        "2024-01-01 01:00:00 open 3", "2024-01-01 01:30:00 open 1");
        // the 01:00 and 01:30 panes went with their last windows; the 02:30 pane is left
        assertThat(windowKeys(plan, input)).containsExactly(1L, 1L);
    }

    @Test
    void shouldKeepOneCountPerGroupAcrossRunsWhenTheAggregationHasNoWindow() throws Exception {
        String input = kafka.uniqueTopic("events");
        String output = kafka.uniqueTopic("totals");
        kafka.createTopics(1, input);
        PipelinePlan plan =
                WindowedPipelines.plan(
                        kafka.uniqueTopic("global"),
                        input,
                        output,
                        EVENT,
                        "time",
                        new WindowSpec.Global(),
                        List.of("action"),
                        Map.of("count", "count(*)"),
                        OutputMode.UPDATE,
                        Optional.of(Duration.ofMinutes(10)));

        Topics.produce(
                kafka,
                input,
                List.of(
                        event("a", "open", "01:10"),
                        event("b", "close", "01:20"),
                        event("c", "open", "05:00")));
        runs.run(plan);
        Topics.produce(kafka, input, List.of(event("d", "open", "00:01")));
        PipelineRunner second = runs.runner(plan);
        second.run();

        assertThat(Topics.readCommittedValues(kafka, output))
                .containsExactly(
                        "{\"action\":\"open\",\"count\":2}",
                        "{\"action\":\"close\",\"count\":1}",
                        "{\"action\":\"open\",\"count\":3}");
        assertThat(second.totals().late()).isZero();
        assertThat(windowKeys(plan, input).get(0)).isEqualTo(2L);
    }

    @Test
    void shouldEmitEachEventTimeGroupOnceAndDeadLetterItsLateRowsWhenAppendHasNoWindow()
            throws Exception {
        String input = kafka.uniqueTopic("events");
        String output = kafka.uniqueTopic("per-time");
        kafka.createTopics(1, input);
        PipelinePlan plan =
                WindowedPipelines.plan(
                        kafka.uniqueTopic("per-time"),
                        input,
                        output,
                        EVENT,
                        "time",
                        new WindowSpec.Global(),
                        List.of("time", "action"),
                        Map.of("count", "count(*)"),
                        OutputMode.APPEND,
                        Optional.of(Duration.ofMinutes(10)));
        List<List<String>> perRun = new ArrayList<>();
        int seen = 0;
        PipelineRunner last = null;

        for (List<String> batch :
                List.of(
                        List.of(
                                event("a", "open", "01:10"),
                                event("b", "open", "01:10"),
                                event("c", "open", "01:15")),
                        List.of(event("d", "open", "01:25")),
                        // 01:15 is late: the watermark in effect is 01:25 - 10m = 01:15
                        List.of(event("late", "open", "01:15"), event("e", "open", "01:40")))) {
            Topics.produce(kafka, input, batch);
            last = runs.runner(plan);
            last.run();
            List<String> all = Topics.readCommittedValues(kafka, output);
            perRun.add(all.subList(seen, all.size()));
            seen = all.size();
        }

        assertThat(perRun.get(0)).isEmpty();
        assertThat(perRun.get(1))
                .containsExactly(
                        "{\"time\":\"2024-01-01 01:10:00\",\"action\":\"open\",\"count\":2}",
                        "{\"time\":\"2024-01-01 01:15:00\",\"action\":\"open\",\"count\":1}");
        assertThat(perRun.get(2))
                .containsExactly(
                        "{\"time\":\"2024-01-01 01:25:00\",\"action\":\"open\",\"count\":1}");
        assertThat(last.totals().late()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> dead =
                Topics.readCommitted(kafka, plan.deadLetterTopic());
        assertThat(dead).hasSize(1);
        assertThat(Topics.header(dead.get(0), DeadLetters.STAGE)).isEqualTo("late");
        // only the 01:40 group is left in the store and its expiry index
        assertThat(windowKeys(plan, input)).containsExactly(1L, 1L);
    }

    @Test
    void shouldGiveTheSameRowsPerRunWhenTheEventsAreSpreadOverThreePartitions() throws Exception {
        String input = kafka.uniqueTopic("spread");
        String output = kafka.uniqueTopic("counts");
        kafka.createTopics(3, input);
        PipelinePlan plan =
                WindowedPipelines.plan(
                        kafka.uniqueTopic("spread"),
                        input,
                        output,
                        EVENT,
                        "time",
                        new WindowSpec.Tumbling(Duration.ofHours(1)),
                        List.of("action"),
                        Map.of("count", "count(*)"),
                        OutputMode.UPDATE,
                        Optional.of(Duration.ofMinutes(10)));
        List<List<String>> perRun = new ArrayList<>();
        List<String> before = new ArrayList<>();
        int first = 0;

        // each run reads its input and, in a second batch, the rows moved to their group's task
        for (List<String> batch :
                List.of(
                        List.of(event("phone1", "open", "02:01"), event("phone2", "open", "01:58")),
                        List.of(
                                event("phone1", "close", "02:03"),
                                event("phone3", "open", "01:59")),
                        List.of(event("phone1", "open", "02:05")))) {
            produceRoundRobin(input, 3, batch, first++);
            runs.run(plan);
            // the output has three partitions: what a run added is the difference, not a suffix
            List<String> added = new ArrayList<>(rows(output, "action", "count"));
            before.forEach(added::remove);
            perRun.add(added);
            before.addAll(added);
        }

        assertThat(perRun.get(0))
                .containsExactlyInAnyOrder(
                        "2024-01-01 01:00:00 open 1", "2024-01-01 02:00:00 open 1");
        assertThat(perRun.get(1))
                .containsExactlyInAnyOrder(
                        "2024-01-01 01:00:00 open 2", "2024-01-01 02:00:00 close 1");
        assertThat(perRun.get(2)).containsExactly("2024-01-01 02:00:00 open 2");
    }

    @Test
    void shouldDeadLetterALateRowAsJsonOfItsMovedColumnsNamingItsInputAfterTheRepartitionTopic()
            throws Exception {
        String input = kafka.uniqueTopic("spread");
        String output = kafka.uniqueTopic("closed");
        kafka.createTopics(2, input);
        PipelinePlan plan =
                WindowedPipelines.plan(
                        kafka.uniqueTopic("spread-append"),
                        input,
                        output,
                        EVENT,
                        "time",
                        new WindowSpec.Tumbling(Duration.ofHours(1)),
                        List.of("action"),
                        Map.of("count", "count(*)"),
                        OutputMode.APPEND,
                        Optional.of(Duration.ofMinutes(10)));

        // a task's watermark is the minimum over the source partitions feeding it: 02:20 here
        produceRoundRobin(
                input,
                2,
                List.of(
                        event("a", "open", "01:10"),
                        event("b", "open", "01:20"),
                        event("c", "open", "02:30"),
                        event("d", "open", "02:40")),
                0);
        runs.run(plan);
        produceRoundRobin(input, 2, List.of(event("late", "open", "01:50")), 1);
        PipelineRunner second = runs.runner(plan);
        second.run();

        assertThat(rows(output, "action", "count")).containsExactly("2024-01-01 01:00:00 open 2");
        assertThat(second.totals().late()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> dead =
                Topics.readCommitted(kafka, plan.deadLetterTopic());
        assertThat(dead).hasSize(1);
        assertThat(Topics.header(dead.get(0), DeadLetters.STAGE)).isEqualTo("late");
        assertThat(Topics.header(dead.get(0), DeadLetters.SOURCE_TOPIC)).isEqualTo(input);
        assertThat(Topics.header(dead.get(0), DeadLetters.SOURCE_PARTITION)).isEqualTo("1");
        assertThat(Topics.header(dead.get(0), DeadLetters.SOURCE_OFFSET)).isEqualTo("2");
        // only the columns the aggregation reads crossed the topic: the headers find the rest
        JsonNode row = JSON.readTree(dead.get(0).value());
        assertThat(row.get("action").asText()).isEqualTo("open");
        assertThat(row.has("phone")).isFalse();
    }

    @Test
    void shouldCloseAWindowWithoutNewInputWhenTheWatermarkAdvancesOnAQuietTopic() throws Exception {
        String input = kafka.uniqueTopic("quiet");
        String output = kafka.uniqueTopic("closed");
        kafka.createTopics(1, input);
        PipelinePlan plan =
                WindowedPipelines.quietAdvancing(
                        WindowedPipelines.plan(
                                        kafka.uniqueTopic("quiet"),
                                        input,
                                        output,
                                        EVENT,
                                        "time",
                                        new WindowSpec.Tumbling(Duration.ofMinutes(1)),
                                        List.of("action"),
                                        Map.of("count", "count(*)"),
                                        OutputMode.APPEND,
                                        Optional.of(Duration.ofSeconds(2)))
                                .withTrigger(new Trigger.AsFastAsPossible()),
                        Duration.ofSeconds(1));
        // the 01:00 window ends 3 s after the watermark this input gives: 2 s delay + 1 s
        Topics.produce(
                kafka,
                input,
                List.of(
                        event("a", "open", "01:00"),
                        "{\"phone\": \"b\", \"action\": \"open\", \"time\": \"2024-01-01"
                                + " 01:00:59\"}"));
        PipelineRunner runner = runs.runner(plan);
        Thread thread = new Thread(runner::run, "quiet-runner");
        thread.start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !rows(output, "action", "count").isEmpty());
            assertThat(rows(output, "action", "count"))
                    .containsExactly("2024-01-01 01:00:00 open 2");
        } finally {
            runner.stop();
            thread.join(Duration.ofSeconds(60).toMillis());
        }
        assertThat(thread.isAlive()).isFalse();
    }

    /**
     * Sends {@code values} to partitions {@code first}, {@code first + 1}, ... modulo {@code n}.
     */
    private void produceRoundRobin(String topic, int n, List<String> values, int first) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            records.add(
                    new ProducerRecord<>(
                            topic,
                            (first + i) % n,
                            null,
                            values.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        Topics.produceRecords(kafka, topic, records);
    }

    /** The output rows as "window_start col1 col2 ...", in the order they were written. */
    private List<String> rows(String topic, String... columns) throws Exception {
        return runs.rows(
                topic,
                row -> {
                    StringBuilder line = new StringBuilder(row.get("window_start").asText());
                    for (String column : columns) {
                        line.append(' ').append(row.get(column).asText().replaceAll("\\.0$", ""));
                    }
                    return line.toString();
                });
    }

    /** The keys left in the windows store and the expiry index of the task of {@code input}. */
    private List<Long> windowKeys(PipelinePlan plan, String input) {
        return runs.keyCounts(
                plan, input + "-0", RocksDbWindowStore.WINDOWS, RocksDbWindowStore.EXPIRY);
    }

    private static String trade(String time, String type, int amount) {
        return String.format(
                "{\"CreatedTime\": \"%s\", \"Type\": \"%s\", \"Amount\": %d, \"BrokerCode\": \"ABX\"}",
                time, type, amount);
    }

    private static String event(String phone, String action, String time) {
        return String.format(
                "{\"phone\": \"%s\", \"action\": \"%s\", \"time\": \"2024-01-01 %s:00\"}",
                phone, action, time);
    }
}
