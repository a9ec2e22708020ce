package io.sluice.processor.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.processor.plan.IngestPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes rows {@code {"timestamp": <epoch ms>, "value": <n>}} to the ingest topic at a rate, as
 * Spark's rate source; {@code value} counts from 0 and a restart goes on after the last committed
 * value, so across crashes no value repeats and none is skipped.
 *
 * <p>Implementation notes: each turn writes, in one transaction, the rows due by now since start
 * ({@link #rowsDue}: the rate ramps up linearly over {@code rampUpTime}) that are not written yet;
 * they carry the wall-clock time of the turn. After a start, or an aborted transaction, the next
 * value is read back from the topic: its last committed row plus one.
 */
final class RateIngester extends Ingester {
    private static final Duration TURN_INTERVAL = Duration.ofMillis(100);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IngestPlan.Rate rate;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final LongSupplier clock = System::currentTimeMillis;
    private long startMs;
    private long written; // rows written since startMs
    private long nextValue;

    RateIngester(
            String pipeline,
            IngestPlan.Rate rate,
            IngestProducer producer,
            Supplier<Consumer<byte[], byte[]>> consumers) {
        super(pipeline, producer, TURN_INTERVAL);
        this.rate = rate;
        this.consumers = consumers;
    }

    @Override
    void recover() {
        nextValue = lastCommittedValue() + 1;
        startMs = clock.getAsLong();
        written = 0;
    }

    @Override
    void turn() {
        long now = clock.getAsLong();
        long due = rowsDue(rate, now - startMs) - written;
        if (due <= 0) {
            return;
        }
        long first = nextValue;
        producer.inTransaction(
                () -> {
                    for (long value = first; value < first + due; value++) {
                        String row = "{\"timestamp\":" + now + ",\"value\":" + value + "}";
                        producer.send(topic, null, row.getBytes(StandardCharsets.UTF_8));
                    }
                });
        nextValue = first + due;
        written += due;
    }

    @Override
    void aborted() {
        // recover() after the new producer reads the next value back
    }

    @Override
    String describe() {
        return rate.describe();
    }

    /** How many rows are due {@code elapsedMs} after start: the area under the ramped rate. */
    static long rowsDue(IngestPlan.Rate rate, long elapsedMs) {
        double perMs = rate.rowsPerSecond() / 1000.0;
        long rampMs = rate.rampUpTime().toMillis();
        if (elapsedMs <= 0) {
            return 0;
        }
        if (elapsedMs < rampMs) {
            return (long) (perMs * elapsedMs * elapsedMs / (2.0 * rampMs));
        }
        return (long) (perMs * (elapsedMs - rampMs / 2.0));
    }

    /** The value of the last committed row of the topic, or -1 when it has none. */
    private long lastCommittedValue() {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            consumer.assign(List.of(partition));
            long begin = consumer.beginningOffsets(List.of(partition)).get(partition);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            // transaction markers take offsets too: look further back until a row turns up
            for (long back = 64; ; back *= 8) {
                long from = Math.max(begin, end - back);
                long last = lastValue(consumer, partition, from, end);
                if (last >= 0 || from == begin) {
                    return last;
                }
            }
        }
    }

    private static long lastValue(
            Consumer<byte[], byte[]> consumer, TopicPartition partition, long from, long end) {
        consumer.seek(partition, from);
        long last = -1;
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                last = Math.max(last, value(record));
            }
        }
        return last;
    }

    private static long value(ConsumerRecord<byte[], byte[]> record) {
        try {
            JsonNode row = JSON.readTree(record.value());
            return row.path("value").asLong(-1);
        } catch (IOException e) {
            return -1; // not a row of this source: the topic was written by something else
        }
    }
}
