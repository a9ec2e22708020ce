package io.sluice.processor.engine;

import io.sluice.processor.ConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the last commit mark a file sink sent in its committed transactions (see {@link
 * FileOutput}): the id of the last batch whose files committed.
 *
 * <p>Read after this instance's producer started, which aborted any transaction its previous run
 * left open. Other instances' open transactions on the same topic hold back what a read_committed
 * consumer sees, so the read goes on until it passed the log's end as it was when the read began:
 * every mark written before then is committed or aborted by that point (bounded by the transaction
 * timeout).
 */
final class FileSinkMarks {
    private static final Duration POLL = Duration.ofMillis(200);

    private FileSinkMarks() {}

    /**
     * The last committed mark of each run of {@code instanceId} in {@code topic}: run id to batch
     * id.
     *
     * @throws ConfigException when the topic cannot be read in time
     */
    static Map<String, Long> committed(EngineSettings settings, String topic, String instanceId) {
        String prefix = FileOutput.markPrefix(instanceId);
        TopicPartition partition = new TopicPartition(topic, 0);
        long deadline =
                System.nanoTime()
                        + settings.transactionTimeout().toNanos()
                        + TimeUnit.MINUTES.toNanos(1);
        long end = logEnd(settings, partition);
        Map<String, Object> config = ClientConfigs.restoreConsumer(settings);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, Long> marks = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new ConfigException(
                            "reading the file sink's commit marks in " + topic + " timed out");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    String key =
                            record.key() == null
                                    ? ""
                                    : new String(record.key(), StandardCharsets.UTF_8);
                    if (key.startsWith(prefix)) {
                        marks.merge(
                                key.substring(prefix.length()),
                                Long.parseLong(new String(record.value(), StandardCharsets.UTF_8)),
                                Math::max);
                    }
                }
            }
        }
        return marks;
    }

    /** The partition's log end offset, open transactions included. */
    private static long logEnd(EngineSettings settings, TopicPartition partition) {
        try (Admin admin = Admin.create(ClientConfigs.admin(settings))) {
            return admin.listOffsets(
                            Map.of(partition, OffsetSpec.latest()),
                            new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .partitionResult(partition)
                    .get(60, TimeUnit.SECONDS)
                    .offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigException("cannot read the end of " + partition + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while reading the end of " + partition, e);
        }
    }
}
