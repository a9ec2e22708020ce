package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under crashes: the json-to-avro pipeline runs as its own process and is killed with
 * SIGKILL in the middle of its work, again and again; every invoice must still be in the output
 * exactly once, and the dead-letter topic must hold exactly the poison records.
 */
@ExtendWith(KafkaClusterExtension.class)
class ExactlyOnceCrashIT {
    private static final int INVOICES = 100_000;
    private static final int KILLS = 5;

    private final KafkaCluster kafka;

    @TempDir Path work;

    ExactlyOnceCrashIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldWriteEveryInvoiceExactlyOnceWhenKilledRepeatedlyMidBatch() throws Exception {
        String name = kafka.uniqueTopic("crash");
        String input = name + "-invoices";
        String output = name + "-avro";
        kafka.createTopics(4, input);
        Invoices.Generated generated = Invoices.generate(INVOICES, 2_000);
        Topics.produce(kafka, input, generated.values());
        Path pipeline =
                PipelineFiles.jsonToAvro(
                        work, name, input, output, "trigger: {availableNow: true}");

        int kills = 0;
        for (int run = 1; ; run++) {
            JvmProcess processor = start(pipeline, run);
            if (kills < KILLS) {
                long threshold = (long) INVOICES * (kills + 1) / (KILLS + 2);
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> committedOffsets(output) >= threshold || !processor.isAlive());
                if (processor.isAlive()) {
                    processor.kill();
                    kills++;
                    continue;
                }
            }
            int exit = processor.waitFor(Duration.ofMinutes(3));
            assertThat(exit).as(processor.output()).isZero();
            break;
        }

        assertThat(kills).isEqualTo(KILLS);
        Map<String, Long> counts =
                Avro.read(kafka, output, PipelineFiles.INVOICE_SCHEMA).stream()
                        .map(r -> r.get("InvoiceNumber").toString())
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.values()).containsOnly(1L);
        assertThat(counts.keySet()).isEqualTo(new HashSet<>(generated.invoiceNumbers()));
        assertThat(Topics.readCommittedValues(kafka, name + "-dlq"))
                .containsExactlyInAnyOrderElementsOf(generated.poison());
    }

    private JvmProcess start(Path pipeline, int run) {
        return SluiceProcess.run(
                kafka, pipeline, "crash-test", work.resolve("run-" + run + ".log"));
    }

    /** The sum of the output's last stable offsets: grows as batches commit. */
    private long committedOffsets(String topic) {
        try {
            return Topics.endOffsets(kafka, topic).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        } catch (org.apache.kafka.common.KafkaException e) {
            return 0; // the first run has not created the topic yet
        }
    }
}
