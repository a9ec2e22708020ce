package io.sluice.processor.engine;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the input record's key, value and headers as they were, plus headers
 * naming the error and where the record came from.
 */
final class DeadLetters {
    static final String STAGE = "sluice.error.stage";
    static final String REASON = "sluice.error.reason";
    static final String PIPELINE = "sluice.pipeline";
    static final String SOURCE_TOPIC = "sluice.source.topic";
    static final String SOURCE_PARTITION = "sluice.source.partition";
    static final String SOURCE_OFFSET = "sluice.source.offset";

    /** Where in the pipeline a record failed. */
    enum Stage {
        DECODE("decode"),
        EVALUATE("evaluate"),
        ENCODE("encode"),
        LATE("late");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final String topic;
    private final byte[] pipeline;

    DeadLetters(String topic, String pipeline) {
        this.topic = topic;
        this.pipeline = utf8(pipeline);
    }

    String topic() {
        return topic;
    }

    ProducerRecord<byte[], byte[]> record(
            ConsumerRecord<byte[], byte[]> input, Stage stage, String reason) {
        return build(input, input.value(), stage, reason, true);
    }

    /**
     * A dead letter for {@code input} with {@code value} instead of its own: a row read back from
     * the repartition topic goes out as readable JSON, under the source headers it carries.
     */
    ProducerRecord<byte[], byte[]> repartitioned(
            ConsumerRecord<byte[], byte[]> input, byte[] value, Stage stage, String reason) {
        return build(input, value, stage, reason, false);
    }

    private ProducerRecord<byte[], byte[]> build(
            ConsumerRecord<byte[], byte[]> input,
            byte[] value,
            Stage stage,
            String reason,
            boolean addSource) {
        RecordHeaders headers = new RecordHeaders(input.headers().toArray());
        headers.add(STAGE, utf8(stage.label()));
        headers.add(REASON, utf8(reason));
        headers.add(PIPELINE, pipeline);
        if (addSource) {
            addSource(headers, input);
        }
        return new ProducerRecord<>(topic, null, timestamp(input), input.key(), value, headers);
    }

    /** Adds the headers that say where {@code input} was read. */
    static void addSource(RecordHeaders headers, ConsumerRecord<byte[], byte[]> input) {
        headers.add(SOURCE_TOPIC, utf8(input.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(input.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(input.offset())));
    }

    /** The input's timestamp for an output record; null (the producer's time) when it has none. */
    static Long timestamp(ConsumerRecord<byte[], byte[]> input) {
        return input.timestamp() < 0 ? null : input.timestamp();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
