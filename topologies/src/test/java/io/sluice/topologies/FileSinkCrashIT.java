package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.processor.api.FileSinkReader;
import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once into files under crashes: a pipeline with a file sink runs as its own process and is
 * killed with SIGKILL in the middle of its work, again and again; the files its manifest lists must
 * hold every invoice exactly once, and no file of a batch that never committed may be left.
 */
@ExtendWith(KafkaClusterExtension.class)
class FileSinkCrashIT {
    private static final int INVOICES = 40_000;
    private static final int KILLS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaCluster kafka;

    @TempDir Path work;

    FileSinkCrashIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldListEveryInvoiceExactlyOnceInCommittedFilesWhenKilledRepeatedlyMidBatch()
            throws Exception {
        String name = kafka.uniqueTopic("file-crash");
        String input = name + "-invoices";
        kafka.createTopics(4, input);
        Invoices.Generated generated = Invoices.generate(INVOICES, 2_000);
        Topics.produce(kafka, input, generated.values());
        Path output = work.resolve("out");
        Path pipeline = pipeline(name, input, output);

        int kills = 0;
        for (int run = 1; ; run++) {
            JvmProcess processor = start(pipeline, run);
            if (kills < KILLS) {
                long threshold = (long) INVOICES * (kills + 1) / (KILLS + 2);
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () ->
                                        FileSinkReader.committedLines(output).size() >= threshold
                                                || !processor.isAlive());
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
                FileSinkReader.committedLines(output).stream()
                        .map(FileSinkCrashIT::invoiceNumber)
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.values()).containsOnly(1L);
        assertThat(counts.keySet()).isEqualTo(new HashSet<>(generated.invoiceNumbers()));
        assertThat(Topics.readCommittedValues(kafka, name + "-dlq"))
                .containsExactlyInAnyOrderElementsOf(generated.poison());
        // what the crashed runs left unfinished was deleted on the next start
        assertThat(filesIn(output.resolve("crash-test")))
                .isEqualTo(new HashSet<>(FileSinkReader.committedFiles(output)));
        assertThat(filesIn(output.resolve("_sluice_manifest")))
                .noneMatch(f -> f.toString().endsWith(".pending"));
    }

    private Path pipeline(String name, String input, Path output) throws IOException {
        String yaml =
                String.join(
                        "\n",
                        "name: " + name,
                        "source:",
                        "  topic: " + input,
                        "  format: json",
                        "  schema: " + PipelineFiles.INVOICE_SCHEMA.toAbsolutePath(),
                        "maxRecordsPerBatch: 2000",
                        "trigger: {availableNow: true}",
                        "sink:",
                        "  type: file",
                        "  path: " + output,
                        "  format: json",
                        "");
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private JvmProcess start(Path pipeline, int run) {
        return SluiceProcess.run(
                kafka, pipeline, "crash-test", work.resolve("run-" + run + ".log"));
    }

    private static String invoiceNumber(String line) {
        try {
            return JSON.readTree(line).get("InvoiceNumber").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }

    private static Set<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.collect(Collectors.toSet());
        }
    }
}
