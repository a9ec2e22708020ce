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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one pipeline whose consumers' session timeout is two minutes: only the peer
 * watch ({@code group.peer.timeout.ms}) can move an instance's partitions within the tests'
 * one-minute deadlines. A killed instance's partitions move to the survivor, found by its closed
 * lifeline, or by its missing beats with the lifeline off; a frozen one (its lifeline still open)
 * that is removed by mistake comes back and rejoins. Every invoice is in the output exactly once.
 */
@ExtendWith(KafkaClusterExtension.class)
class PeerFailoverIT {
    private static final int INVOICES = 30_000;
    private static final int RATE_PER_SECOND = 3_000;
    private static final Duration DEADLINE = Duration.ofMinutes(1);
    private static final Map<String, String> WATCHED =
            Map.of(
                    "SLUICE_CONSUMER_SESSION_TIMEOUT_MS", "120000",
                    "SLUICE_GROUP_PEER_TIMEOUT_MS", "2000");
    private static final Map<String, String> BEATS_ONLY =
            Map.of(
                    "SLUICE_CONSUMER_SESSION_TIMEOUT_MS", "120000",
                    "SLUICE_GROUP_PEER_TIMEOUT_MS", "2000",
                    "SLUICE_GROUP_PEER_LIFELINE_ENABLED", "false");
    // beats alone would take a minute: only the lifeline moves the partitions within 45 s
    private static final Map<String, String> SLOW_BEATS =
            Map.of(
                    "SLUICE_CONSUMER_SESSION_TIMEOUT_MS", "120000",
                    "SLUICE_GROUP_PEER_TIMEOUT_MS", "60000");

    private final KafkaCluster kafka;

    @TempDir Path work;

    PeerFailoverIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldMoveAKilledInstancesPartitionsAsSoonAsItsLifelineCloses() throws Exception {
        String name = kafka.uniqueTopic("peer-lifeline");

        String survivorLog = killOneAndFinish(name, SLOW_BEATS, Duration.ofSeconds(45));

        assertThat(survivorLog)
                .contains("Instance a of pipeline " + name + " is gone (its lifeline at");
    }

    @Test
    void shouldMoveAKilledInstancesPartitionsLongBeforeItsSessionTimesOut() throws Exception {
        String name = kafka.uniqueTopic("peer-kill");

        String survivorLog = killOneAndFinish(name, BEATS_ONLY, DEADLINE);

        assertThat(survivorLog)
                .contains("Instance a of pipeline " + name + " wrote no liveness beat for");
    }

    @Test
    void shouldTakeAFrozenInstanceBackWhenItWasRemovedByMistake() throws Exception {
        String name = kafka.uniqueTopic("peer-freeze");
        Run run = start(name, WATCHED);
        CompletableFuture<Void> producing = run.produceAll();
        await().atMost(DEADLINE)
                .until(() -> Topics.readCommitted(kafka, run.output).size() >= INVOICES / 4);

        run.a.pause();
        try {
            await().atMost(DEADLINE)
                    .ignoreExceptions()
                    .until(
                            () ->
                                    ConsumerGroups.stableOwners(kafka, name)
                                            .equals(Set.of(name + "-b")));
        } finally {
            run.a.resume();
        }
        await().atMost(DEADLINE)
                .ignoreExceptions()
                .until(() -> ConsumerGroups.membersWithPartitions(kafka, name) == 2);
        producing.get();
        await().atMost(DEADLINE)
                .ignoreExceptions()
                .until(() -> ConsumerGroups.lag(kafka, name, run.input) == 0);

        assertThat(run.a.terminate(Duration.ofSeconds(60))).as(run.a.output()).isZero();
        assertThat(run.b.terminate(Duration.ofSeconds(60))).as(run.b.output()).isZero();
        // a frozen process keeps its lifeline open: only its silence told
        assertThat(run.b.output())
                .contains("Instance a of pipeline " + name + " wrote no liveness beat for")
                .doesNotContain("is gone (its lifeline");
        run.assertEveryInvoiceOnce();
    }

    /**
     * Runs two instances with {@code env}, kills one while input flows, and checks the survivor
     * owns every partition within {@code within}, finishes the input and leaves no open transaction
     * behind, every invoice out once; returns the survivor's log.
     */
    private String killOneAndFinish(String name, Map<String, String> env, Duration within)
            throws Exception {
        Run run = start(name, env);
        CompletableFuture<Void> producing = run.produceAll();
        await().atMost(DEADLINE)
                .until(() -> Topics.readCommitted(kafka, run.output).size() >= INVOICES / 4);

        run.a.kill();

        await().atMost(within)
                .ignoreExceptions()
                .until(() -> ConsumerGroups.stableOwners(kafka, name).equals(Set.of(name + "-b")));
        producing.get();
        await().atMost(DEADLINE)
                .ignoreExceptions()
                .until(() -> ConsumerGroups.lag(kafka, name, run.input) == 0);
        assertThat(run.b.terminate(Duration.ofSeconds(60))).as(run.b.output()).isZero();
        // fenced by the survivor: the killed instance's open transaction is already aborted
        assertThat(Topics.hasNoOpenTransactions(kafka, run.output)).isTrue();
        run.assertEveryInvoiceOnce();
        return run.b.output();
    }

    private Run start(String name, Map<String, String> env) throws Exception {
        String input = name + "-invoices";
        String output = name + "-avro";
        kafka.createTopics(4, input);
        Path pipeline = PipelineFiles.jsonToAvro(work, name, input, output, "");
        JvmProcess a = SluiceProcess.run(kafka, pipeline, "a", work.resolve("a.log"), env);
        JvmProcess b = SluiceProcess.run(kafka, pipeline, "b", work.resolve("b.log"), env);
        await().atMost(DEADLINE)
                .ignoreExceptions()
                .until(() -> ConsumerGroups.membersWithPartitions(kafka, name) == 2);
        return new Run(input, output, name + "-dlq", Invoices.generate(INVOICES, 1_000), a, b);
    }

    private final class Run {
        final String input;
        final String output;
        final String deadLetters;
        final Invoices.Generated generated;
        final JvmProcess a;
        final JvmProcess b;

        Run(
                String input,
                String output,
                String deadLetters,
                Invoices.Generated generated,
                JvmProcess a,
                JvmProcess b) {
            this.input = input;
            this.output = output;
            this.deadLetters = deadLetters;
            this.generated = generated;
            this.a = a;
            this.b = b;
        }

        /** Produces in slices of 1% so the input keeps flowing while an instance is away. */
        CompletableFuture<Void> produceAll() {
            return CompletableFuture.runAsync(
                    () -> {
                        List<String> values = generated.values();
                        int slice = values.size() / 100;
                        long sliceNanos = Duration.ofSeconds(1).toNanos() * slice / RATE_PER_SECOND;
                        long next = System.nanoTime();
                        for (int from = 0; from < values.size(); from += slice) {
                            Topics.produce(
                                    kafka,
                                    input,
                                    values.subList(from, Math.min(values.size(), from + slice)));
                            next += sliceNanos;
                            LockSupport.parkNanos(next - System.nanoTime()); // pacing a load
                        }
                    });
        }

        void assertEveryInvoiceOnce() throws Exception {
            Map<String, Long> counts =
                    Avro.read(kafka, output, PipelineFiles.INVOICE_SCHEMA).stream()
                            .map(r -> r.get("InvoiceNumber").toString())
                            .collect(
                                    Collectors.groupingBy(
                                            Function.identity(), Collectors.counting()));
            assertThat(counts.values()).containsOnly(1L);
            assertThat(counts.keySet()).isEqualTo(new HashSet<>(generated.invoiceNumbers()));
            assertThat(Topics.readCommittedValues(kafka, deadLetters))
                    .containsExactlyInAnyOrderElementsOf(generated.poison());
        }
    }
}
