package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.PipelinePlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSON record that names a field twice, through a pipeline file: dead-lettered with a reason
 * naming the field, or decoded with its last value under {@code duplicateFields: last}.
 */
class JsonDuplicateFieldTest {
    private static final String RECORD = "{\"id\": \"a\", \"total\": 1.5, \"total\": 2.5}";

    @TempDir Path directory;

    private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

    @Test
    void shouldDeadLetterTheRecordNamingTheFieldWhenAFieldAppearsTwice() throws IOException {
        RecordProcessor processor = processor("");

        processor.process(input(RECORD));

        assertThat(sent).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = sent.get(0);
        assertThat(dead.topic()).isEqualTo("dup-dlq");
        assertThat(text(dead.value())).isEqualTo(RECORD);
        assertThat(header(dead, DeadLetters.STAGE)).isEqualTo("decode");
        assertThat(header(dead, DeadLetters.REASON))
                .isEqualTo(
                        "duplicate field name 'total' (the json option duplicateFields: last keeps"
                                + " the last value) at field total (offset 26)");
        assertThat(processor.counters().deadLettered()).isEqualTo(1);
    }

    @Test
    void shouldWriteTheLastValueWhenDuplicateFieldsIsLast() throws IOException {
        RecordProcessor processor = processor(", options: {duplicateFields: last}");

        processor.process(input(RECORD));

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).topic()).isEqualTo("out");
        assertThat(text(sent.get(0).value())).isEqualTo("{\"id\":\"a\",\"total\":2.5}");
        assertThat(processor.counters().deadLettered()).isZero();
    }

    private RecordProcessor processor(String sourceOptions) throws IOException {
        Files.writeString(
                directory.resolve("r.avsc"),
                "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"id\", \"type\":"
                        + " \"string\"}, {\"name\": \"total\", \"type\": \"double\"}]}");
        Path file = directory.resolve("pipeline.yaml");
        Files.writeString(
                file,
                "name: dup\nsource: {topic: in, format: json, schema: r.avsc"
                        + sourceOptions
                        + "}\nsink: {topic: out, format: json}\n");
        PipelinePlan plan = PipelineFile.compile(file);
        return new RecordProcessor(plan, OutputWriter.of(plan.sink(), System.out), sent::add);
    }

    private static ConsumerRecord<byte[], byte[]> input(String value) {
        return new ConsumerRecord<>("in", 0, 0L, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String key) {
        return text(record.headers().lastHeader(key).value());
    }
}
