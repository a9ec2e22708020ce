package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once for dropDuplicates: 60,000 invoices, each sent twice (the copy 500 invoices later,
 * to any of 4 partitions, so rows move to their key's task through the repartition topic), the
 * processor killed with SIGKILL five times and its local state deleted before every other restart.
 * Every invoice must come out exactly once, and nothing may be late.
 */
@ExtendWith(KafkaClusterExtension.class)
class DedupeCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INVOICES = 60_000;
    private static final int COPY_DISTANCE = 500;
    private static final int KILLS = 5;
    private static final long BASE_MS = 1_595_689_200_000L; // 2020-07-25T15:00:00Z

    private final KafkaCluster kafka;

    @TempDir Path work;

    DedupeCrashIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldEmitEveryInvoiceOnceWhenDuplicatedKilledAndStateIsLost() throws Exception {
        String name = kafka.uniqueTopic("dedupe");
        String input = name + "-invoices";
        String output = name + "-unique";
        kafka.createTopics(4, input);
        List<String> records = withCopies(Invoices.secondsApart(INVOICES, BASE_MS, i -> 0));
        Topics.produce(kafka, input, records);
        Path pipeline =
                PipelineFiles.eventTimeInvoices(
                        work, name, input, output, "steps:", "  - dropDuplicates: [InvoiceNumber]");
        Path state = work.resolve("state");

        int kills =
                KilledRuns.run(kafka, name, input, records.size(), KILLS, pipeline, state, work);

        assertThat(kills).isEqualTo(KILLS);
        Map<String, Integer> emitted = new HashMap<>();
        for (String value : Topics.readCommittedValues(kafka, output)) {
            emitted.merge(JSON.readTree(value).get("InvoiceNumber").asText(), 1, Integer::sum);
        }
        assertThat(emitted).hasSize(INVOICES);
        assertThat(emitted.values()).allMatch(count -> count == 1);
        assertThat(Topics.readCommittedValues(kafka, name + "-dlq")).isEmpty();
    }

    /** Each invoice, and a copy of it {@value #COPY_DISTANCE} invoices later. */
    private static List<String> withCopies(List<String> invoices) {
        List<String> records = new ArrayList<>(invoices.size() * 2);
        for (int i = 0; i < invoices.size(); i++) {
            records.add(invoices.get(i));
            if (i >= COPY_DISTANCE) {
                records.add(invoices.get(i - COPY_DISTANCE));
            }
        }
        records.addAll(invoices.subList(invoices.size() - COPY_DISTANCE, invoices.size()));
        return records;
    }
}
