package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.api.FileSinkReader;
import io.sluice.processor.plan.FileSinkManifest;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.csv.CsvOptions;
import io.sluice.serdes.json.JsonOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        FileOutput output = open("a", -1);
        write(output, "orders", 0, row("x", 1), row("y", 2));
        write(output, "orders", 1, row("z", 3));

        output.beforeCommit(4, sender);

        assertThat(FileSinkReader.committedFiles(directory)).isEmpty();
        assertThat(directory.resolve("_sluice_manifest/4-a.pending")).exists();
        assertThat(new String(sent.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("4");
        assertThat(sent.get(0).topic()).isEqualTo(MARKS);

        output.afterCommit(4);

        assertThat(FileSinkReader.committedFiles(directory))
                .containsExactly(
                        directory.resolve("a/part-4-orders-0.jsonl"),
                        directory.resolve("a/part-4-orders-1.jsonl"));
        assertThat(FileSinkReader.committedLines(directory))
                .containsExactly(
                        "{\"id\":\"x\",\"n\":1}",
                        "{\"id\":\"y\",\"n\":2}",
                        "{\"id\":\"z\",\"n\":3}");
        assertThat(directory.resolve("_sluice_manifest/4-a.pending")).doesNotExist();
    }

    @Test
    void shouldDeleteAnAbortedBatchsFilesAndRewriteThemOnReplay() {
        FileOutput output = open("a", -1);
        write(output, "orders", 0, row("x", 1));
        output.beforeCommit(4, sender);

        output.afterAbort();

        assertThat(directory.resolve("a/part-4-orders-0.jsonl")).doesNotExist();
        assertThat(directory.resolve("_sluice_manifest/4-a.pending")).doesNotExist();

        write(output, "orders", 0, row("x", 1));
        output.beforeCommit(4, sender);
        output.afterCommit(4);

        assertThat(FileSinkReader.committedLines(directory))
                .containsExactly("{\"id\":\"x\",\"n\":1}");
    }

    @Test
    void shouldPromoteAPendingBatchOnStartWhenItsMarkCommitted() {
        FileOutput crashed = open("a", -1);
        write(crashed, "orders", 0, row("x", 1));
        crashed.beforeCommit(4, sender); // the transaction commits, then the process dies

        open("a", 4);

        assertThat(FileSinkReader.committedLines(directory))
                .containsExactly("{\"id\":\"x\",\"n\":1}");
        assertThat(directory.resolve("_sluice_manifest/4-a")).exists();
    }

    @Test
    void shouldDeleteAPendingBatchOnStartWhenItsMarkDidNotCommit() throws Exception {
        FileOutput crashed = open("a", -1);
        write(crashed, "orders", 0, row("x", 1));
        crashed.beforeCommit(5, sender); // the process dies before the commit
        Files.writeString(directory.resolve("_sluice_tmp/a/part-6-orders-0.jsonl"), "half");

        open("a", 4);

        assertThat(FileSinkReader.committedFiles(directory)).isEmpty();
        assertThat(directory.resolve("a/part-5-orders-0.jsonl")).doesNotExist();
        assertThat(directory.resolve("_sluice_manifest/5-a.pending")).doesNotExist();
        assertThat(directory.resolve("_sluice_tmp/a")).isEmptyDirectory();
    }

    @Test
    void shouldLeaveAnotherInstancesPendingBatchAloneOnStart() {
        FileOutput other = open("b", -1);
        write(other, "orders", 2, row("x", 1));
        other.beforeCommit(5, sender);

        open("a", -1);

        assertThat(directory.resolve("_sluice_manifest/5-b.pending")).exists();
        assertThat(directory.resolve("b/part-5-orders-2.jsonl")).exists();
    }

    @Test
    void shouldStartEachCsvFileWithAHeaderLine() {
        FileOutput output = open(csvPlan(), "a", -1);
        write(output, "orders", 0, row("x", 1), row("y", 2));
        write(output, "orders", 1, row("z", 3));

        output.beforeCommit(0, sender);
        output.afterCommit(0);

        assertThat(FileSinkReader.committedLines(directory))
                .containsExactly("id,n", "x,1", "y,2", "id,n", "z,3");
    }

    @Test
    void shouldWriteNothingForABatchWithoutRows() {
        FileOutput output = open("a", -1);

        output.beforeCommit(3, sender);
        output.afterCommit(3);

        assertThat(sent).isEmpty();
        assertThat(FileSinkManifest.committed(directory)).isEmpty();
    }

    private FileOutput open(String instance, long lastCommittedMark) {
        return open(jsonPlan(), instance, lastCommittedMark);
    }

    private FileOutput open(SinkPlan.Files plan, String instance, long lastCommittedMark) {
        return FileOutput.open(plan, instance, MARKS, lastCommittedMark);
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
