package io.sluice.bench.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Loads generated invoices into the input topic of the throughput runs, as fast as one producer
 * with large batches goes.
 *
 * <p>After the invoices, each store gets one closing invoice two hours after the latest one, so
 * that every window the invoices opened closes (the watermark or stream time passes its end plus
 * the 30-minute grace) and a windowed workload's output is complete and countable.
 */
final class InputLoader {
    /** The size of the windows the expected window count assumes. */
    static final Duration WINDOW = Duration.ofMinutes(15);

    private static final Duration CLOSING_AHEAD = Duration.ofHours(2);

    private InputLoader() {}

    static InputStats load(
            String bootstrap, String topic, int partitions, int count, InvoiceGenerator generator) {
        long started = System.nanoTime();
        long prime = 0;
        Set<String> windows = new HashSet<>();
        long windowMs = WINDOW.toMillis();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config(bootstrap))) {
            for (int i = 0; i < count; i++) {
                Invoice invoice = generator.next();
                producer.send(new ProducerRecord<>(topic, invoice.key(), invoice.value()));
                prime += invoice.isPrime() ? 1 : 0;
                long windowStart = invoice.createdTimeMs() - invoice.createdTimeMs() % windowMs;
                windows.add(invoice.storeId() + '@' + windowStart);
            }
            long closing = 0;
            for (String store : generator.stores()) {
                Invoice invoice = generator.closing(store, CLOSING_AHEAD);
                producer.send(new ProducerRecord<>(topic, invoice.key(), invoice.value()));
                prime += invoice.isPrime() ? 1 : 0;
                closing++;
            }
            producer.flush();
            double seconds = (System.nanoTime() - started) / 1e9;
            return new InputStats(
                    topic, partitions, count + closing, prime, windows.size(), seconds);
        }
    }

    private static Map<String, Object> config(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}
