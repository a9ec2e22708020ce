package io.sluice.processor.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The transactional producer of an ingester: one transactional id per pipeline ({@code
 * <name>-ingest}), so a second instance that starts an ingester fences the first, and a restarted
 * instance aborts what its killed predecessor left open.
 *
 * <p>Used by the ingester's thread only. A failed transaction is aborted by replacing the producer
 * (initialising a new one aborts the open transaction); {@link Fenced} means the producer's epoch
 * was bumped: another instance took the transactional id, or the broker aborted a transaction of
 * this one that ran past {@code transaction.timeout.ms}. Opening again takes the id back.
 */
final class IngestProducer implements AutoCloseable {
    /**
     * The producer's epoch was bumped: another instance's ingester took over the transactional id,
     * or the broker aborted this producer's transaction when it ran past its timeout.
     */
    static final class Fenced extends RuntimeException {
        Fenced(Throwable cause) {
            super(cause);
        }
    }

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, Object> config;
    private final Function<Map<String, Object>, Producer<byte[], byte[]>> factory;
    private Producer<byte[], byte[]> producer;
    private long committed;

    IngestProducer(
            Map<String, Object> producerConfig,
            String transactionalId,
            Function<Map<String, Object>, Producer<byte[], byte[]>> factory) {
        this.config = new HashMap<>(producerConfig);
        this.config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        this.config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.factory = factory;
    }

    /**
     * Makes the producer and initialises its transactions, which fences an older producer of the
     * same id and aborts its open transaction; call again after a failed transaction.
     */
    void open() {
        closeProducer();
        producer = factory.apply(config);
        try {
            producer.initTransactions();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new Fenced(e);
        }
    }

    /** Runs {@code writes} in one transaction and commits it. */
    void inTransaction(Runnable writes) {
        try {
            producer.beginTransaction();
            writes.run();
            producer.commitTransaction();
            committed++;
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new Fenced(e);
        } catch (KafkaException e) {
            if (e.getCause() instanceof ProducerFencedException
                    || e.getCause() instanceof InvalidProducerEpochException) {
                throw new Fenced(e);
            }
            throw e;
        }
    }

    /** How many transactions committed so far, over every producer this one made. */
    long committed() {
        return committed;
    }

    /** Sends a record within the open transaction. */
    void send(String topic, byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    @Override
    public void close() {
        closeProducer();
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(CLOSE_TIMEOUT);
            } catch (KafkaException e) {
                // closing a fenced or failed producer may fail again; it is gone either way
            }
            producer = null;
        }
    }
}
