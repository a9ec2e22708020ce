package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chaos suite of issue 12 ("Never lose a row, never wedge"): each kind of stateful step over a
 * 4-partition source not keyed by its group (so rows move through the repartition topic), its
 * processor killed with SIGKILL at random moments, its local state deleted before some restarts
 * (and corrupted before others with {@code -Dsluice.chaos.corrupt=true}), the broker restarted once
 * in the middle, and more spinning threads than cores throughout. The output, read with
 * read_committed, must equal an in-memory oracle over the same input, and the dead-letter topic
 * must hold exactly the poison records mixed into it.
 *
 * <p>What the oracle fixes, per kind:
 *
 * <ul>
 *   <li>append mode (tumbling windows, session windows, running totals) and dropDuplicates: the
 *       exact rows, every one exactly once, nothing else;
 *   <li>update mode (sliding windows) and the per-batch totals of the group-state function and the
 *       DStream job: for each window or store, the last row written equals the oracle's value over
 *       the whole input, no row's values exceed it (no batch boundary could give such a row), a
 *       key's values never go down from one row to the next (a lost or replayed update would), and
 *       every expected key and no other is written. Which intermediate rows appear depends on batch
 *       boundaries, so those are not compared.
 * </ul>
 *
 * <p>The DStream job runs one instance reading every partition (the job has no repartitioning) on
 * an interval trigger while its input arrives; the others run availableNow over input written
 * first. Every random choice comes from a seed printed at the start (replay with {@code
 * -Dsluice.chaos.seed=N}); {@code -Dsluice.chaos=long} runs the long form. Each run's files (logs,
 * broker log) stay under {@code target/it-work/chaos-SEED}. See docs/testing.md for the figures.
 */
class ChaosIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 4;
    private static final int MAX_RECORDS_PER_BATCH = 1_000;
    private static final long TUMBLING_MS = Duration.ofMinutes(15).toMillis();
    private static final long SLIDING_MS = Duration.ofMinutes(10).toMillis();
    private static final long SLIDE_MS = Duration.ofMinutes(5).toMillis();
    private static final long SESSION_GAP_MS = Duration.ofMinutes(5).toMillis();
    private static final int COPY_DISTANCE = 500;
    private static final int FLOWING_PER_SECOND = 1_000;

    private static ChaosSettings settings;
    private static Path root;
    private static RestartableBroker kafka;
    private static BusyThreads busy;

    /** The kinds of stateful step the suite shakes. */
    enum StepKind {
        TUMBLING_APPEND,
        SLIDING_UPDATE,
        SESSION_APPEND,
        DROP_DUPLICATES,
        RUNNING_TOTALS,
        GROUP_STATE_JAVA,
        DSTREAM_JOB;

        boolean needsClosing() {
            return this == TUMBLING_APPEND || this == SESSION_APPEND || this == RUNNING_TOTALS;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @BeforeAll
    static void startBrokerAndLoad() throws IOException {
        settings = ChaosSettings.fromSystemProperties();
        root =
                Path.of(System.getProperty("sluice.test.workdir", "target/it-work"))
                        .toAbsolutePath()
                        .resolve("chaos-" + settings.seed());
        Files.createDirectories(root);
        System.out.printf("ChaosIT: replay with %s; files under %s%n", settings.replay(), root);
        // a fresh broker even when a replay reuses the seed directory
        kafka = RestartableBroker.start(Files.createTempDirectory(root, "broker-"));
        busy = BusyThreads.start(settings.busyThreads());
    }

    @AfterAll
    static void stopLoadAndBroker() {
        if (busy != null) {
            busy.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StepKind.class)
    void shouldMatchTheOracleWhenKilledStateLostBrokerRestartedAndCpuStarved(StepKind kind)
            throws Exception {
        long startNanos = System.nanoTime();
        String name = "chaos-" + kind.label() + "-" + UUID.randomUUID().toString().substring(0, 6);
        String input = name + "-invoices";
        String output = name + "-out";
        Path work = Files.createDirectories(root.resolve(name));
        Path state = work.resolve("state");
        kafka.createTopics(PARTITIONS, input);
        ChaosInput data =
                ChaosInput.generate(
                        settings.invoices(), kind == StepKind.DROP_DUPLICATES ? COPY_DISTANCE : 0);
        boolean closing = kind.needsClosing();
        boolean flowing = kind == StepKind.DSTREAM_JOB;
        CompletableFuture<Void> producing =
                flowing
                        ? CompletableFuture.runAsync(
                                () ->
                                        data.produceAtRate(
                                                kafka,
                                                input,
                                                PARTITIONS,
                                                closing,
                                                FLOWING_PER_SECOND))
                        : CompletableFuture.completedFuture(null);
        if (!flowing) {
            data.produce(kafka, input, PARTITIONS, closing);
        }
        Starter starter = starter(kind, name, input, output, state, work);
        ChaosRuns runs =
                new ChaosRuns(
                        kafka,
                        name,
                        input,
                        data.size(PARTITIONS, closing),
                        settings,
                        settings.random(kind.name()),
                        state,
                        !flowing);

        ChaosRuns.Report report = runs.run(starter::start);
        producing.get();

        List<ConsumerRecord<byte[], byte[]>> rows = Topics.readCommitted(kafka, output);
        List<String> problems = check(kind, data, rows);
        System.out.printf(
                "ChaosIT %s: %d rows checked, %s, %d s%n",
                kind.label(),
                rows.size(),
                report,
                (System.nanoTime() - startNanos) / 1_000_000_000L);
        assertThat(problems).as("%s %s; %s", kind, settings.replay(), report).isEmpty();
        assertDeadLetters(name, data);
        assertThat(report.kills()).as(report.toString()).isEqualTo(settings.kills());
        assertThat(report.brokerRestarts()).as(report.toString()).isEqualTo(1);
    }

    @Test
    void shouldMatchTheOracleWhenScaledOneToThreeToOneWithAKillWhileInputFlows() throws Exception {
        String name = "chaos-scale-" + UUID.randomUUID().toString().substring(0, 6);
        String input = name + "-invoices";
        String output = name + "-out";
        Path work = Files.createDirectories(root.resolve(name));
        kafka.createTopics(PARTITIONS, input);
        ChaosInput data = ChaosInput.generate(settings.invoices());
        long total = data.size(PARTITIONS, true);
        Path pipeline = pipelineFile(StepKind.TUMBLING_APPEND, name, input, output, work, false);

        JvmProcess a = instance(pipeline, "a", work);
        CompletableFuture<Void> producing =
                CompletableFuture.runAsync(
                        () -> data.produceAtRate(kafka, input, PARTITIONS, true, 2_000));
        awaitCommitted(name, input, total / 5, a);
        JvmProcess b = instance(pipeline, "b", work);
        JvmProcess c = instance(pipeline, "c", work);
        await().atMost(Duration.ofMinutes(2))
                .ignoreExceptions()
                .until(() -> ConsumerGroups.membersWithPartitions(kafka, name) == 3);
        awaitCommitted(name, input, total * 2 / 5, a);
        b.kill();
        awaitCommitted(name, input, total * 3 / 5, a);
        int cExit = c.terminate(Duration.ofSeconds(60));
        producing.get();
        awaitCommitted(name, input, total, a);
        Map<String, String> expected = ChaosOracle.tumbling(data.invoices(), TUMBLING_MS);
        awaitRowsOrGoOn(output, expected.size());
        int aExit = a.terminate(Duration.ofSeconds(60));

        assertThat(cExit).as(c.output()).isZero();
        assertThat(aExit).as(a.output()).isZero();
        List<String> problems =
                ChaosOracle.exactDifferences(
                        entries(
                                Topics.readCommitted(kafka, output),
                                row -> windowOf(row),
                                row ->
                                        row.get("Sales").asDouble()
                                                + "/"
                                                + row.get("Invoices").asLong()),
                        expected);
        assertThat(problems).as("logs under %s", work).isEmpty();
        assertDeadLetters(name, data);
    }

    /** Waits (with a deadline) until the output holds {@code rows}; checks follow either way. */
    private static void awaitRowsOrGoOn(String output, int rows) {
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> Topics.readCommitted(kafka, output).size() >= rows);
        } catch (ConditionTimeoutException e) {
            // the comparison that follows names the rows that are missing
        }
    }

    private static void awaitCommitted(String group, String input, long mark, JvmProcess alive) {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .failFast("instance a exited; see a.log", () -> !alive.isAlive())
                .until(() -> ConsumerGroups.committed(kafka, group, input) >= mark);
    }

    private static JvmProcess instance(Path pipeline, String id, Path work) {
        return SluiceProcess.run(
                kafka,
                pipeline,
                id,
                work.resolve(id + ".log"),
                "--state-dir",
                work.resolve("state-" + id).toString());
    }

    /** Starts run number {@code run} of a step kind's process. */
    @FunctionalInterface
    interface Starter {
        JvmProcess start(int run);
    }

    private static Starter starter(
            StepKind kind, String name, String input, String output, Path state, Path work)
            throws IOException {
        String schema = PipelineFiles.INVOICE_SCHEMA.toAbsolutePath().toString();
        if (kind == StepKind.GROUP_STATE_JAVA) {
            return run ->
                    JvmProcess.start(
                            ChaosGroupStateMain.class.getName(),
                            List.of(
                                    kafka.bootstrapServers(),
                                    "chaos",
                                    state.toString(),
                                    name,
                                    input,
                                    output,
                                    schema,
                                    Integer.toString(MAX_RECORDS_PER_BATCH)),
                            work.resolve("run-" + run + ".log"));
        }
        if (kind == StepKind.DSTREAM_JOB) {
            return run ->
                    JvmProcess.start(
                            ChaosDStreamMain.class.getName(),
                            List.of(
                                    kafka.bootstrapServers(),
                                    "chaos",
                                    state.toString(),
                                    name,
                                    input,
                                    output,
                                    schema),
                            work.resolve("run-" + run + ".log"));
        }
        Path pipeline = pipelineFile(kind, name, input, output, work, true);
        return run ->
                SluiceProcess.run(
                        kafka,
                        pipeline,
                        "chaos",
                        work.resolve("run-" + run + ".log"),
                        "--state-dir",
                        state.toString());
    }

    /** The pipeline file of a step kind over JSON invoices, with event time and a watermark. */
    private static Path pipelineFile(
            StepKind kind, String name, String input, String output, Path dir, boolean availableNow)
            throws IOException {
        List<String> yaml =
                new ArrayList<>(
                        List.of(
                                "name: " + name,
                                "source:",
                                "  topic: " + input,
                                "  format: json",
                                "  schema: " + PipelineFiles.INVOICE_SCHEMA.toAbsolutePath(),
                                "  timestamp: CreatedTime",
                                "  watermark: 30m",
                                "maxRecordsPerBatch: " + MAX_RECORDS_PER_BATCH));
        if (availableNow) {
            yaml.add("trigger: {availableNow: true}");
        }
        yaml.addAll(steps(kind));
        yaml.addAll(List.of("sink:", "  topic: " + output, "  format: json"));
        if (kind == StepKind.SLIDING_UPDATE) {
            yaml.add("  key: StoreID"); // one store's rows in one partition, in order
        }
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n", yaml) + "\n");
        return file;
    }

    private static List<String> steps(StepKind kind) {
        switch (kind) {
            case TUMBLING_APPEND:
                return List.of(
                        "output: append",
                        "steps:",
                        "  - window: {type: tumbling, size: 15m}",
                        "    groupBy: [StoreID]",
                        "    aggregate: {Sales: \"sum(TotalValue)\", Invoices: \"count(*)\"}");
            case SLIDING_UPDATE:
                return List.of(
                        "output: update",
                        "steps:",
                        "  - window: {type: sliding, size: 10m, slide: 5m}",
                        "    groupBy: [StoreID]",
                        "    aggregate: {Invoices: \"count(*)\", Qty: \"sum(ItemQty)\"}");
            case SESSION_APPEND:
                return List.of(
                        "output: append",
                        "steps:",
                        "  - window: {type: session, gap: 5m}",
                        "    groupBy: [StoreID]",
                        "    aggregate: {Sales: \"sum(TotalValue)\", Invoices: \"count(*)\"}");
            case DROP_DUPLICATES:
                return List.of("steps:", "  - dropDuplicates: [InvoiceNumber]");
            case RUNNING_TOTALS:
                return List.of(
                        "output: append",
                        "steps:",
                        "  - window: {type: tumbling, size: 15m}",
                        "    groupBy: [StoreID]",
                        "    aggregate: {Sales: \"sum(TotalValue)\", Invoices: \"count(*)\"}",
                        "  - running:",
                        "      sum: {RSales: Sales, RInvoices: Invoices}",
                        "      count: {RWindows: Sales}");
            default:
                throw new IllegalArgumentException(kind + " has no pipeline file");
        }
    }

    /** The differences between what the kind emitted and its oracle; empty when they agree. */
    private static List<String> check(
            StepKind kind, ChaosInput data, List<ConsumerRecord<byte[], byte[]>> rows) {
        List<JsonNode> invoices = data.invoices();
        switch (kind) {
            case TUMBLING_APPEND:
                return ChaosOracle.exactDifferences(
                        entries(
                                rows,
                                ChaosIT::windowOf,
                                r -> r.get("Sales").asDouble() + "/" + r.get("Invoices").asLong()),
                        ChaosOracle.tumbling(invoices, TUMBLING_MS));
            case SESSION_APPEND:
                return ChaosOracle.exactDifferences(
                        entries(
                                rows,
                                ChaosIT::windowOf,
                                r ->
                                        r.get("window_end").asLong()
                                                + "/"
                                                + r.get("Sales").asDouble()
                                                + "/"
                                                + r.get("Invoices").asLong()),
                        ChaosOracle.sessions(invoices, SESSION_GAP_MS));
            case RUNNING_TOTALS:
                return ChaosOracle.exactDifferences(
                        entries(
                                rows,
                                ChaosIT::windowOf,
                                r ->
                                        String.join(
                                                "/",
                                                Double.toString(r.get("Sales").asDouble()),
                                                Long.toString(r.get("Invoices").asLong()),
                                                Double.toString(r.get("RSales").asDouble()),
                                                Long.toString(r.get("RInvoices").asLong()),
                                                Long.toString(r.get("RWindows").asLong()))),
                        ChaosOracle.running(invoices, TUMBLING_MS));
            case DROP_DUPLICATES:
                Map<String, String> once = new java.util.HashMap<>();
                for (JsonNode invoice : invoices) {
                    once.put(invoice.get("InvoiceNumber").asText(), "once");
                }
                return ChaosOracle.exactDifferences(
                        entries(rows, r -> r.get("InvoiceNumber").asText(), r -> "once"), once);
            case SLIDING_UPDATE:
                return ChaosOracle.updateDifferences(
                        entries(rows, ChaosIT::windowOf, ChaosIT::countAndQty),
                        ChaosOracle.sliding(invoices, SLIDING_MS, SLIDE_MS));
            case GROUP_STATE_JAVA:
            case DSTREAM_JOB:
                return ChaosOracle.updateDifferences(
                        entries(rows, r -> r.get("StoreID").asText(), ChaosIT::countAndQty),
                        ChaosOracle.totals(invoices));
            default:
                throw new IllegalArgumentException("no oracle for " + kind);
        }
    }

    /** The dead-letter topic holds exactly the poison, each as a decode failure. */
    private static void assertDeadLetters(String name, ChaosInput data) {
        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readCommitted(kafka, name + "-dlq");
        List<String> described = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            values.add(value);
            described.add(
                    String.format(
                            "%s [%s] %s (from %s-%s@%s)",
                            value,
                            Topics.header(record, "sluice.error.stage"),
                            Topics.header(record, "sluice.error.reason"),
                            Topics.header(record, "sluice.source.topic"),
                            Topics.header(record, "sluice.source.partition"),
                            Topics.header(record, "sluice.source.offset")));
        }
        List<String> expected = data.poison().stream().sorted().toList();
        if (!values.stream().sorted().toList().equals(expected)) {
            // tell a dead letter never written from one in a transaction still open
            for (ConsumerRecord<byte[], byte[]> record :
                    Topics.readUncommitted(kafka, name + "-dlq")) {
                described.add(
                        String.format(
                                "uncommitted read: %s at %s-%d@%d",
                                new String(record.value(), StandardCharsets.UTF_8),
                                record.topic(),
                                record.partition(),
                                record.offset()));
            }
            described.add(Topics.describeTransactions(kafka, name + "-dlq"));
        }
        assertThat(values.stream().sorted().toList())
                .as("dead letters:%n%s", String.join("\n", described))
                .isEqualTo(expected);
    }

    private static <V> List<Map.Entry<String, V>> entries(
            List<ConsumerRecord<byte[], byte[]>> rows,
            java.util.function.Function<JsonNode, String> key,
            java.util.function.Function<JsonNode, V> value) {
        List<Map.Entry<String, V>> entries = new ArrayList<>(rows.size());
        for (ConsumerRecord<byte[], byte[]> record : rows) {
            try {
                JsonNode row = JSON.readTree(record.value());
                entries.add(Map.entry(key.apply(row), value.apply(row)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return entries;
    }

    private static String windowOf(JsonNode row) {
        return row.get("StoreID").asText() + "@" + row.get("window_start").asLong();
    }

    private static long[] countAndQty(JsonNode row) {
        return new long[] {row.get("Invoices").asLong(), row.get("Qty").asLong()};
    }
}
