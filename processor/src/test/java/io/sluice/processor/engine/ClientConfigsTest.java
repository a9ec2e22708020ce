package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.PipelinePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigsTest {
    @TempDir Path directory;

    @Test
    void shouldHoldAFetchAtTheBrokerForTheDefaultTriggersFloorUnlessAMegabyteIsThere()
            throws IOException {
        Map<String, Object> config =
                ClientConfigs.consumer(EngineSettings.of("localhost:9092", "a"), plan());

        assertThat(config)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 25)
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024);
    }

    @Test
    void shouldHoldAFetchAtMost100MillisecondsUnderALongerInterval() throws IOException {
        Map<String, Object> config =
                ClientConfigs.consumer(
                        EngineSettings.of("localhost:9092", "a"), plan("{interval: 10s}"));

        assertThat(config)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100)
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024);
    }

    @Test
    void shouldReturnAFetchAsSoonAsARecordIsThereWhenBatchesRunBackToBack() throws IOException {
        Map<String, Object> config =
                ClientConfigs.consumer(
                        EngineSettings.of("localhost:9092", "a"), plan("{minInterval: 0s}"));

        assertThat(config)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100)
                .doesNotContainKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG);
    }

    @Test
    void shouldPollAtMostAsManyRecordsAsTheStashHoldsBeforeItPausesAPartition() throws IOException {
        Map<String, Object> config =
                ClientConfigs.consumer(EngineSettings.of("localhost:9092", "a"), plan());

        assertThat(config)
                .containsEntry(
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BatchReader.STASH_PAUSE_RECORDS);
    }

    @Test
    void shouldHeartbeatEveryHalfSecondSoThatARebalanceIsNoticedSoonByDefault() throws IOException {
        Map<String, Object> config =
                ClientConfigs.consumer(EngineSettings.of("localhost:9092", "a"), plan());

        assertThat(config).containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
    }

    @Test
    void shouldLetTheServiceConfigurationSetTheFetchWaitAndKeepTheGroupSettingsItsOwn()
            throws IOException {
        EngineSettings defaults = EngineSettings.of("localhost:9092", "a");
        EngineSettings settings =
                new EngineSettings(
                        defaults.bootstrapServers(),
                        defaults.instanceId(),
                        Map.of(),
                        Map.of(
                                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500",
                                ConsumerConfig.GROUP_ID_CONFIG, "other"),
                        Map.of(),
                        Duration.ofSeconds(10),
                        defaults.retryBackoff(),
                        defaults.maxRetryBackoff(),
                        directory,
                        0,
                        0,
                        Duration.ZERO,
                        null);

        Map<String, Object> config = ClientConfigs.consumer(settings, plan());

        assertThat(config)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "fetch")
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "fetch-a");
    }

    private PipelinePlan plan() throws IOException {
        return plan(null);
    }

    private PipelinePlan plan(String trigger) throws IOException {
        Files.writeString(
                directory.resolve("r.avsc"),
                "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"id\", \"type\":"
                        + " \"string\"}]}");
        Path file = directory.resolve("pipeline.yaml");
        Files.writeString(
                file,
                "name: fetch\nsource: {topic: in, format: json, schema: r.avsc}\n"
                        + "sink: {topic: out, format: json}\n"
                        + (trigger == null ? "" : "trigger: " + trigger + "\n"));
        return PipelineFile.compile(file);
    }
}
