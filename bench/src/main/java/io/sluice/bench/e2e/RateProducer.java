package io.sluice.bench.e2e;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends generated invoices at a fixed rate, each with its send time in the {@value
 * OutputWatch#SENT_HEADER} header.
 *
 * <p>It wakes up every millisecond and sends the records due by then, so a rate of 20,000 a second
 * goes out in bursts of about 20; a record's send time is the moment it is handed to the producer
 * (Kafka's default {@code linger.ms}, 5 ms, follows). The producer is not transactional and uses
 * {@code acks=all}.
 */
final class RateProducer implements AutoCloseable {
    private static final long TICK_NANOS = 1_000_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final InvoiceGenerator generator;

    RateProducer(String bootstrap, String topic, InvoiceGenerator generator) {
        this.producer = new KafkaProducer<>(config(bootstrap));
        this.topic = topic;
        this.generator = generator;
    }

    /** Sends one invoice now; returns whether it is PRIME. */
    boolean sendOne() {
        Invoice invoice = generator.next();
        send(invoice);
        producer.flush();
        return invoice.isPrime();
    }

    /**
     * Sends {@code perSecond} invoices a second from now until {@code untilNanos}, and counts those
     * sent in [{@code measureFromNanos}, {@code untilNanos}); tells {@code window} when that window
     * opens (at the first tick at or after {@code measureFromNanos}) and closes (after the last
     * tick, before the producer is flushed).
     */
    Sent sendAtRate(int perSecond, long measureFromNanos, long untilNanos, Window window) {
        long start = System.nanoTime();
        long total = 0;
        long measured = 0;
        long measuredPrime = 0;
        boolean isOpen = false;
        for (long now = start; now < untilNanos; now = System.nanoTime()) {
            if (!isOpen && now >= measureFromNanos) {
                window.opened();
                isOpen = true;
            }
            long due = (now - start) * perSecond / 1_000_000_000L + 1;
            while (total < due) {
                Invoice invoice = generator.next();
                long sentNanos = send(invoice);
                total++;
                if (sentNanos >= measureFromNanos && sentNanos < untilNanos) {
                    measured++;
                    measuredPrime += invoice.isPrime() ? 1 : 0;
                }
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
        window.closed();
        producer.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Sent(total, measured, measuredPrime, total / seconds);
    }

    private long send(Invoice invoice) {
        RecordHeaders headers = new RecordHeaders();
        long now = System.nanoTime();
        headers.add(OutputWatch.SENT_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(now).array());
        producer.send(
                new ProducerRecord<>(topic, null, null, invoice.key(), invoice.value(), headers));
        return now;
    }

    @Override
    public void close() {
        producer.close();
    }

    /**
     * Told, on the sending thread, when the measured window of {@link #sendAtRate} opens and
     * closes.
     */
    interface Window {
        void opened();

        void closed();
    }

    /**
     * What {@link #sendAtRate} sent.
     *
     * @param total all records sent
     * @param measured those sent inside the measured window
     * @param measuredPrime the PRIME invoices among those
     * @param achievedRate records per second actually sent
     */
    record Sent(long total, long measured, long measuredPrime, double achievedRate) {}

    private static Map<String, Object> config(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}
