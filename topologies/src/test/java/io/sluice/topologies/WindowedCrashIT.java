package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly-once for a windowed aggregation: store sales per 15-minute window over 100,000 invoices,
 * the processor killed with SIGKILL five times and its local RocksDB state deleted before every
 * other restart. The windows it emits must equal a straightforward in-memory computation over the
 * input, each exactly once. On a source with one partition the rows stay in their task; on four
 * partitions, not keyed by store, they move through the repartition topic first.
 */
@ExtendWith(KafkaClusterExtension.class)
class WindowedCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INVOICES = 100_000;
    private static final int KILLS = 5;
    private static final long BASE_MS = 1_595_689_200_000L; // 2020-07-25T15:00:00Z

    private final KafkaCluster kafka;

    @TempDir Path work;

    WindowedCrashIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @ParameterizedTest(name = "{0} source partitions")
    @ValueSource(ints = {1, 4})
    void shouldEmitEveryWindowOnceWithExactSumsWhenKilledAndStateIsLost(int partitions)
            throws Exception {
        String name = kafka.uniqueTopic("sales");
        String input = name + "-invoices";
        String output = name + "-windows";
        kafka.createTopics(partitions, input);
        // every tenth invoice up to two minutes early: out of order, yet within the watermark
        List<String> invoices =
                Invoices.secondsApart(
                        INVOICES, BASE_MS, i -> i % 10 == 0 ? (i * 7919L) % 120_000 : 0);
        Topics.produce(kafka, input, invoices);
        Path pipeline =
                PipelineFiles.eventTimeInvoices(work, name, input, output, StoreSalesWindows.STEPS);
        Path state = work.resolve("state");

        int kills = KilledRuns.run(kafka, name, input, INVOICES, KILLS, pipeline, state, work);
        List<ProducerRecord<byte[], byte[]>> closing = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            for (String invoice : StoreSalesWindows.closingInvoices(invoices)) {
                closing.add(
                        new ProducerRecord<>(
                                input, partition, null, invoice.getBytes(StandardCharsets.UTF_8)));
            }
        }
        Topics.produceRecords(kafka, input, closing);
        JvmProcess last = KilledRuns.start(kafka, pipeline, state, work, KILLS + 2);
        assertThat(last.waitFor(Duration.ofMinutes(3))).as(last.output()).isZero();

        assertThat(kills).isEqualTo(KILLS);
        Map<String, String> emitted = new HashMap<>();
        for (String value : Topics.readCommittedValues(kafka, output)) {
            JsonNode row = JSON.readTree(value);
            String window = row.get("StoreID").asText() + "@" + row.get("window_start").asLong();
            String previous =
                    emitted.put(
                            window,
                            row.get("Sales").asDouble() + "/" + row.get("Invoices").asLong());
            assertThat(previous).as("window %s emitted twice", window).isNull();
        }
        Map<String, String> expected = StoreSalesWindows.expected(invoices);
        assertThat(StoreSalesWindows.differences(emitted, expected)).isEmpty();
        assertThat(emitted).isEqualTo(expected);
    }
}
