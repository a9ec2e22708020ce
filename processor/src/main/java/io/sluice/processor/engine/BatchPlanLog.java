package io.sluice.processor.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.processor.ConfigException;
import io.sluice.processor.batch.MicroBatch;
import io.sluice.processor.batch.OffsetRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The batch plan log records each batch's id and offset ranges before the batch runs, as Spark's
 * offset log does, so that a batch replayed after a crash reads exactly the same ranges under the
 * same id. It is a compacted topic of one partition, {@code <pipeline>-batch-plans}, keyed by
 * instance id; only pipelines whose sink sees batch ids (foreachBatch) keep one, since a Kafka sink
 * gets the same exactly-once from its transaction without it.
 *
 * <p>Writes are acknowledged before the batch begins (one round trip per batch) by an idempotent,
 * non-transactional producer: the plan must survive the batch's abort. Used by the batch thread.
 */
final class BatchPlanLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    private final String topic;
    private final byte[] key;
    private final Optional<MicroBatch> last;
    private final KafkaProducer<byte[], byte[]> producer;
    private long lastWritten = -1;

    private BatchPlanLog(
            String topic,
            byte[] key,
            Optional<MicroBatch> last,
            KafkaProducer<byte[], byte[]> producer) {
        this.topic = topic;
        this.key = key;
        this.last = last;
        this.producer = producer;
    }

    /**
     * Creates the log's topic if it is missing and opens the log of {@code instanceId}.
     *
     * @throws ConfigException when the topic cannot be created or read
     */
    static BatchPlanLog open(EngineSettings settings, String topic, String instanceId) {
        byte[] key = instanceId.getBytes(StandardCharsets.UTF_8);
        Optional<MicroBatch> last =
                CheckpointTopic.prepareAndReadLast(settings, topic, key).map(BatchPlanLog::decode);
        Map<String, Object> config = new HashMap<>(ClientConfigs.producer(settings));
        config.remove(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new BatchPlanLog(topic, key, last, new KafkaProducer<>(config));
    }

    /** The last plan this instance recorded before it opened the log, if any. */
    Optional<MicroBatch> last() {
        return last;
    }

    /**
     * Records {@code batch} before it runs, once per batch id.
     *
     * @throws KafkaException when the log cannot be written: the batch must not run
     */
    void write(MicroBatch batch) {
        if (batch.batchId() == lastWritten) {
            return;
        }
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, encode(batch)))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException k
                    ? k
                    : new KafkaException("cannot record the plan of batch " + batch.batchId(), e);
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException(
                    "recording the plan of batch " + batch.batchId() + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while recording a batch plan", e);
        }
        lastWritten = batch.batchId();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    static byte[] encode(MicroBatch batch) {
        ObjectNode node = JSON.createObjectNode();
        node.put("batchId", batch.batchId());
        ArrayNode ranges = node.putArray("ranges");
        for (OffsetRange range : batch.ranges()) {
            ranges.addObject()
                    .put("topic", range.partition().topic())
                    .put("partition", range.partition().partition())
                    .put("fromOffset", range.fromOffset())
                    .put("untilOffset", range.untilOffset());
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MicroBatch decode(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            List<OffsetRange> ranges = new ArrayList<>();
            for (JsonNode range : node.get("ranges")) {
                ranges.add(
                        new OffsetRange(
                                new TopicPartition(
                                        range.get("topic").asText(),
                                        range.get("partition").asInt()),
                                range.get("fromOffset").asLong(),
                                range.get("untilOffset").asLong()));
            }
            return new MicroBatch(node.get("batchId").asLong(), ranges);
        } catch (IOException e) {
            throw new UncheckedIOException("a batch plan that is not JSON", e);
        }
    }
}
