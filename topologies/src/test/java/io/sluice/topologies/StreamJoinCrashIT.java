package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.processor.plan.ErrorHandling;
import io.sluice.processor.plan.InternalTopics;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exactly-once for a stream-stream left join (issue 13): 12,000 impressions and 16,696 clicks
 * ({@link AdClicks}) on two 4-partition topics, joined on the ad within the hour after the
 * impression, impressions with a 10-minute watermark delay and clicks with 20 minutes. The
 * processor is killed with SIGKILL five times as the input's lag passes evenly spaced marks, its
 * local state deleted before every other restart, while more threads than cores spin in the test
 * JVM ({@link BusyThreads}). Then closing rows a day later on every partition take the final
 * watermark past every other row, and a last run goes to the end.
 *
 * <p>Every pair and every impression without one must come out exactly once, equal to the in-memory
 * join; rows without a pair must come out during the killed runs already, as the watermark passes
 * them; no row may be late; and the join store must hold only the rows whose last chance the final
 * watermark has not passed (with their index entries and a counter per task).
 */
@ExtendWith(KafkaClusterExtension.class)
class StreamJoinCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 4;
    private static final int IMPRESSIONS = 12_000;
    private static final int ADS = 8_000;
    private static final int KILLS = 5;
    private static final long SEED = 13;
    private static final long BASE_MS = 1_595_689_200_000L; // 2020-07-25T15:00:00Z
    private static final String STORE = "join"; // the stream-stream join's one store
    private static final Pattern LATE = Pattern.compile("finished: .* late=(\\d+)");

    private final KafkaCluster kafka;

    private Path work;

    StreamJoinCrashIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldEmitEveryPairAndEveryImpressionWithoutOneOnceWhenKilledAndStateIsLost()
            throws Exception {
        String name = kafka.uniqueTopic("adjoin");
        // kept after the run: each process run's log, the pipeline, the input and output rows
        work =
                Files.createDirectories(
                        Path.of(System.getProperty("sluice.test.workdir", "target/it-work"))
                                .toAbsolutePath()
                                .resolve(name));
        AdClicks input = AdClicks.generate(new Random(SEED), IMPRESSIONS, ADS, BASE_MS, PARTITIONS);
        AdClicks all = input.with(input.closing());
        long watermarkMs = all.finalWatermarkMs();
        Map<String, Integer> expected = all.expectedRows(watermarkMs);
        Map<Integer, Long> expectedKeys = all.expectedStoreKeys(watermarkMs, PARTITIONS);
        requireVariedMatches(input);
        System.out.printf(
                "StreamJoinCrashIT: expecting %d rows, %d of them without a click; join store"
                        + " keys per task at the end: %s%n",
                size(expected),
                expected.keySet().stream().filter(row -> row.endsWith("|null|null")).count(),
                expectedKeys);

        Runs runs = killThenClose(name, input);

        assertThat(runs.kills()).isEqualTo(KILLS);
        assertThat(differences(runs.beforeClosing(), expected, true)).isEmpty();
        assertThat(runs.beforeClosing()).containsKey(AdClicks.row(firstWithoutPair(input), null));
        Map<String, Integer> emitted = emitted(name + "-joined");
        assertThat(differences(emitted, expected, false)).isEmpty();
        assertThat(emitted).isEqualTo(expected);
        assertThat(Topics.readCommittedValues(kafka, ErrorHandling.defaultDeadLetterTopic(name)))
                .isEmpty();
        assertThat(lateCounts()).hasSize(2).containsOnly(0L);
        assertThat(storeKeys(name, work.resolve("state"))).isEqualTo(expectedKeys);
    }

    /** What the killed runs did: their kills, and the rows out before the closing rows. */
    private record Runs(int kills, Map<String, Integer> beforeClosing) {}

    /**
     * Runs the join over {@code input} with SIGKILLs while more threads than cores spin, then over
     * its closing rows to the end.
     */
    private Runs killThenClose(String name, AdClicks input) throws Exception {
        String impressions = name + "-impressions";
        String clicks = name + "-clicks";
        String output = name + "-joined";
        kafka.createTopics(PARTITIONS, impressions, clicks);
        produce(input, impressions, clicks);
        requireWritten(impressions, input.impressionRecords(impressions));
        requireWritten(clicks, input.clickRecords(clicks));
        Path pipeline = pipeline(name, impressions, clicks, output);
        Path state = work.resolve("state");
        try (BusyThreads busy = BusyThreads.start(Runtime.getRuntime().availableProcessors() + 1)) {
            long startNanos = System.nanoTime();
            int kills =
                    KilledRuns.run(
                            kafka,
                            name,
                            List.of(impressions, clicks),
                            input.size(),
                            KILLS,
                            pipeline,
                            state,
                            work);
            long killedRunsMs = (System.nanoTime() - startNanos) / 1_000_000;
            Map<String, Integer> beforeClosing = emitted(output);
            produce(input.closing(), impressions, clicks);
            JvmProcess last = KilledRuns.start(kafka, pipeline, state, work, KILLS + 2);
            assertThat(last.waitFor(Duration.ofMinutes(3))).as(last.output()).isZero();
            System.out.printf(
                    "StreamJoinCrashIT: %d kills over %d rows in %d ms, %d spinning threads;"
                            + " %d rows out before the closing run, files under %s%n",
                    kills, input.size(), killedRunsMs, busy.count(), size(beforeClosing), work);
            return new Runs(kills, beforeClosing);
        }
    }

    /**
     * Checks that the data tests what it should: impressions with no click within the hour, with
     * one and with several, and clicks that meet no impression.
     */
    private static void requireVariedMatches(AdClicks input) {
        int[] byPairs = new int[3];
        for (List<AdClicks.Click> pairs : input.pairs().values()) {
            byPairs[Math.min(2, pairs.size())]++;
        }
        System.out.printf(
                "StreamJoinCrashIT: impressions with 0, 1, several clicks: %d, %d, %d;"
                        + " clicks meeting none: %d%n",
                byPairs[0], byPairs[1], byPairs[2], input.unmatchedClicks());
        assertThat(List.of(byPairs[0], byPairs[1], byPairs[2]))
                .as("impressions with 0, 1, several clicks")
                .allMatch(count -> count > IMPRESSIONS / 10);
        assertThat(input.unmatchedClicks()).isGreaterThan(IMPRESSIONS / 20);
    }

    /** The first impression of the input without a pair: its null row comes out mid-run. */
    private static AdClicks.Impression firstWithoutPair(AdClicks input) {
        return input.pairs().entrySet().stream()
                .filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .min((a, b) -> Long.compare(a.shownAtMs(), b.shownAtMs()))
                .orElseThrow();
    }

    /** Produces the input rows to the two topics. */
    private void produce(AdClicks rows, String impressions, String clicks) {
        Topics.produceRecords(kafka, impressions, rows.impressionRecords(impressions));
        Topics.produceRecords(kafka, clicks, rows.clickRecords(clicks));
    }

    /**
     * Checks that each partition of {@code topic} holds exactly {@code records}' values, in order:
     * a test producer's retry could write one twice, which would fail the test for no fault of the
     * processor.
     */
    private void requireWritten(String topic, List<ProducerRecord<byte[], byte[]>> records)
            throws IOException {
        Map<Integer, List<String>> expected = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            expected.computeIfAbsent(record.partition(), p -> new ArrayList<>())
                    .add(new String(record.value(), StandardCharsets.UTF_8));
        }
        Map<Integer, List<String>> written = new HashMap<>();
        List<String> dump = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka, topic)) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            written.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(value);
            dump.add(record.partition() + "@" + record.offset() + " " + value);
        }
        Files.write(work.resolve(topic + ".txt"), dump);
        assertThat(written).as("the input written to %s", topic).isEqualTo(expected);
    }

    private Path pipeline(String name, String impressions, String clicks, String output)
            throws IOException {
        Files.writeString(work.resolve("impression.avsc"), AdClicks.IMPRESSION_SCHEMA);
        Files.writeString(work.resolve("click.avsc"), AdClicks.CLICK_SCHEMA);
        String yaml =
                String.join(
                        "\n",
                        "name: " + name,
                        "source: {topic: "
                                + impressions
                                + ", format: json, schema: impression.avsc, timestamp: ShownAt,"
                                + " watermark: 10m}",
                        "trigger: {availableNow: true}",
                        "maxRecordsPerBatch: 2000",
                        "steps:",
                        "  - join:",
                        "      stream: {topic: "
                                + clicks
                                + ", format: json, schema: click.avsc, timestamp: ClickedAt,"
                                + " watermark: 20m}",
                        "      on: AdID",
                        "      type: left",
                        "      between: [0s, 1h]",
                        "sink: {topic: " + output + ", format: json}",
                        "");
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The joined rows committed to {@code topic}, as {@link AdClicks#row} text, with counts. */
    private Map<String, Integer> emitted(String topic) throws IOException {
        Map<String, Integer> rows = new HashMap<>();
        List<String> dump = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka, topic)) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            dump.add(record.partition() + "@" + record.offset() + " " + value);
            JsonNode row = JSON.readTree(value);
            String text =
                    String.join(
                            "|",
                            text(row, "Id"),
                            text(row, "AdID"),
                            text(row, "ShownAt"),
                            text(row, "ClickId"),
                            text(row, "ClickedAt"));
            rows.merge(text, 1, Integer::sum);
        }
        Files.write(work.resolve(topic + ".txt"), dump);
        return rows;
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? "null" : value.asText();
    }

    private static int size(Map<String, Integer> rows) {
        return rows.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The rows whose count differs, as "row: emitted X, expected Y", sorted; with {@code partial},
     * rows missing so far (emitted less often than expected, or not yet) are no difference.
     */
    private static List<String> differences(
            Map<String, Integer> emitted, Map<String, Integer> expected, boolean partial) {
        TreeSet<String> rows = new TreeSet<>(emitted.keySet());
        rows.addAll(expected.keySet());
        List<String> differences = new ArrayList<>();
        for (String row : rows) {
            int got = emitted.getOrDefault(row, 0);
            int want = expected.getOrDefault(row, 0);
            if (partial ? got > want : got != want) {
                differences.add(row + ": emitted " + got + ", expected " + want);
            }
        }
        return differences;
    }

    /**
     * The late rows each run that finished counted (the last killed-runs one and the closing one),
     * from the line it prints at the end.
     */
    private List<Long> lateCounts() throws IOException {
        List<Long> counts = new ArrayList<>();
        try (Stream<Path> logs = Files.list(work)) {
            for (Path log :
                    logs.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
                Matcher late = LATE.matcher(Files.readString(log));
                if (late.find()) {
                    counts.add(Long.parseLong(late.group(1)));
                }
            }
        }
        return counts;
    }

    /** Per task (repartition partition), the keys in its join store, read from its RocksDB. */
    private static Map<Integer, Long> storeKeys(String name, Path state) {
        Map<Integer, Long> counts = new HashMap<>();
        try (StateStores stores = StateStores.open(StateSettings.defaults(state))) {
            for (int task = 0; task < PARTITIONS; task++) {
                TaskStoreId id =
                        new TaskStoreId(name, InternalTopics.repartition(name) + "-" + task);
                try (TaskStore store = stores.openTask(id, Set.of(STORE))) {
                    counts.put(task, store.countKeys(STORE));
                }
            }
        }
        return counts;
    }
}
