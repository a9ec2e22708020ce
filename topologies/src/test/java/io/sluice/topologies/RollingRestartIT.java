package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart: three instances of the json-to-avro pipeline share six partitions while
 * invoices arrive at a steady 3,000 a second; each instance in turn is stopped with SIGTERM (exit
 * code 0), started again under the same instance id, and the next goes only once the group is
 * stable with all three owning partitions. Every invoice is in the output exactly once and only the
 * poison records are dead-lettered.
 *
 * <p>It prints the end-to-end latency of the invoices sent before the roll (once the first 20,000
 * invoices are committed, so the fresh JVMs' warm-up is left out) and of those sent during it, as
 * count, p50, p99 and max in ms, and how long the roll took, e.g. {@code rolling restart latency
 * before the roll: 19061 records, p50 91 ms, p99 389 ms, max 517 ms}, {@code rolling restart
 * latency during the roll: 81638 records, p50 87 ms, p99 3086 ms, max 3481 ms} and {@code rolling
 * restart: 125220 invoices, the roll took 27239 ms}. Latency is from the send time, which the
 * test's producer sets as the input record's timestamp, to the time the broker appended the output
 * record (the output topic has {@code message.timestamp.type=LogAppendTime}); it excludes the wait
 * for the transaction's commit marker. The figures are reported, never asserted.
 */
@ExtendWith(KafkaClusterExtension.class)
class RollingRestartIT {
    private static final int PARTITIONS = 6;
    private static final int RATE_PER_SECOND = 3_000;
    private static final int MAX_INVOICES = 600_000;
    private static final int POISON_EVERY = 1_000;
    private static final List<String> INSTANCES = List.of("a", "b", "c");

    private final KafkaCluster kafka;

    @TempDir Path work;

    RollingRestartIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldEmitEveryRowOnceWhenEachOfThreeInstancesIsRestartedInTurn() throws Exception {
        String name = kafka.uniqueTopic("roll");
        String input = name + "-invoices";
        String output = name + "-avro";
        kafka.createTopics(PARTITIONS, input);
        createAppendTimeTopic(output);
        Path pipeline = PipelineFiles.jsonToAvro(work, name, input, output, "");
        List<String> sample = Invoices.sample();
        Map<String, JvmProcess> running = new HashMap<>();
        Map<String, Integer> starts = new HashMap<>();
        for (String instance : INSTANCES) {
            running.put(instance, start(pipeline, instance, starts));
        }
        awaitOwners(name, INSTANCES);

        long warmMs;
        long rollStartMs;
        long rollEndMs;
        SteadyInput invoices =
                new SteadyInput(
                        kafka, input, RATE_PER_SECOND, MAX_INVOICES, i -> invoice(sample, i));
        try (invoices) {
            // the first 20,000 warm the fresh JVMs up; the next 20,000 are the steady state
            await().atMost(Duration.ofMinutes(1))
                    .ignoreExceptions()
                    .until(() -> ConsumerGroups.committed(kafka, name, input) >= 20_000);
            warmMs = System.currentTimeMillis();
            await().atMost(Duration.ofMinutes(1))
                    .ignoreExceptions()
                    .until(() -> ConsumerGroups.committed(kafka, name, input) >= 40_000);
            rollStartMs = System.currentTimeMillis();
            for (String instance : INSTANCES) {
                int exit = running.get(instance).terminate(Duration.ofSeconds(60));
                assertThat(exit).as(running.get(instance).output()).isZero();
                running.put(instance, start(pipeline, instance, starts));
                awaitOwners(name, INSTANCES);
            }
            rollEndMs = System.currentTimeMillis();
            int sentByRollEnd = invoices.sent();
            // a second more input after the roll, so the last restarted instance processes some
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> invoices.sent() >= sentByRollEnd + RATE_PER_SECOND);
        }
        int sent = invoices.stop();
        assertThat(sent).as("the input ran out during the roll").isLessThan(MAX_INVOICES);
        await().atMost(Duration.ofMinutes(2))
                .ignoreExceptions()
                .until(() -> ConsumerGroups.lag(kafka, name, input) == 0);
        for (String instance : INSTANCES) {
            int exit = running.get(instance).terminate(Duration.ofSeconds(60));
            assertThat(exit).as(running.get(instance).output()).isZero();
        }
        await().atMost(Duration.ofMinutes(1))
                .until(() -> Topics.hasNoOpenTransactions(kafka, output));

        List<Row> rows = rows(output);
        Map<String, Long> counts =
                rows.stream()
                        .collect(Collectors.groupingBy(Row::invoiceNumber, Collectors.counting()));
        Set<String> expected = new HashSet<>();
        List<String> poison = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            if (isPoison(i)) {
                poison.add(invoice(sample, i));
            } else {
                expected.add("INV-" + i);
            }
        }
        assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).toList())
                .as("invoices written more than once")
                .isEmpty();
        assertThat(counts.keySet()).isEqualTo(expected);
        assertThat(Topics.readCommittedValues(kafka, name + "-dlq"))
                .containsExactlyInAnyOrderElementsOf(poison);
        System.out.println(
                report("before the roll", latencies(rows, invoices, warmMs, rollStartMs)));
        System.out.println(
                report("during the roll", latencies(rows, invoices, rollStartMs, rollEndMs)));
        System.out.printf(
                "rolling restart: %d invoices, the roll took %d ms%n",
                sent, rollEndMs - rollStartMs);
    }

    private JvmProcess start(Path pipeline, String instance, Map<String, Integer> starts) {
        int run = starts.merge(instance, 1, Integer::sum);
        return SluiceProcess.run(
                kafka,
                pipeline,
                instance,
                work.resolve(instance + "-" + run + ".log"),
                "--state-dir",
                work.resolve("state-" + instance).toString());
    }

    /** Waits until the group is stable with every one of {@code instances} owning partitions. */
    private void awaitOwners(String name, List<String> instances) {
        Set<String> members =
                instances.stream().map(i -> name + "-" + i).collect(Collectors.toSet());
        await().atMost(Duration.ofMinutes(1))
                .ignoreExceptions()
                .until(() -> ConsumerGroups.stableOwners(kafka, name).equals(members));
    }

    private void createAppendTimeTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(topic, PARTITIONS, (short) 1)
                                            .configs(
                                                    Map.of(
                                                            "message.timestamp.type",
                                                            "LogAppendTime"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static boolean isPoison(int i) {
        return i % POISON_EVERY == POISON_EVERY - 1;
    }

    /** Record {@code i}: poison (not JSON) or invoice {@code INV-i} made from the sample. */
    private static String invoice(List<String> sample, int i) {
        if (isPoison(i)) {
            return "{\"InvoiceNumber\": \"POISON-" + i + "\", \"StoreID\": ";
        }
        String line = sample.get(i % sample.size());
        return line.replaceFirst(
                "\"InvoiceNumber\": \"[^\"]*\"", "\"InvoiceNumber\": \"INV-" + i + "\"");
    }

    /** An output row: its invoice number and the time the broker appended it. */
    private record Row(String invoiceNumber, long appendedMs) {}

    private List<Row> rows(String output) throws Exception {
        Schema schema = new Schema.Parser().parse(PipelineFiles.INVOICE_SCHEMA.toFile());
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
        List<Row> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka, output)) {
            GenericRecord row =
                    reader.read(null, DecoderFactory.get().binaryDecoder(record.value(), null));
            rows.add(new Row(row.get("InvoiceNumber").toString(), record.timestamp()));
        }
        return rows;
    }

    /** The latencies (ms) of the rows whose input was sent in [{@code fromMs}, {@code toMs}). */
    private static long[] latencies(List<Row> rows, SteadyInput input, long fromMs, long toMs) {
        return rows.stream()
                .mapToLong(
                        row -> {
                            int i = Integer.parseInt(row.invoiceNumber().substring(4));
                            long sentMs = input.sentAtMs(i);
                            return sentMs >= fromMs && sentMs < toMs
                                    ? row.appendedMs() - sentMs
                                    : Long.MIN_VALUE;
                        })
                .filter(latency -> latency != Long.MIN_VALUE)
                .sorted()
                .toArray();
    }

    private static String report(String phase, long[] sorted) {
        if (sorted.length == 0) {
            return "rolling restart latency " + phase + ": no records";
        }
        return String.format(
                "rolling restart latency %s: %d records, p50 %d ms, p99 %d ms, max %d ms",
                phase,
                sorted.length,
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted[sorted.length - 1]);
    }

    private static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
