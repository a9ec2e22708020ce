package io.sluice.processor.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
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

    /** Present when the value was cut to fit the topic: the size of the whole value in bytes. */
    static final String ORIGINAL_SIZE = "sluice.error.value.original.size";

    /** The producer's default {@code max.request.size}: the largest record it sends. */
    static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    /** Room for a record's framing in its batch, beyond key, value and headers; generous. */
    static final int RECORD_OVERHEAD_BYTES = 512;

    /** Where in the pipeline a record failed. */
    enum Stage {
        DECODE("decode"),
        EVALUATE("evaluate"),
        ENCODE("encode"),
        LATE("late"),
        SINK("sink");

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
    private final int maxRecordBytes;

    DeadLetters(String topic, String pipeline) {
        this(topic, pipeline, DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * @param maxRecordBytes the largest record the producer sends ({@code max.request.size}): a
     *     longer value is cut to fit, so that a record too large for the sink still has a dead
     *     letter
     */
    DeadLetters(String topic, String pipeline, int maxRecordBytes) {
        this.topic = topic;
        this.pipeline = utf8(pipeline);
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The largest value a dead letter keeps whole, before its key and headers take their part. */
    int maxValueBytes() {
        return Math.max(0, maxRecordBytes - RECORD_OVERHEAD_BYTES);
    }

    String topic() {
        return topic;
    }

    ProducerRecord<byte[], byte[]> record(
            ConsumerRecord<byte[], byte[]> input, Stage stage, String reason) {
        return build(input, input.value(), stage, reason, true, maxValueBytes());
    }

    /** A dead letter whose value keeps at most {@code maxValueBytes}, less its key and headers. */
    ProducerRecord<byte[], byte[]> record(
            ConsumerRecord<byte[], byte[]> input, Stage stage, String reason, int maxValueBytes) {
        return build(input, input.value(), stage, reason, true, maxValueBytes);
    }

    /** Where a moved row was read before it crossed the repartition topic. */
    record Origin(String topic, int partition, long offset) {}

    /**
     * A dead letter for {@code input} with {@code value} instead of its own: a row read back from
     * the repartition topic goes out as readable JSON, under the source headers of {@code origin}
     * (null for a row moved by an older version, which carries them as headers), with its event
     * time as timestamp.
     */
    ProducerRecord<byte[], byte[]> repartitioned(
            ConsumerRecord<byte[], byte[]> input,
            Origin origin,
            byte[] value,
            Stage stage,
            String reason) {
        long eventTimeMs = Repartitioner.eventTime(input);
        Long timestamp = eventTimeMs < 0 ? null : eventTimeMs;
        RecordHeaders headers = new RecordHeaders(input.headers().toArray());
        headers.remove(MoveHeader.KEY);
        if (origin != null) {
            headers.remove(SOURCE_TOPIC);
            headers.add(SOURCE_TOPIC, utf8(origin.topic()));
            headers.add(SOURCE_PARTITION, utf8(Integer.toString(origin.partition())));
            headers.add(SOURCE_OFFSET, utf8(Long.toString(origin.offset())));
        }
        return build(input, headers, value, stage, reason, maxValueBytes(), timestamp);
    }

    private ProducerRecord<byte[], byte[]> build(
            ConsumerRecord<byte[], byte[]> input,
            byte[] value,
            Stage stage,
            String reason,
            boolean addSource,
            int maxValueBytes) {
        RecordHeaders headers = new RecordHeaders(input.headers().toArray());
        if (addSource) {
            addSource(headers, input);
        }
        return build(input, headers, value, stage, reason, maxValueBytes, timestamp(input));
    }

    /** A dead letter of {@code input} under {@code headers}, to which it adds the error's. */
    private ProducerRecord<byte[], byte[]> build(
            ConsumerRecord<byte[], byte[]> input,
            RecordHeaders headers,
            byte[] value,
            Stage stage,
            String reason,
            int maxValueBytes,
            Long timestamp) {
        headers.add(STAGE, utf8(stage.label()));
        headers.add(REASON, utf8(reason));
        headers.add(PIPELINE, pipeline);
        byte[] key = input.key();
        int room = maxValueBytes - (key == null ? 0 : key.length) - headerBytes(headers);
        if (value != null && value.length > room) {
            headers.add(ORIGINAL_SIZE, utf8(Integer.toString(value.length)));
            value = Arrays.copyOf(value, Math.max(0, room - 64));
        }
        return new ProducerRecord<>(topic, null, timestamp, key, value, headers);
    }

    /** The bytes of the headers' keys and values, for a record's size. */
    static int headerBytes(Iterable<Header> headers) {
        int bytes = 0;
        for (Header header : headers) {
            bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return bytes;
    }

    /** Adds the headers that say where {@code input} was read. */
    private static void addSource(RecordHeaders headers, ConsumerRecord<byte[], byte[]> input) {
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
