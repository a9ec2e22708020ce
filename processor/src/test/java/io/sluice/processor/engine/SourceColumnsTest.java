package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.PipelinePlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline decodes only the source columns its steps and sink read; a value in a column it never
 * reads is skipped unchecked, while a bad value in a column it reads still dead-letters the record.
 */
class SourceColumnsTest {
    private static final String SCHEMA =
            "{\"type\": \"record\", \"name\": \"Sale\", \"fields\": ["
                    + "{\"name\": \"id\", \"type\": \"string\"},"
                    + "{\"name\": \"kind\", \"type\": \"string\"},"
                    + "{\"name\": \"qty\", \"type\": \"int\"},"
                    + "{\"name\": \"price\", \"type\": \"double\"},"
                    + "{\"name\": \"ts\", \"type\": {\"type\": \"long\","
                    + " \"logicalType\": \"timestamp-millis\"}},"
                    + "{\"name\": \"note\", \"type\": \"string\"}]}";

    @TempDir Path directory;

    private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

    @Test
    void shouldReadTheConditionsAndTheSelectedExpressionsColumnsWhenFilteringAndSelecting()
            throws IOException {
        PipelinePlan plan =
                plan(
                        "steps:\n"
                                + "  - where: \"kind = 'A'\"\n"
                                + "  - select: {id: id, total: \"price * qty\"}\n");

        assertThat(names(plan, SourceColumns.read(plan)))
                .containsExactly("id", "kind", "price", "qty");
    }

    @Test
    void shouldReadWhatTheSinkKeepsWhenAddingAndDroppingColumns() throws IOException {
        PipelinePlan plan =
                plan(
                        "steps:\n"
                                + "  - withColumn: {name: total, expr: \"price * qty\"}\n"
                                + "  - drop: [note, ts, price]\n");

        assertThat(names(plan, SourceColumns.read(plan)))
                .containsExactly("id", "kind", "price", "qty");
    }

    @Test
    void shouldReadTheGroupTheAggregatedAndTheEventTimeColumnsWhenAggregatingWindows()
            throws IOException {
        PipelinePlan plan =
                plan(
                        "steps:\n"
                                + "  - window: {type: tumbling, size: 15m}\n"
                                + "    groupBy: [kind]\n"
                                + "    aggregate: {sales: \"sum(price)\", n: \"count(*)\"}\n"
                                + "output: append\n",
                        ", timestamp: ts, watermark: 30m");

        assertThat(names(plan, SourceColumns.read(plan))).containsExactly("kind", "price", "ts");
    }

    @Test
    void shouldReadEveryColumnWhenThereIsNoStep() throws IOException {
        assertThat(SourceColumns.read(plan(""))).isEmpty();
    }

    @Test
    void shouldWriteTheRecordWhenAColumnItDoesNotReadHoldsAWrongValue() throws IOException {
        PipelinePlan plan =
                plan(
                        "steps:\n"
                                + "  - where: \"kind = 'A'\"\n"
                                + "  - select: {id: id, total: \"price * qty\"}\n");
        RecordProcessor processor =
                new RecordProcessor(plan, OutputWriter.of(plan.sink(), System.out), sent::add);

        processor.process(
                input(
                        "{\"id\": \"s1\", \"kind\": \"A\", \"qty\": 2, \"price\": 1.5,"
                                + " \"ts\": \"yesterday\", \"note\": {\"any\": [1]}}"));
        processor.process(input("{\"id\": \"s2\", \"kind\": \"A\", \"qty\": \"two\"}"));

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).topic()).isEqualTo("out");
        assertThat(text(sent.get(0).value())).isEqualTo("{\"id\":\"s1\",\"total\":3.0}");
        assertThat(sent.get(1).topic()).isEqualTo("sales-dlq");
        assertThat(text(sent.get(1).headers().lastHeader(DeadLetters.REASON).value()))
                .contains("at field qty");
    }

    private PipelinePlan plan(String steps) throws IOException {
        return plan(steps, "");
    }

    private PipelinePlan plan(String steps, String sourceOptions) throws IOException {
        Files.writeString(directory.resolve("sale.avsc"), SCHEMA);
        Path file = directory.resolve("pipeline.yaml");
        Files.writeString(
                file,
                "name: sales\nsource: {topic: in, format: json, schema: sale.avsc"
                        + sourceOptions
                        + "}\n"
                        + steps
                        + "sink: {topic: out, format: json}\n");
        return PipelineFile.compile(file);
    }

    /** The names of the source columns read, in name order; empty for all of them. */
    private static TreeSet<String> names(PipelinePlan plan, Optional<BitSet> read) {
        assertThat(read).isPresent();
        Schema schema = plan.source().schema();
        TreeSet<String> names = new TreeSet<>();
        read.get().stream().forEach(i -> names.add(schema.getFields().get(i).name()));
        return names;
    }

    private static ConsumerRecord<byte[], byte[]> input(String value) {
        return new ConsumerRecord<>("in", 0, 0L, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
