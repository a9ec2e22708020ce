package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once of the file source under crashes: a pipeline reading a directory of JSON-lines files
 * runs as its own process and is killed with SIGKILL while it ingests files and again while it
 * processes them, with more files arriving in between; every line must reach the output exactly
 * once, and the poison lines the dead-letter topic.
 */
@ExtendWith(KafkaClusterExtension.class)
class FileSourceCrashIT {
    private static final int INVOICES = 60_000;
    private static final int FILES = 30;
    private static final int FILES_AT_START = 20;

    private final KafkaCluster kafka;

    @TempDir Path work;

    FileSourceCrashIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldWriteEveryLineOfEveryFileExactlyOnceWhenKilledWhileIngestingAndProcessing()
            throws Exception {
        String name = kafka.uniqueTopic("files");
        String output = name + "-avro";
        Path in = Files.createDirectories(work.resolve("in"));
        Invoices.Generated generated = Invoices.generate(INVOICES, 1_000);
        List<List<String>> files = split(generated.values(), FILES);
        for (int i = 0; i < FILES_AT_START; i++) {
            drop(in, i, files.get(i));
        }
        Files.writeString(in.resolve("notes.txt"), "not a .jsonl file: never read\n");

        JvmProcess first = start(pipeline(name, in, output, ""), 1);
        long linesAtStart = files.subList(0, FILES_AT_START).stream().mapToLong(List::size).sum();
        // kill inside a file's transaction if one is seen open, else once a third is in
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(10))
                .until(
                        () -> {
                            long ingested = endOffsets(name + "-ingest");
                            return ingested >= linesAtStart / 3
                                            && !Topics.hasNoOpenTransactions(
                                                    kafka, name + "-ingest")
                                    || ingested >= linesAtStart / 2;
                        });
        first.kill();
        JvmProcess second = start(pipeline(name, in, output, ""), 2);
        for (int i = FILES_AT_START; i < FILES; i++) {
            drop(in, i, files.get(i));
        }
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> endOffsets(output) >= INVOICES / 2);
        second.kill();
        JvmProcess last = start(pipeline(name, in, output, "trigger: {availableNow: true}"), 3);
        int exit = last.waitFor(Duration.ofMinutes(3));

        assertThat(exit).as(last.output()).isZero();
        Map<String, Long> counts =
                Avro.read(kafka, output, PipelineFiles.INVOICE_SCHEMA).stream()
                        .map(r -> r.get("InvoiceNumber").toString())
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.values()).containsOnly(1L);
        assertThat(counts.keySet()).isEqualTo(new HashSet<>(generated.invoiceNumbers()));
        assertThat(Topics.readCommittedValues(kafka, name + "-dlq"))
                .containsExactlyInAnyOrderElementsOf(generated.poison());
        assertThat(Topics.readCommitted(kafka, name + "-ingest-files"))
                .extracting(r -> new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotHaveDuplicates()
                .hasSize(FILES);
    }

    /** {@code lines} as {@code count} lists of about equal size, in order. */
    private static List<List<String>> split(List<String> lines, int count) {
        int size = (lines.size() + count - 1) / count;
        List<List<String>> parts = new java.util.ArrayList<>();
        for (int from = 0; from < lines.size(); from += size) {
            parts.add(lines.subList(from, Math.min(lines.size(), from + size)));
        }
        return parts;
    }

    /** Writes a file under a dot-name, then renames it into place: the file source's rule. */
    private static void drop(Path directory, int index, List<String> lines) throws IOException {
        String name = String.format("invoices-%03d.jsonl", index);
        Path temporary = directory.resolve("." + name + ".tmp");
        Files.write(temporary, lines);
        Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private Path pipeline(String name, Path in, String output, String extra) throws IOException {
        String yaml =
                String.join(
                        "\n",
                        "name: " + name,
                        "source:",
                        "  file: " + in,
                        "  pattern: \"*.jsonl\"",
                        "  format: json",
                        "  schema: " + PipelineFiles.INVOICE_SCHEMA.toAbsolutePath(),
                        "maxRecordsPerBatch: 2000",
                        "sink:",
                        "  topic: " + output,
                        "  format: avro",
                        "  key: StoreID",
                        extra);
        Path file = work.resolve(name + "-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml + "\n");
        return file;
    }

    private JvmProcess start(Path pipeline, int run) {
        return SluiceProcess.run(
                kafka, pipeline, "files-test", work.resolve("run-" + run + ".log"));
    }

    /** The sum of a topic's last stable offsets: grows as transactions commit. */
    private long endOffsets(String topic) {
        try {
            return Topics.endOffsets(kafka, topic).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        } catch (org.apache.kafka.common.KafkaException e) {
            return 0; // the topic does not exist yet
        }
    }
}
