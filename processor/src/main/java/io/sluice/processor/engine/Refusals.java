package io.sluice.processor.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * The input records whose outputs the producer or the broker refused one by one: too large, invalid
 * for the topic (a compacted topic without a key, a timestamp out of range), or sent to a topic
 * that refuses writes. Kafka Streams' production exception handler covers the same ground.
 *
 * <p>A refused send leaves the transaction in an error state, so the batch cannot commit: it is
 * aborted and replayed with the same ranges, and on the replay {@link RecordProcessor} hands each
 * refused input record to the error policy (stage {@code sink}) instead of sending its outputs
 * again. Found by the producer's callbacks (its I/O thread, or the batch thread for a refusal in
 * {@code send}); read by the batch thread between attempts.
 */
final class Refusals {
    private final Map<TopicPartition, Map<Long, Refusal>> refused = new ConcurrentHashMap<>();
    private final AtomicReference<Refusal> foundInAttempt = new AtomicReference<>();
    private volatile boolean any;

    /** Why an input record's outputs were refused, and whether its dead letter was refused too. */
    record Refusal(String topic, int partition, long offset, String reason, boolean deadLetter) {
        String where() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /** Whether the producer refuses this record itself, so that sending it again cannot help. */
    static boolean isRecordLevel(Exception e) {
        return e instanceof RecordTooLargeException
                || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidRecordException
                || e instanceof CorruptRecordException
                || e instanceof InvalidTimestampException
                || e instanceof InvalidTopicException
                || e instanceof TopicAuthorizationException
                || e instanceof SerializationException;
    }

    /** The callback for the outputs of {@code input}; {@code next}, if not null, runs after it. */
    Callback outputsOf(ConsumerRecord<byte[], byte[]> input, Callback next) {
        return new Watch(input.topic(), input.partition(), input.offset(), false, next);
    }

    /** The callback for the dead letter of {@code input}. */
    Callback deadLetterOf(ConsumerRecord<byte[], byte[]> input) {
        return new Watch(input.topic(), input.partition(), input.offset(), true, null);
    }

    /** Why {@code input}'s outputs were refused, or null; cheap while nothing was refused. */
    Refusal of(ConsumerRecord<byte[], byte[]> input) {
        if (!any) {
            return null;
        }
        Map<Long, Refusal> offsets =
                refused.get(new TopicPartition(input.topic(), input.partition()));
        return offsets == null ? null : offsets.get(input.offset());
    }

    /** Forgets what the last attempt found; call as an attempt begins. */
    void attemptStarted() {
        foundInAttempt.set(null);
    }

    /** The first refusal the current attempt found, or null: then replaying may help. */
    Refusal foundInAttempt() {
        return foundInAttempt.get();
    }

    /** The batch committed: its refused records went to the error policy; forget them. */
    void batchCommitted() {
        if (any) {
            refused.clear();
            any = false;
        }
    }

    private void refuse(Refusal refusal) {
        Map<Long, Refusal> offsets =
                refused.computeIfAbsent(
                        new TopicPartition(refusal.topic(), refusal.partition()),
                        p -> new ConcurrentHashMap<>());
        offsets.merge(
                refusal.offset(),
                refusal,
                (old, found) -> found.deadLetter() && !old.deadLetter() ? found : old);
        any = true;
        foundInAttempt.compareAndSet(null, refusal);
    }

    /** Notes a refusal of one input record's sends; one per input record, not per output. */
    private final class Watch implements Callback {
        private final String topic;
        private final int partition;
        private final long offset;
        private final boolean deadLetter;
        private final Callback next;

        Watch(String topic, int partition, long offset, boolean deadLetter, Callback next) {
            this.topic = topic;
            this.partition = partition;
            this.offset = offset;
            this.deadLetter = deadLetter;
            this.next = next;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e != null && isRecordLevel(e)) {
                String to = metadata == null ? "" : " by " + metadata.topic();
                refuse(
                        new Refusal(
                                topic,
                                partition,
                                offset,
                                (deadLetter ? "its dead letter was refused" : "refused")
                                        + to
                                        + ": "
                                        + e.getMessage(),
                                deadLetter));
            }
            if (next != null) {
                next.onCompletion(metadata, e);
            }
        }
    }
}
