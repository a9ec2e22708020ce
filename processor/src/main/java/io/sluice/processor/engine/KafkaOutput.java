package io.sluice.processor.engine;

import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.stateful.Deletion;
import io.sluice.serdes.CodecException;
import io.sluice.serdes.RowEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Encodes rows for a Kafka sink topic: value in the sink's format, key from the key expression (or
 * the input record's key), the input's timestamp, and its headers passed through by default.
 */
final class KafkaOutput implements OutputWriter {
    private final String topic;
    private final RowEncoder encoder;
    private final Function<GenericRecord, Object> key;
    private final boolean passHeaders;
    private final Header[] extraHeaders;
    private final int extraHeaderBytes;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private ConsumerRecord<byte[], byte[]> input;
    private final int maxRecordBytes;
    private DeadLetters.Stage errorStage = DeadLetters.Stage.ENCODE;

    KafkaOutput(SinkPlan.Kafka sink, int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
        this.topic = sink.topic();
        this.encoder = sink.encoders().get();
        this.key = sink.key();
        this.passHeaders = sink.passHeaders();
        this.extraHeaders = headers(sink.headers());
        this.extraHeaderBytes = DeadLetters.headerBytes(java.util.Arrays.asList(extraHeaders));
    }

    /** {@inheritDoc} A null {@code input} means rows of an aggregation: no input key or headers. */
    @Override
    public String prepare(List<GenericRecord> rows, ConsumerRecord<byte[], byte[]> input) {
        this.input = input;
        keys.clear();
        values.clear();
        errorStage = DeadLetters.Stage.ENCODE;
        // framing and headers are the same for every row of one input record: counted once
        long fixedBytes =
                DeadLetters.RECORD_OVERHEAD_BYTES
                        + extraHeaderBytes
                        + (passHeaders && input != null
                                ? DeadLetters.headerBytes(input.headers())
                                : 0);
        for (int i = 0; i < rows.size(); i++) {
            GenericRecord row = rows.get(i);
            try {
                // a deletion of a key: a tombstone
                values.add(row instanceof Deletion ? null : encoder.encode(row));
                keys.add(
                        key != null
                                ? keyBytes(key.apply(row))
                                : input != null ? input.key() : null);
            } catch (CodecException e) {
                return e.getMessage();
            } catch (RuntimeException e) {
                return "the key expression failed: " + e.getMessage();
            }
            long size = fixedBytes + sizeOf(keys.get(i), values.get(i));
            if (size > maxRecordBytes) {
                // refused here: sent, it would fail the transaction (or, refused by the broker,
                // make the producer split and retry without end, KAFKA-8350)
                errorStage = DeadLetters.Stage.SINK;
                return String.format(
                        "the output record is about %d bytes, more than the %d that topic %s or"
                                + " the producer takes (max.message.bytes, max.request.size)",
                        size, maxRecordBytes, topic);
            }
        }
        return null;
    }

    @Override
    public DeadLetters.Stage errorStage() {
        return errorStage;
    }

    private static long sizeOf(byte[] keyBytes, byte[] value) {
        return (long) (value == null ? 0 : value.length) + (keyBytes == null ? 0 : keyBytes.length);
    }

    @Override
    public int write(RecordProcessor.Sender sender, Callback sent) {
        int n = values.size();
        for (int i = 0; i < n; i++) {
            sender.send(
                    new ProducerRecord<>(
                            topic,
                            null,
                            input == null ? null : DeadLetters.timestamp(input),
                            keys.get(i),
                            values.get(i),
                            headers()),
                    sent);
        }
        return n;
    }

    private Iterable<Header> headers() {
        boolean pass = passHeaders && input != null; // aggregated rows have no one input record
        if (extraHeaders.length == 0) {
            return pass ? input.headers() : null;
        }
        RecordHeaders headers =
                pass ? new RecordHeaders(input.headers().toArray()) : new RecordHeaders();
        for (Header header : extraHeaders) {
            headers.add(header);
        }
        return headers;
    }

    private static byte[] keyBytes(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Header[] headers(Map<String, String> configured) {
        RecordHeaders headers = new RecordHeaders();
        configured.forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return headers.toArray();
    }
}
