package io.sluice.processor.commit;

import io.sluice.processor.FencedException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka transaction per batch on a producer with a stable transactional id.
 *
 * <p>Call order: {@link #begin()}, any number of {@link #send}, then {@link #commit} (or {@link
 * #abort()}). Used by one thread. The transactional id is the same across restarts of an instance,
 * so {@code initTransactions} at start aborts whatever a crashed predecessor left open, and a
 * zombie predecessor is fenced.
 */
public final class TransactionalCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionalCommitter.class);
    private static final int COMMIT_ATTEMPTS = 5;

    private final Map<String, Object> config;
    private final String transactionalId;
    private final Function<Map<String, Object>, Producer<byte[], byte[]>> producers;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final Callback onSent = this::onSent;
    private Producer<byte[], byte[]> producer;
    private boolean inTransaction;
    private Exception abortCause;

    /**
     * Prepares a committer; {@link #init()} connects.
     *
     * @param producerConfig client settings passed through untouched (security included); the
     *     transactional id and serializers are set here
     */
    public TransactionalCommitter(Map<String, Object> producerConfig, String transactionalId) {
        this(producerConfig, transactionalId, KafkaProducer::new);
    }

    /**
     * Prepares a committer whose producers {@code producers} makes from the completed config: one
     * at {@link #init()}, and another each time a fenced or failed one is dropped. Unit tests pass
     * a factory of {@code MockProducer}s.
     */
    public TransactionalCommitter(
            Map<String, Object> producerConfig,
            String transactionalId,
            Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
        this.producers = producers;
        this.config = new HashMap<>(producerConfig);
        this.config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        this.config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.transactionalId = transactionalId;
    }

    /**
     * Creates the producer and initialises its transactions, aborting what a predecessor with the
     * same transactional id left open.
     */
    public void init() {
        if (producer == null) {
            producer = createProducer();
        }
    }

    /** The transactional id, stable for this instance across restarts. */
    public String transactionalId() {
        return transactionalId;
    }

    /** Begins the batch's transaction. */
    public void begin() {
        sendFailure.set(null);
        abortCause = null;
        if (producer == null) {
            producer = createProducer();
        }
        try {
            producer.beginTransaction();
            inTransaction = true;
        } catch (ProducerFencedException e) {
            throw fenced(e);
        }
    }

    /** Sends a record inside the transaction; a failure surfaces at {@link #commit}. */
    public void send(ProducerRecord<byte[], byte[]> record) {
        producer.send(record, onSent);
    }

    /**
     * Sends a record inside the transaction and reports its offset to {@code sent} once written
     * (for changelog records, whose offsets the state store records); a failure surfaces at {@link
     * #commit}. Every callback has run when {@link #commit} returns.
     */
    public void send(ProducerRecord<byte[], byte[]> record, Callback sent) {
        producer.send(
                record,
                (metadata, e) -> {
                    onSent(metadata, e);
                    sent.onCompletion(metadata, e);
                });
    }

    /**
     * Adds the consumed offsets to the transaction and commits it.
     *
     * @return {@link CommitOutcome#COMMITTED}, or {@link CommitOutcome#ABORTED} when the batch must
     *     run again (a send failed, the group rebalanced, the broker was unavailable)
     * @throws FencedException when another producer with this transactional id took over
     */
    public CommitOutcome commit(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        try {
            producer.sendOffsetsToTransaction(offsets, group);
        } catch (ProducerFencedException | AuthorizationException | UnsupportedVersionException e) {
            throw fenced(e);
        } catch (KafkaException e) {
            return abortAfter("sending offsets", e);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                inTransaction = false;
                Exception failed = sendFailure.get();
                if (failed != null) {
                    // commitTransaction throws when a send failed; this is a guard, not a path
                    throw new IllegalStateException("committed despite a failed send", failed);
                }
                return CommitOutcome.COMMITTED;
            } catch (TimeoutException e) {
                // The outcome is unknown; committing again is safe and resolves it.
                if (attempt >= COMMIT_ATTEMPTS) {
                    return abortAfter("committing (timed out " + attempt + " times)", e);
                }
                log.warn("Commit of {} timed out (attempt {}); retrying", transactionalId, attempt);
            } catch (ProducerFencedException | AuthorizationException e) {
                throw fenced(e);
            } catch (KafkaException e) {
                return abortAfter("committing", e);
            }
        }
    }

    /** Aborts the open transaction, if any; recreates the producer if it cannot abort. */
    public void abort() {
        if (!inTransaction) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (ProducerFencedException e) {
            throw fenced(e);
        } catch (KafkaException e) {
            // A fatal producer error (or one abort cannot clear): a new producer with the same
            // transactional id aborts the open transaction in initTransactions.
            log.warn(
                    "Cannot abort on {}; recreating the producer: {}",
                    transactionalId,
                    e.toString());
            recreate();
        }
        inTransaction = false;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** Closes the producer, aborting an open transaction (the broker aborts it too on timeout). */
    public void close(Duration timeout) {
        if (producer == null) {
            return;
        }
        try {
            producer.close(timeout);
        } catch (KafkaException e) {
            log.warn("Closing the producer {} failed: {}", transactionalId, e.toString());
        }
    }

    /** Why the last {@link #commit} returned {@link CommitOutcome#ABORTED}; null after others. */
    public Exception abortCause() {
        return abortCause;
    }

    private CommitOutcome abortAfter(String what, KafkaException e) {
        Exception cause = sendFailure.get() != null ? sendFailure.get() : e;
        abortCause = cause;
        if (cause instanceof ProducerFencedException) {
            throw fenced((ProducerFencedException) cause);
        }
        log.warn(
                "Aborting the batch on {} after {} failed: {}",
                transactionalId,
                what,
                cause.toString());
        abort();
        return CommitOutcome.ABORTED;
    }

    /**
     * Drops the producer after it was fenced; the next {@link #begin()} makes a new one with the
     * same transactional id, which fences whoever holds it now.
     *
     * <p>Fencing also happens when the broker aborted this producer's own transaction because it
     * timed out (a broker restart longer than the timeout): then taking the id back is right. Two
     * live instances with one id are a misconfiguration the consumer group reports as well.
     */
    public void reset() {
        if (producer != null) {
            recreate();
        }
        inTransaction = false;
    }

    /**
     * Drops a failed producer; the next {@link #begin()} makes a new one, which aborts leftovers.
     */
    private void recreate() {
        try {
            producer.close(Duration.ZERO);
        } catch (KafkaException e) {
            log.debug("Closing a failed producer: {}", e.toString());
        }
        producer = null;
    }

    private Producer<byte[], byte[]> createProducer() {
        Producer<byte[], byte[]> created = producers.apply(config);
        try {
            created.initTransactions();
        } catch (ProducerFencedException | InvalidPidMappingException e) {
            created.close(Duration.ZERO);
            throw fenced(e);
        } catch (KafkaException e) {
            created.close(Duration.ZERO);
            throw e;
        }
        return created;
    }

    private void onSent(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
        if (e != null) {
            sendFailure.compareAndSet(null, e);
        }
    }

    private FencedException fenced(KafkaException e) {
        return new FencedException(
                "the producer "
                        + transactionalId
                        + " was fenced: another instance with the same transactional id, or a"
                        + " newer generation of the consumer group, owns this work now",
                e);
    }
}
