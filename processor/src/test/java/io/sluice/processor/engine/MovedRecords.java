package io.sluice.processor.engine;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Records of the repartition topic as a task reads them back, for the repartitioner's tests. */
final class MovedRecords {
    private MovedRecords() {}

    /** {@code sent} as a task reads it back, stamped by the producer at {@code nowMs}. */
    static ConsumerRecord<byte[], byte[]> readBack(
            ProducerRecord<byte[], byte[]> sent, long nowMs) {
        return record(
                sent.topic(),
                sent.partition(),
                nowMs,
                sent.key(),
                sent.value(),
                new RecordHeaders(sent.headers().toArray()));
    }

    /** A record read at offset 0 of {@code topic}/{@code partition}. */
    static ConsumerRecord<byte[], byte[]> record(
            String topic,
            int partition,
            long timestampMs,
            byte[] key,
            byte[] value,
            RecordHeaders headers) {
        return new ConsumerRecord<>(
                topic,
                partition,
                0L,
                timestampMs,
                TimestampType.CREATE_TIME,
                key == null ? 0 : key.length,
                value == null ? 0 : value.length,
                key,
                value,
                headers,
                Optional.empty());
    }
}
