package io.sluice.bench.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Loads generated invoices into an input topic of the throughput runs, and generated customers into
 * the table topic of the joins, as fast as one producer with large batches goes.
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

    /**
     * Loads {@code count} invoices of {@code generator} and the closing invoices into {@code
     * topic}, keyed as {@code kind} says; {@code table} is the customers loaded beside them.
     */
    static InputStats load(
            String bootstrap,
            String topic,
            InputTopic kind,
            int partitions,
            int count,
            InvoiceGenerator generator,
            Optional<CustomerTable> table) {
        long started = System.nanoTime();
        long prime = 0;
        long joined = 0;
        Set<String> windows = new HashSet<>();
        long windowMs = WINDOW.toMillis();
        SendFailures failures = new SendFailures();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config(bootstrap))) {
            for (int i = 0; i < count; i++) {
                Invoice invoice = generator.next();
                producer.send(
                        new ProducerRecord<>(topic, kind.key(invoice), invoice.value()), failures);
                prime += invoice.isPrime() ? 1 : 0;
                joined += invoice.isCustomerKnown() ? 1 : 0;
                long windowStart = invoice.createdTimeMs() - invoice.createdTimeMs() % windowMs;
                windows.add(invoice.storeId() + '@' + windowStart);
            }
            long closing = 0;
            for (String store : generator.stores()) {
                Invoice invoice = generator.closing(store, CLOSING_AHEAD);
                producer.send(
                        new ProducerRecord<>(topic, kind.key(invoice), invoice.value()), failures);
                prime += invoice.isPrime() ? 1 : 0;
                joined += invoice.isCustomerKnown() ? 1 : 0;
                closing++;
            }
            producer.flush();
            failures.check(topic);
            double seconds = (System.nanoTime() - started) / 1e9;
            return new InputStats(
                    topic,
                    partitions,
                    count + closing,
                    prime,
                    joined,
                    windows.size(),
                    seconds,
                    table);
        }
    }

    /**
     * Loads every customer of {@code customers} into {@code topic}, a compacted topic, keyed by
     * card number.
     */
    static CustomerTable loadCustomers(
            String bootstrap, String topic, int partitions, CustomerGenerator customers) {
        long started = System.nanoTime();
        SendFailures failures = new SendFailures();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config(bootstrap))) {
            for (int i = 0; i < customers.count(); i++) {
                CustomerGenerator.Customer customer = customers.customer(i);
                producer.send(
                        new ProducerRecord<>(topic, customer.key(), customer.value()), failures);
            }
            producer.flush();
            failures.check(topic);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new CustomerTable(
                topic, partitions, customers.count(), seconds, new JoinCheck(customers));
    }

    private static Map<String, Object> config(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight: a topic created a moment ago can refuse the first request
        // (NOT_LEADER_OR_FOLLOWER) and accept the next, after which the first one's retries fail
        // with OUT_OF_ORDER_SEQUENCE_NUMBER until they expire and its records are lost
        // (KAFKA-15591). Seen loading invoices without keys, which go to one partition at a time.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** Counts the records the broker did not take, and keeps the first error. */
    private static final class SendFailures implements Callback {
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<Exception> first = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, exception);
            }
        }

        /** Fails if any record was not written; call after {@code flush()}. */
        void check(String topic) {
            if (failed.get() > 0) {
                throw new IllegalStateException(
                        String.format(
                                "%d records were not written to %s; the first error: %s",
                                failed.get(), topic, first.get()),
                        first.get());
            }
        }
    }
}
