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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one pipeline share its partitions; when one is killed the other takes its
 * partitions over, and a SIGTERM stops the survivor cleanly with exit code 0. Every invoice is in
 * the output exactly once throughout.
 */
@ExtendWith(KafkaClusterExtension.class)
class ScaleOutIT {
    private static final int INVOICES = 60_000;
    private static final int RATE_PER_SECOND = 6_000;

    private final KafkaCluster kafka;

    @TempDir Path work;

    ScaleOutIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldHandPartitionsOverWhenOneOfTwoInstancesIsKilled() throws Exception {
        String name = kafka.uniqueTopic("scale");
        String input = name + "-invoices";
        String output = name + "-avro";
        kafka.createTopics(4, input);
        Invoices.Generated generated = Invoices.generate(INVOICES, 1_000);
        Path pipeline = PipelineFiles.jsonToAvro(work, name, input, output, "");

        JvmProcess a = SluiceProcess.run(kafka, pipeline, "a", work.resolve("a.log"));
        JvmProcess b = SluiceProcess.run(kafka, pipeline, "b", work.resolve("b.log"));
        await().atMost(Duration.ofMinutes(1))
                .ignoreExceptions()
                .until(() -> ConsumerGroups.membersWithPartitions(kafka, name) == 2);
        CompletableFuture<Void> producing =
                CompletableFuture.runAsync(() -> produceAtRate(input, generated.values()));
        await().atMost(Duration.ofMinutes(1))
                .until(() -> Topics.readCommitted(kafka, output).size() >= INVOICES / 3);
        a.kill();
        producing.get();
        await().atMost(Duration.ofMinutes(2))
                .ignoreExceptions()
                .until(() -> ConsumerGroups.lag(kafka, name, input) == 0);
        int bExit = b.terminate(Duration.ofSeconds(60));
        // The killed instance's last transaction stays open until the broker times it out;
        // until then read_committed readers stop before it.
        await().atMost(Duration.ofMinutes(1))
                .until(() -> Topics.hasNoOpenTransactions(kafka, output));

        assertThat(bExit).as(b.output()).isZero();
        Map<String, Long> counts =
                Avro.read(kafka, output, PipelineFiles.INVOICE_SCHEMA).stream()
                        .map(r -> r.get("InvoiceNumber").toString())
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.values()).containsOnly(1L);
        assertThat(counts.keySet()).isEqualTo(new HashSet<>(generated.invoiceNumbers()));
        assertThat(Topics.readCommittedValues(kafka, name + "-dlq"))
                .containsExactlyInAnyOrderElementsOf(generated.poison());
    }

    /** Produces in slices of 1% so the input keeps flowing while an instance is killed. */
    private void produceAtRate(String topic, List<String> values) {
        int slice = values.size() / 100;
        long sliceNanos = Duration.ofSeconds(1).toNanos() * slice / RATE_PER_SECOND;
        long next = System.nanoTime();
        for (int from = 0; from < values.size(); from += slice) {
            Topics.produce(
                    kafka, topic, values.subList(from, Math.min(values.size(), from + slice)));
            next += sliceNanos;
            LockSupport.parkNanos(next - System.nanoTime()); // pacing a load generator
        }
    }
}
