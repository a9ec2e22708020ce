package io.sluice.processor.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka's {@link MockProducer} with scripted failures and the one piece of {@code KafkaProducer}'s
 * transaction manager the engine relies on: a refused send leaves the transaction in an abortable
 * error state, so later sends, {@code sendOffsetsToTransaction} and {@code commitTransaction} throw
 * until it is aborted. Sends complete (or fail, through {@link #errorNext}) as they are made, and
 * every transaction is kept with what it sent, the offsets it carried and how it ended.
 */
final class ScriptedProducer extends MockProducer<byte[], byte[]> {
    private final Deque<RuntimeException> commitFailures = new ArrayDeque<>();
    private final Deque<RuntimeException> sendOffsetsFailures = new ArrayDeque<>();
    private final List<Transaction> transactions = new ArrayList<>();
    private Predicate<ProducerRecord<byte[], byte[]>> refused = record -> false;
    private boolean fencedAtStart;
    private boolean fencedOnAbort;
    private RuntimeException abortableError;

    /** How a transaction ended. */
    enum End {
        OPEN,
        COMMITTED,
        ABORTED
    }

    /** One transaction: the records sent in it, the offsets it carried, how it ended. */
    static final class Transaction {
        final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of();
        End end = End.OPEN;

        List<String> values(String topic) {
            return ScriptedProducer.values(sent, topic);
        }
    }

    ScriptedProducer() {
        super(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The next commits throw these, one each, before anything is committed. */
    ScriptedProducer failCommits(RuntimeException... failures) {
        commitFailures.addAll(Arrays.asList(failures));
        return this;
    }

    /** The next {@code sendOffsetsToTransaction} calls throw these, one each. */
    ScriptedProducer failSendOffsets(RuntimeException... failures) {
        sendOffsetsFailures.addAll(Arrays.asList(failures));
        return this;
    }

    /** Sends of matching records fail with {@link RecordTooLargeException}, as too large. */
    ScriptedProducer refuse(Predicate<ProducerRecord<byte[], byte[]>> records) {
        this.refused = records;
        return this;
    }

    /** Another producer takes the transactional id right after this one initialised it. */
    ScriptedProducer fencedAtStart() {
        this.fencedAtStart = true;
        return this;
    }

    /** Another producer takes the transactional id just before this one aborts (its peers). */
    ScriptedProducer fencedOnAbort() {
        this.fencedOnAbort = true;
        return this;
    }

    List<Transaction> transactions() {
        return transactions;
    }

    @Override
    public void initTransactions() {
        super.initTransactions();
        if (fencedAtStart) {
            fenceProducer();
        }
    }

    @Override
    public void beginTransaction() {
        super.beginTransaction();
        transactions.add(new Transaction());
    }

    @Override
    public synchronized Future<RecordMetadata> send(
            ProducerRecord<byte[], byte[]> record, Callback callback) {
        if (abortableError != null) {
            throw new KafkaException(
                    "Cannot perform send because at least one previous transactional or"
                            + " idempotent request has failed with errors.",
                    abortableError);
        }
        Future<RecordMetadata> sent = super.send(record, callback);
        if (transactionInFlight()) {
            current().sent.add(record);
        }
        if (refused.test(record)) {
            abortableError =
                    new RecordTooLargeException(
                            "The message is 2000000 bytes when serialized which is larger than"
                                    + " 1048576, which is the value of the max.request.size"
                                    + " configuration.");
            errorNext(abortableError);
        } else {
            completeNext();
        }
        return sent;
    }

    @Override
    public void sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        failIfAbortable();
        if (!sendOffsetsFailures.isEmpty()) {
            throw sendOffsetsFailures.poll();
        }
        super.sendOffsetsToTransaction(offsets, group);
        current().offsets = Map.copyOf(offsets);
    }

    @Override
    public void commitTransaction() {
        if (!commitFailures.isEmpty()) {
            throw commitFailures.poll();
        }
        failIfAbortable();
        super.commitTransaction();
        current().end = End.COMMITTED;
    }

    @Override
    public void abortTransaction() {
        if (fencedOnAbort) {
            fenceProducer();
        }
        super.abortTransaction();
        abortableError = null;
        current().end = End.ABORTED;
    }

    static List<String> values(List<ProducerRecord<byte[], byte[]>> records, String topic) {
        List<String> values = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            if (record.topic().equals(topic)) {
                values.add(new String(record.value(), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private void failIfAbortable() {
        if (abortableError != null) {
            throw new KafkaException(
                    "Cannot execute transactional method because we are in an error state",
                    abortableError);
        }
    }

    private Transaction current() {
        return transactions.get(transactions.size() - 1);
    }
}
