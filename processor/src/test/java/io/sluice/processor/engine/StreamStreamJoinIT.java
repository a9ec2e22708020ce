package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.InternalTopics;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream-stream joins on a real broker: impressions (left, watermark 10m) and clicks (right,
 * watermark 20m), a click joining an impression of its ad within the hour after it. Three
 * availableNow runs; the rows each run adds are checked, so the run in which a row without a match
 * comes out (once the watermark passes its last chance) is checked too.
 *
 * <p>The watermark after run 1 is 10:00 (impressions to 10:10 less 10m; clicks to 12:00 less 20m
 * give 11:40); after run 2, 12:15 (clicks to 12:35 less 20m), which passes the last chance of the
 * impressions of 10:00-10:10 (+1h) and of the clicks up to 12:00; after run 3, 14:50.
 */
@ExtendWith(KafkaClusterExtension.class)
class StreamStreamJoinIT {
    private static final String IMPRESSION =
            "{\"type\":\"record\",\"name\":\"Impression\",\"fields\":["
                    + "{\"name\":\"Id\",\"type\":\"string\"},"
                    + "{\"name\":\"AdID\",\"type\":[\"null\",\"string\"]},"
                    + "{\"name\":\"ShownAt\",\"type\":\"long\"}]}";
    private static final String CLICK =
            "{\"type\":\"record\",\"name\":\"Click\",\"fields\":["
                    + "{\"name\":\"ClickId\",\"type\":\"string\"},"
                    + "{\"name\":\"AdID\",\"type\":\"string\"},"
                    + "{\"name\":\"ClickedAt\",\"type\":\"long\"}]}";

    private final KafkaCluster kafka;
    @TempDir Path state;
    @TempDir Path files;
    private EngineRuns runs;
    private String impressions;
    private String clicks;
    private String output;

    StreamStreamJoinIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void topics() throws IOException {
        runs = new EngineRuns(kafka, state);
        impressions = kafka.uniqueTopic("impressions");
        clicks = kafka.uniqueTopic("clicks");
        output = kafka.uniqueTopic("joined");
        kafka.createTopics(1, impressions, clicks);
        Files.writeString(files.resolve("impression.avsc"), IMPRESSION);
        Files.writeString(files.resolve("click.avsc"), CLICK);
    }

    @Test
    void shouldJoinClicksWithinTheHourWhenInner() throws Exception {
        List<List<String>> added = threeRuns("inner", "between: [0s, 1h]");

        assertThat(added)
                .containsExactly(List.of("I1 K1"), List.of("I3 K4", "I4 K5"), List.of("G1 KG"));
    }

    @Test
    void shouldEmitImpressionsWithoutClicksOnceTheWatermarkPassesWhenLeftOuter() throws Exception {
        List<List<String>> added = threeRuns("left", "between: [0s, 1h]");

        assertThat(added)
                .containsExactly(
                        List.of("I1 K1"), List.of("I2 null", "I3 K4", "I4 K5"), List.of("G1 KG"));
    }

    @Test
    void shouldEmitClicksWithoutImpressionsOnceTheWatermarkPassesWhenRightOuter() throws Exception {
        List<List<String>> added = threeRuns("right", "between: [0s, 1h]");

        assertThat(added)
                .containsExactly(
                        List.of("I1 K1"),
                        List.of("I3 K4", "I4 K5", "null K2", "null K3"),
                        List.of("G1 KG"));
    }

    @Test
    void shouldEmitBothSidesWithoutAMatchWhenFullOuter() throws Exception {
        List<List<String>> added = threeRuns("full", "between: [0s, 1h]");

        assertThat(added)
                .containsExactly(
                        List.of("I1 K1"),
                        List.of("I2 null", "I3 K4", "I4 K5", "null K2", "null K3"),
                        List.of("G1 KG"));
        // left: G1 (to 16:00), right: KG (to 15:10); an index entry each, and the row counter
        assertThat(
                        runs.keyCounts(
                                lastPlan,
                                InternalTopics.repartition(lastPlan.name()) + "-0",
                                "join"))
                .containsExactly(5L);
    }

    @Test
    void shouldEmitEachClickedImpressionOnceWhenLeftSemi() throws Exception {
        List<List<String>> added = threeRuns("leftSemi", "between: [0s, 1h]");

        assertThat(added).containsExactly(List.of("I1"), List.of("I3", "I4"), List.of("G1"));
    }

    @Test
    void shouldJoinRowsOfTheSameHourWhenTheConditionIsAWindow() throws Exception {
        List<List<String>> added = threeRuns("left", "window: 1h");

        // same-hour pairs: I1 (10:00) with K1 (10:30), I3 (10:10) with K4 (10:50), I4 (12:30)
        // with K5 (12:35); B's impression (10:05) and click (12:00) fall in different hours
        assertThat(added)
                .containsExactly(
                        List.of("I1 K1"), List.of("I2 null", "I3 K4", "I4 K5"), List.of("G1 KG"));
    }

    private PipelinePlan lastPlan;

    /** Runs the three batches of the scenario; the sorted rows each run adds. */
    private List<List<String>> threeRuns(String type, String condition) throws Exception {
        PipelinePlan plan = plan(type, condition);
        lastPlan = plan;
        List<List<String>> added = new ArrayList<>();
        impressions(impression("I1", "A", 10, 0), impression("I2", "B", 10, 5));
        impressions(impression("I3", "C", 10, 10));
        clicks(click("K1", "A", 10, 30), click("K2", "B", 12, 0), click("K3", "D", 10, 20));
        runs.run(plan);
        added.add(newRows(added));
        impressions(impression("I4", "E", 12, 30));
        clicks(click("K4", "C", 10, 50), click("K5", "E", 12, 35));
        runs.run(plan);
        added.add(newRows(added));
        // F1 (11:00) is behind the watermark of 12:15: late
        impressions(impression("F1", "A", 11, 0), impression("G1", "G", 15, 0));
        clicks(click("KG", "G", 15, 10));
        BatchCounters third = runs.run(plan);
        added.add(newRows(added));
        assertThat(third.late()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> dead =
                Topics.readCommitted(kafka, plan.deadLetterTopic());
        assertThat(dead).hasSize(1);
        assertThat(Topics.header(dead.get(0), DeadLetters.STAGE)).isEqualTo("late");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).contains("\"F1\"");
        return added;
    }

    private List<String> newRows(List<List<String>> before) throws IOException {
        List<String> all =
                runs.rows(
                        output,
                        row ->
                                (row.has("Id") ? row.get("Id").asText() : "")
                                        + (row.has("ClickId")
                                                ? " " + row.get("ClickId").asText()
                                                : ""));
        int seen = before.stream().mapToInt(List::size).sum();
        List<String> added = new ArrayList<>(all.subList(seen, all.size()));
        added.sort(null);
        return added;
    }

    private PipelinePlan plan(String type, String condition) throws IOException {
        String yaml =
                "name: "
                        + kafka.uniqueTopic("ssjoin")
                        + "\n"
                        + "source: {topic: "
                        + impressions
                        + ", format: json, schema: impression.avsc, timestamp: ShownAt,"
                        + " watermark: 10m}\n"
                        + "trigger: {availableNow: true}\n"
                        + "steps:\n"
                        + "  - join:\n"
                        + "      stream: {topic: "
                        + clicks
                        + ", format: json, schema: click.avsc, timestamp: ClickedAt,"
                        + " watermark: 20m}\n"
                        + "      on: AdID\n"
                        + "      type: "
                        + type
                        + "\n"
                        + "      "
                        + condition
                        + "\n"
                        + (type.equals("leftSemi")
                                ? "  - select: [Id]\n"
                                : "  - select: [Id, ClickId]\n")
                        + "sink: {topic: "
                        + output
                        + ", format: json}\n";
        Path file = files.resolve("pipeline-" + type + ".yaml");
        Files.writeString(file, yaml);
        return PipelineFile.compile(file);
    }

    private void impressions(String... values) {
        Topics.produce(kafka, impressions, List.of(values));
    }

    private void clicks(String... values) {
        Topics.produce(kafka, clicks, List.of(values));
    }

    private static long at(int hour, int minute) {
        return (hour * 60L + minute) * 60_000L;
    }

    private static String impression(String id, String ad, int hour, int minute) {
        return String.format(
                "{\"Id\": \"%s\", \"AdID\": \"%s\", \"ShownAt\": %d}", id, ad, at(hour, minute));
    }

    private static String click(String id, String ad, int hour, int minute) {
        return String.format(
                "{\"ClickId\": \"%s\", \"AdID\": \"%s\", \"ClickedAt\": %d}",
                id, ad, at(hour, minute));
    }
}
