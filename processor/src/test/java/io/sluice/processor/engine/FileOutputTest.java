package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.api.FileSinkReader;
import io.sluice.processor.plan.FileSinkManifest;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.csv.CsvOptions;
import io.sluice.serdes.json.JsonOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file sink's manifest protocol: pending until the commit, undone by an abort, settled on
 * start.
 */
class FileOutputTest {
    private static final Schema ROW =
            SchemaBuilder.record("Row").fields().requiredString("id").requiredInt("n").endRecord();
    private static final String MARKS = "p-batch-plans";

    @TempDir Path directory;

    private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    private final RecordProcessor.Sender sender = sent::add;

    @Test
    void shouldListABatchsFilesOnlyOnceItCommitted() {
        FileOutput output = open("a", Map.of());
        write(output, "orders", 0, row("x", 1), row("y", 2));
        write(output, "orders", 1, row("z", 3));

        output.beforeCommit(4, sender);

        assertThat(FileSinkReader.committedFiles(directory)).isEmpty();
        assertThat(pending(4, "a")).exists();
        assertThat(new String(sent.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("4");
        assertThat(sent.get(0).topic()).isEqualTo(MARKS);

        output.afterCommit(4);

        String run = runOf(sent.get(0));
        assertThat(FileSinkReader.committedFiles(directory))
                .containsExactly(
                        directory.resolve("a/part-4-orders-0-" + run + ".jsonl"),
                        directory.resolve("a/part-4-orders-1-" + run + ".jsonl"));
        assertThat(FileSinkReader.committedLines(directory))
                .containsExactly(
                        "{\"id\":\"x\",\"n\":1}",
                        "{\"id\":\"y\",\"n\":2}",
                        "{\"id\":\"z\",\"n\":3}");
        assertThat(pending(4, "a")).doesNotExist();
    }

    @Test
    void shouldDeleteAnAbortedBatchsFilesAndRewriteThemOnReplay() {
        FileOutput output = open("a", Map.of());
        write(output, "orders", 0, row("x", 1));
        output.beforeCommit(4, sender);

        output.afterAbort();

        assertThat(directory.resolve("a")).isEmptyDirectory();
        assertThat(pending(4, "a")).doesNotExist();

        write(output, "orders", 0, row("x", 1));
        output.beforeCommit(4, sender);
        output.afterCommit(4);

        assertThat(FileSinkReader.committedLines(directory))
                .containsExactly("{\"id\":\"x\",\"n\":1}");
    }

    @Test
    void shouldPromoteAPendingBatchOnStartWhenItsMarkCommitted() {
        FileOutput crashed = open("a", Map.of());
        write(crashed, "orders", 0, row("x", 1));
        crashed.beforeCommit(4, sender); // the transaction commits, then the process dies

        open("a", committedMarks());

        assertThat(FileSinkReader.committedLines(directory))
                .containsExactly("{\"id\":\"x\",\"n\":1}");
        assertThat(FileSinkManifest.committed(directory))
                .extracting(FileSinkManifest::batchId)
                .containsExactly(4L);
    }

    @Test
    void shouldKeepAnEarlierRunsBatchWhenALaterRunCommitsTheSameBatchId() {
        FileOutput first = open("a", Map.of());
        write(first, "orders", 0, row("x", 1));
        first.beforeCommit(0, sender);
        first.afterCommit(0);

        // a reset, or partitions whose last batch id was lower, start the ids again
        FileOutput second = open("a", committedMarks());
        write(second, "orders", 0, row("y", 2));
        second.beforeCommit(0, sender);
        second.afterCommit(0);

        assertThat(FileSinkReader.committedLines(directory))
                .containsExactlyInAnyOrder("{\"id\":\"x\",\"n\":1}", "{\"id\":\"y\",\"n\":2}");
    }

    @Test
    void shouldPromoteAPendingBatchWhoseIdAnEarlierRunCommittedToo() {
        FileOutput first = open("a", Map.of());
        write(first, "orders", 0, row("x", 1));
        first.beforeCommit(0, sender);
        first.afterCommit(0);
        FileOutput crashed = open("a", committedMarks());
        write(crashed, "orders", 0, row("y", 2));
        crashed.beforeCommit(0, sender); // the transaction commits, then the process dies

        open("a", committedMarks());

        assertThat(FileSinkReader.committedLines(directory))
                .containsExactlyInAnyOrder("{\"id\":\"x\",\"n\":1}", "{\"id\":\"y\",\"n\":2}");
    }

    @Test
    void shouldDeleteAPendingBatchOnStartWhenItsMarkDidNotCommit() throws Exception {
        FileOutput crashed = open("a", Map.of());
        write(crashed, "orders", 0, row("x", 1));
        crashed.beforeCommit(5, sender); // the process dies before the commit
        Files.writeString(directory.resolve("_sluice_tmp/a/part-6-orders-0-x.jsonl"), "half");

        open("a", Map.of("earlier", 4L));

        assertThat(FileSinkReader.committedFiles(directory)).isEmpty();
        assertThat(directory.resolve("a")).isEmptyDirectory();
        assertThat(pending(5, "a")).doesNotExist();
        assertThat(directory.resolve("_sluice_tmp/a")).isEmptyDirectory();
    }

    @Test
    void shouldLeaveAnotherInstancesPendingBatchAloneOnStart() {
        FileOutput other = open("b", Map.of());
        write(other, "orders", 2, row("x", 1));
        other.beforeCommit(5, sender);

        open("a", Map.of());

        assertThat(pending(5, "b")).exists();
        assertThat(directory.resolve("b")).isNotEmptyDirectory();
    }

    @Test
    void shouldKeepANewRunsFilesWhenAFencedEarlierRunAbortsTheSameBatch() {
        FileOutput zombie = open("a", Map.of());
        write(zombie, "orders", 0, row("old", 1));
        zombie.beforeCommit(5, sender); // then it stalls; a new run of the instance starts
        FileOutput current = open("a", Map.of("earlier", 4L));
        write(current, "orders", 0, row("new", 1));
        current.beforeCommit(5, sender);

        zombie.afterAbort(); // fenced
        current.afterCommit(5);

        assertThat(FileSinkReader.committedLines(directory))
                .containsExactly("{\"id\":\"new\",\"n\":1}");
    }

    @Test
    void shouldPromoteOnlyTheMarkedRunsEntryWhenTwoRunsLeftOneBatchPending() {
        FileOutput zombie = open("a", Map.of());
        write(zombie, "orders", 0, row("old", 1));
        zombie.beforeCommit(5, sender);
        FileOutput current = open("a", Map.of("earlier", 4L));
        write(current, "orders", 0, row("new", 1));
        current.beforeCommit(5, sender); // commits, then the machine dies with both stalled
        write(zombie, "orders", 0, row("old", 1));
        zombie.beforeCommit(5, sender); // the zombie wrote its entry again

        open("a", Map.of(runOf(sent.get(1)), 5L));

        assertThat(FileSinkReader.committedLines(directory))
                .containsExactly("{\"id\":\"new\",\"n\":1}");
        assertThat(directory.resolve("a").toFile().list()).hasSize(1);
    }

    @Test
    void shouldDeleteAnEarlierRunsPendingBatchWhenOnlyALaterRunMarkedPastIt() {
        FileOutput zombie = open("a", Map.of());
        write(zombie, "orders", 0, row("old", 1));
        zombie.beforeCommit(5, sender); // killed before its commit, after the next run started
        FileOutput current = open("a", Map.of());
        write(current, "orders", 1, row("new", 1));
        current.beforeCommit(7, sender);
        current.afterCommit(7);

        open("a", Map.of(runOf(sent.get(1)), 7L));

        assertThat(FileSinkReader.committedLines(directory))
                .containsExactly("{\"id\":\"new\",\"n\":1}");
        assertThat(pending(5, "a")).doesNotExist();
        assertThat(directory.resolve("a").toFile().list()).hasSize(1);
    }

    @Test
    void shouldStartEachCsvFileWithAHeaderLine() {
        FileOutput output = open(csvPlan(), "a", Map.of());
        write(output, "orders", 0, row("x", 1), row("y", 2));
        write(output, "orders", 1, row("z", 3));

        output.beforeCommit(0, sender);
        output.afterCommit(0);

        assertThat(FileSinkReader.committedLines(directory))
                .containsExactly("id,n", "x,1", "y,2", "id,n", "z,3");
    }

    @Test
    void shouldWriteNothingForABatchWithoutRows() {
        FileOutput output = open("a", Map.of());

        output.beforeCommit(3, sender);
        output.afterCommit(3);

        assertThat(sent).isEmpty();
        assertThat(FileSinkManifest.committed(directory)).isEmpty();
    }

    private FileOutput open(String instance, Map<String, Long> lastCommittedMark) {
        return open(jsonPlan(), instance, lastCommittedMark);
    }

    private FileOutput open(
            SinkPlan.Files plan, String instance, Map<String, Long> lastCommittedMark) {
        return FileOutput.open(plan, instance, MARKS, lastCommittedMark);
    }

    /** The marks sent so far, as if every transaction that sent one committed. */
    private Map<String, Long> committedMarks() {
        Map<String, Long> marks = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> mark : sent) {
            marks.merge(
                    runOf(mark),
                    Long.parseLong(new String(mark.value(), StandardCharsets.UTF_8)),
                    Math::max);
        }
        return marks;
    }

    /** The run id a mark's key names: {@code <instance>/files/<run>}. */
    private static String runOf(ProducerRecord<byte[], byte[]> mark) {
        String key = new String(mark.key(), StandardCharsets.UTF_8);
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The pending entry of {@code batchId} of {@code instance}, of whichever run wrote it. */
    private Path pending(long batchId, String instance) {
        Path manifest = directory.resolve("_sluice_manifest");
        String prefix = batchId + "-" + instance + "-";
        try (Stream<Path> files = Files.list(manifest)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .filter(f -> f.getFileName().toString().endsWith(".pending"))
                    .findFirst()
                    .orElse(manifest.resolve(prefix + "none.pending"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SinkPlan.Files jsonPlan() {
        FormatSpec json = new FormatSpec.Json(JsonOptions.defaults());
        return new SinkPlan.Files(
                directory,
                "json",
                "jsonl",
                ROW,
                () -> Codecs.encoder(json, ROW),
                () -> Codecs.encoder(json, ROW));
    }

    private SinkPlan.Files csvPlan() {
        FormatSpec lines = new FormatSpec.Csv(CsvOptions.defaults());
        FormatSpec first = new FormatSpec.Csv(CsvOptions.defaults().withHeader(true));
        return new SinkPlan.Files(
                directory,
                "csv",
                "csv",
                ROW,
                () -> Codecs.encoder(lines, ROW),
                () -> Codecs.encoder(first, ROW));
    }

    /** The rows one input record of {@code topic}-{@code partition} produced, written. */
    private static void write(
            FileOutput output, String topic, int partition, GenericRecord... rows) {
        ConsumerRecord<byte[], byte[]> input =
                new ConsumerRecord<>(topic, partition, 0L, null, null);
        assertThat(output.prepare(List.of(rows), input)).isNull();
        output.write(null, null);
    }

    private static GenericRecord row(String id, int n) {
        GenericRecord row = new GenericData.Record(ROW);
        row.put("id", id);
        row.put("n", n);
        return row;
    }
}
