package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invoice-notifications pipeline runs as its own process while the test scrapes {@code
 * /metrics} and {@code /status}: at every scrape the counts reconcile (in = out + filtered +
 * dead-lettered + skipped + late), and at the end they equal what the input holds.
 */
@ExtendWith(KafkaClusterExtension.class)
class OperationsEndpointIT {
    private static final int INVOICES = 6_000;
    private static final int POISON_EVERY = 200;

    private final KafkaCluster kafka;

    @TempDir Path work;

    OperationsEndpointIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldReconcileCountsOnMetricsAndStatusWhileThePipelineRuns() throws Exception {
        String name = kafka.uniqueTopic("ops");
        String input = name + "-invoices";
        String output = name + "-notifications";
        kafka.createTopics(2, input);
        Invoices.Generated generated = Invoices.generate(INVOICES, POISON_EVERY);
        long prime = generated.values().stream().filter(v -> v.contains("\"PRIME\"")).count();
        Path pipeline = PipelineFiles.invoiceNotifications(work, name, input, output);
        String label = "pipeline=\"" + name + "\"";
        List<Counts> scrapes = new ArrayList<>();

        try (JvmProcess sluice =
                SluiceProcess.run(kafka, pipeline, "ops", work.resolve("ops.log"))) {
            SluiceEndpoint endpoint = SluiceEndpoint.of(sluice);
            assertThat(endpoint.status("/health/live")).isEqualTo(200);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> endpoint.status("/health/ready") == 200);
            List<String> values = generated.values();
            Topics.produce(kafka, input, values.subList(0, values.size() / 2));
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> scrape(endpoint, label, scrapes).in() >= values.size() / 2);
            Topics.produce(kafka, input, values.subList(values.size() / 2, values.size()));
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> scrape(endpoint, label, scrapes).in() == values.size());
            JsonNode status = endpoint.json("/status");
            String metrics = endpoint.text("/metrics");
            int exit = sluice.terminate(Duration.ofSeconds(60));

            assertThat(exit).as(sluice.output()).isZero();
            assertThat(scrapes)
                    .allSatisfy(c -> assertThat(c.reconciles()).as(c.toString()).isTrue());
            Counts last = scrapes.get(scrapes.size() - 1);
            assertThat(last)
                    .isEqualTo(
                            new Counts(
                                    values.size(),
                                    prime,
                                    INVOICES - prime,
                                    generated.poison().size(),
                                    0,
                                    0));
            JsonNode totals = status.get("totals");
            assertThat(totals.get("in").asLong()).isEqualTo(values.size());
            assertThat(totals.get("out").asLong()).isEqualTo(prime);
            assertThat(totals.get("filtered").asLong()).isEqualTo(INVOICES - prime);
            assertThat(totals.get("deadLettered").asLong()).isEqualTo(generated.poison().size());
            assertThat(status.get("pipeline").asText()).isEqualTo(name);
            assertThat(status.get("ready").asBoolean()).isTrue();
            assertThat(status.get("lag").asLong()).isZero();
            assertThat(status.get("partitions")).hasSize(2);
            long committed = 0;
            for (JsonNode partition : status.get("partitions")) {
                assertThat(partition.get("lag").asLong()).isZero();
                committed += partition.get("committedOffset").asLong();
            }
            assertThat(committed).isEqualTo(values.size());
            JsonNode batch = status.get("recentBatches").get(0);
            assertThat(batch.get("ranges").get(0).get("untilOffset").asLong())
                    .isGreaterThan(batch.get("ranges").get(0).get("fromOffset").asLong());
            assertThat(PrometheusText.sum(metrics, "sluice_consumer_lag", label)).isZero();
            assertThat(PrometheusText.has(metrics, "sluice_batch_duration_seconds_bucket", label))
                    .isTrue();
            assertThat(PrometheusText.sum(metrics, "sluice_commit_latency_seconds_count", label))
                    .isEqualTo(status.get("committedBatches").asDouble());
        }
        assertThat(Topics.readCommittedValues(kafka, output)).hasSize((int) prime);
        assertThat(Topics.readCommittedValues(kafka, name + "-dlq"))
                .containsExactlyInAnyOrderElementsOf(generated.poison());
    }

    private static Counts scrape(SluiceEndpoint endpoint, String label, List<Counts> scrapes) {
        String text = endpoint.text("/metrics");
        Counts counts =
                new Counts(
                        count(text, "in", label),
                        count(text, "out", label),
                        count(text, "filtered", label),
                        count(text, "dead_lettered", label),
                        count(text, "skipped", label),
                        count(text, "late", label));
        scrapes.add(counts);
        return counts;
    }

    private static long count(String text, String what, String label) {
        return (long) PrometheusText.sum(text, "sluice_records_" + what + "_total", label);
    }

    /** The record counters of one scrape. */
    private record Counts(
            long in, long out, long filtered, long deadLettered, long skipped, long late) {
        boolean reconciles() {
            return in == out + filtered + deadLettered + skipped + late;
        }
    }
}
