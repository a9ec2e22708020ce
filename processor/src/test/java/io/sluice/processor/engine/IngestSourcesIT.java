package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.processor.SluiceException;
import io.sluice.processor.api.Pipelines;
import io.sluice.processor.api.Sink;
import io.sluice.processor.api.Source;
import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket and rate sources on a real broker: exact rows out, a counter that survives restarts.
 */
@ExtendWith(KafkaClusterExtension.class)
class IngestSourcesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final Schema ITEM =
            SchemaBuilder.record("Item")
                    .fields()
                    .requiredString("id")
                    .requiredLong("n")
                    .endRecord();

    private final KafkaCluster kafka;

    @TempDir Path work;

    IngestSourcesIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldWriteEachNonBlankLineAsAValueRowWhenTheSocketServerStartsLate() throws Exception {
        String output = kafka.uniqueTopic("socket-out");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // free now; the server opens it after the pipeline starts
        }
        PipelinePlan plan =
                plan(
                        "socket-lines",
                        "source: {socket: {host: localhost, port: " + port + "}}",
                        output);
        PipelineRunner runner = new PipelineRunner(plan, settings(), System.out);
        CompletableFuture<PipelineRunner.Outcome> run = CompletableFuture.supplyAsync(runner::run);

        try (ServerSocket server = new ServerSocket(port);
                Socket client = server.accept()) {
            OutputStream out = client.getOutputStream();
            out.write("alpha\n\nbeta \"quoted\"\r\n   \ngamma".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        await().atMost(DEADLINE).until(() -> Topics.readCommittedValues(kafka, output).size() >= 3);
        runner.stop();

        assertThat(run.get()).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(Topics.readCommittedValues(kafka, output))
                .containsExactly(
                        "{\"value\":\"alpha\"}",
                        "{\"value\":\"beta \\\"quoted\\\"\"}",
                        "{\"value\":\"gamma\"}");
    }

    @Test
    void shouldDecodeEachLineAsARecordAndDeadLetterABadOneWhenASocketSourceHasAFormat()
            throws Exception {
        String name = kafka.uniqueTopic("socket-csv");
        String output = name + "-out";
        try (ServerSocket server = new ServerSocket(0)) {
            PipelinePlan plan =
                    Pipelines.named(name)
                            .source(
                                    Source.socket("localhost", server.getLocalPort())
                                            .format("csv")
                                            .schema(ITEM))
                            .sink(Sink.topic(output).format("json"))
                            .build()
                            .plan();
            PipelineRunner runner = new PipelineRunner(plan, settings(), System.out);
            CompletableFuture<PipelineRunner.Outcome> run =
                    CompletableFuture.supplyAsync(runner::run);

            try (Socket client = server.accept()) {
                client.getOutputStream()
                        .write("x,1\nnot a number,y\ny,2\n".getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(DEADLINE)
                    .until(() -> Topics.readCommittedValues(kafka, output).size() >= 2);
            await().atMost(DEADLINE)
                    .until(() -> Topics.readCommittedValues(kafka, name + "-dlq").size() >= 1);
            runner.stop();

            assertThat(run.get()).isEqualTo(PipelineRunner.Outcome.FINISHED);
        }
        assertThat(Topics.readCommittedValues(kafka, output))
                .containsExactly("{\"id\":\"x\",\"n\":1}", "{\"id\":\"y\",\"n\":2}");
        assertThat(Topics.readCommittedValues(kafka, name + "-dlq"))
                .containsExactly("not a number,y");
    }

    @Test
    void shouldContinueTheCounterWithoutGapsOrRepeatsWhenTheRateSourceRestarts() throws Exception {
        String output = kafka.uniqueTopic("rate-out");
        PipelinePlan plan =
                plan(
                        "rate",
                        "source: {rate: {rowsPerSecond: 200}, timestamp: timestamp, watermark: 1s}",
                        output);
        long startMs = System.currentTimeMillis();

        runUntil(plan, output, 300);
        runUntil(plan, output, 700);
        long endMs = System.currentTimeMillis();

        List<JsonNode> rows = new ArrayList<>();
        for (String value : Topics.readCommittedValues(kafka, output)) {
            rows.add(JSON.readTree(value));
        }
        assertThat(rows).hasSizeGreaterThanOrEqualTo(700);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get("value").asLong()).as("row %s", i).isEqualTo(i);
            long timestamp = rows.get(i).get("timestamp").asLong();
            assertThat(timestamp).isBetween(startMs, endMs);
            if (i > 0) {
                assertThat(timestamp)
                        .isGreaterThanOrEqualTo(rows.get(i - 1).get("timestamp").asLong());
            }
        }
        // the rate is a ceiling: never more rows than due in the time both runs took
        assertThat((long) rows.size()).isLessThanOrEqualTo(200 * (endMs - startMs) / 1000 + 200);
    }

    @Test
    void shouldIngestEachFileOnceInNameOrderWhenAvailableNowRunsTwiceOnADirectory()
            throws Exception {
        String name = kafka.uniqueTopic("files");
        String output = name + "-out";
        Path in = Files.createDirectories(work.resolve("in"));
        Files.writeString(in.resolve("b.jsonl"), "{\"id\": \"b1\", \"n\": 1}\n\n{\"id\": broken\n");
        Files.writeString(
                in.resolve("a.jsonl"), "{\"id\": \"a1\", \"n\": 1}\r\n{\"id\": \"a2\", \"n\": 2}");
        Files.writeString(in.resolve(".c.jsonl.tmp"), "{\"id\": \"hidden\", \"n\": 0}\n");
        Files.writeString(in.resolve("_c.jsonl"), "{\"id\": \"underscore\", \"n\": 0}\n");
        Files.writeString(in.resolve("notes.txt"), "{\"id\": \"other\", \"n\": 0}\n");
        PipelinePlan plan =
                Pipelines.named(name)
                        .source(Source.files(in).pattern("*.jsonl").format("json").schema(ITEM))
                        .trigger(new Trigger.AvailableNow())
                        .sink(Sink.topic(output).format("json"))
                        .build()
                        .plan();

        new EngineRuns(kafka, work).run(plan);
        Files.writeString(in.resolve("c.jsonl"), "{\"id\": \"c1\", \"n\": 3}\n");
        new EngineRuns(kafka, work).run(plan);

        assertThat(Topics.readCommittedValues(kafka, output))
                .containsExactly(
                        "{\"id\":\"a1\",\"n\":1}",
                        "{\"id\":\"a2\",\"n\":2}",
                        "{\"id\":\"b1\",\"n\":1}",
                        "{\"id\":\"c1\",\"n\":3}");
        assertThat(Topics.readCommittedValues(kafka, name + "-dlq"))
                .containsExactly("{\"id\": broken");
    }

    @Test
    void shouldFailTheRunNamingTheFileWhenAvailableNowCannotReadAFile() throws Exception {
        String name = kafka.uniqueTopic("unreadable");
        String output = name + "-out";
        Path in = Files.createDirectories(work.resolve("unreadable"));
        Files.writeString(in.resolve("a.jsonl"), "{\"id\": \"a1\", \"n\": 1}\n");
        // a regular file whose read fails even for root (tests may run as root)
        Files.createSymbolicLink(in.resolve("b.jsonl"), Path.of("/proc/self/mem"));
        Files.writeString(in.resolve("c.jsonl"), "{\"id\": \"c1\", \"n\": 3}\n");
        PipelinePlan plan =
                Pipelines.named(name)
                        .source(Source.files(in).pattern("*.jsonl").format("json").schema(ITEM))
                        .trigger(new Trigger.AvailableNow())
                        .sink(Sink.topic(output).format("json"))
                        .build()
                        .plan();

        assertThatThrownBy(() -> new EngineRuns(kafka, work).run(plan))
                .isInstanceOf(SluiceException.class)
                .hasMessageStartingWith(
                        "Pipeline "
                                + name
                                + ": cannot read the source file "
                                + in.resolve("b.jsonl"))
                .hasMessageEndingWith("; it and the files after it were not ingested");
    }

    @Test
    void shouldIngestEachFileOnceWhenTwoInstancesRunTheFileSource() throws Exception {
        String name = kafka.uniqueTopic("two-files");
        String output = name + "-out";
        Path in = Files.createDirectories(work.resolve("two"));
        PipelinePlan plan =
                Pipelines.named(name)
                        .source(Source.files(in).format("csv").schema(ITEM))
                        .sink(Sink.topic(output).format("json"))
                        .build()
                        .plan();
        Files.writeString(in.resolve("1.csv"), "a,1\n");
        PipelineRunner first =
                new PipelineRunner(
                        plan, EngineSettings.of(kafka.bootstrapServers(), "one"), System.out);
        CompletableFuture<PipelineRunner.Outcome> firstRun =
                CompletableFuture.supplyAsync(first::run);
        await().atMost(DEADLINE).until(() -> Topics.readCommittedValues(kafka, output).size() >= 1);

        PipelineRunner second =
                new PipelineRunner(
                        plan, EngineSettings.of(kafka.bootstrapServers(), "two"), System.out);
        CompletableFuture<PipelineRunner.Outcome> secondRun =
                CompletableFuture.supplyAsync(second::run);
        for (int i = 2; i <= 20; i++) {
            Files.writeString(in.resolve(".tmp"), "f" + i + "," + i + "\n");
            Files.move(in.resolve(".tmp"), in.resolve(i + ".csv"));
        }
        await().atMost(DEADLINE)
                .until(() -> Topics.readCommittedValues(kafka, output).size() >= 20);
        first.stop();
        second.stop();

        assertThat(firstRun.get()).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(secondRun.get()).isEqualTo(PipelineRunner.Outcome.FINISHED);
        List<String> expected = new ArrayList<>(List.of("{\"id\":\"a\",\"n\":1}"));
        for (int i = 2; i <= 20; i++) {
            expected.add("{\"id\":\"f" + i + "\",\"n\":" + i + "}");
        }
        assertThat(Topics.readCommittedValues(kafka, output))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Runs {@code plan} until its output holds {@code rows} rows, then stops it. */
    private void runUntil(PipelinePlan plan, String output, int rows) throws Exception {
        PipelineRunner runner = new PipelineRunner(plan, settings(), System.out);
        CompletableFuture<PipelineRunner.Outcome> run = CompletableFuture.supplyAsync(runner::run);
        await().atMost(DEADLINE)
                .until(() -> Topics.readCommittedValues(kafka, output).size() >= rows);
        runner.stop();
        assertThat(run.get()).isEqualTo(PipelineRunner.Outcome.FINISHED);
    }

    private PipelinePlan plan(String prefix, String source, String output) throws IOException {
        String yaml =
                String.join(
                        "\n",
                        "name: " + kafka.uniqueTopic(prefix),
                        source,
                        "sink: {topic: " + output + ", format: json}",
                        "");
        Path file = work.resolve(prefix + "-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        return PipelineFile.compile(file);
    }

    private EngineSettings settings() {
        return EngineSettings.of(kafka.bootstrapServers(), "it").withStateDirectory(work);
    }
}
