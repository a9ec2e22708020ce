package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.localbroker.BrokerSettings;
import io.sluice.localbroker.LocalBroker;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.testkit.FreePorts;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker crashes (SIGKILL) in the middle of a run and comes back: the runner waits, resumes,
 * and every record's output is still there exactly once. Uses a broker of its own, not the shared
 * one.
 */
class BrokerRestartIT {
    private static final int RECORDS = 200_000;

    @TempDir Path directory;

    private LocalBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldProduceEachOutputOnceWhenTheBrokerRestartsMidRun() throws Exception {
        int port = FreePorts.adjacentPair();
        broker = LocalBroker.start(settings(port));
        KafkaCluster kafka = cluster(broker.bootstrapServers());
        String input = "restart-in";
        String output = "restart-out";
        kafka.createTopics(2, input);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            values.add("v-" + i);
        }
        Topics.produce(kafka, input, values);
        PipelinePlan plan =
                TestPipelines.upperCase(
                        "restart", input, output, new Trigger.AvailableNow(), 5_000);
        PipelineRunner runner =
                new PipelineRunner(
                        plan, EngineSettings.of(broker.bootstrapServers(), "a"), System.out);

        CompletableFuture<PipelineRunner.Outcome> run = CompletableFuture.supplyAsync(runner::run);
        await().atMost(Duration.ofMinutes(1)).until(() -> runner.totals().in() >= RECORDS / 4);
        broker.close(); // SIGKILL: the broker crashes
        broker = LocalBroker.start(settings(port));
        PipelineRunner.Outcome outcome = run.get(5, TimeUnit.MINUTES);

        assertThat(outcome).isEqualTo(PipelineRunner.Outcome.FINISHED);
        List<String> written = Topics.readCommittedValues(kafka, output);
        // sorted lists, not containsExactlyInAnyOrder: that is quadratic on 200,000 values
        assertThat(written.stream().sorted().toList())
                .isEqualTo(values.stream().map(v -> v.toUpperCase(Locale.ROOT)).sorted().toList());
    }

    private BrokerSettings settings(int port) {
        return new BrokerSettings(directory, port, Duration.ofSeconds(60), true);
    }

    private static KafkaCluster cluster(String bootstrap) {
        return new KafkaCluster() {
            @Override
            public String bootstrapServers() {
                return bootstrap;
            }

            @Override
            public String kind() {
                return "restartable";
            }

            @Override
            public void close() {}
        };
    }
}
