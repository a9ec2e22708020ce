package io.sluice.bench.e2e.copy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A consume-produce loop that copies every record of one topic to another with its key, value,
 * headers, timestamp and partition: the most any processor can reach on the same broker.
 *
 * <p>Usage: {@code CopyLoop raw|txn BOOTSTRAP INPUT OUTPUT GROUP}. {@code raw} sends with {@code
 * acks=all} and lets the consumer commit offsets on its own; {@code txn} puts each poll's records
 * and consumed offsets in one transaction and reads {@code read_committed}: the exactly-once
 * ceiling. Both use the client settings of Sluice's engine (5,000 records a poll, 10 ms linger, 256
 * KiB batches, no compression), so a ratio to them isolates the engine. Runs until SIGTERM.
 */
public final class CopyLoop {
    private final boolean transactional;
    private final String output;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    private CopyLoop(boolean transactional, String bootstrap, String output, String group) {
        this.transactional = transactional;
        this.output = output;
        this.consumer = new KafkaConsumer<>(consumerConfig(transactional, bootstrap, group));
        this.producer = new KafkaProducer<>(producerConfig(transactional, bootstrap, group));
    }

    public static void main(String[] args) {
        if (args.length != 5 || !List.of("raw", "txn").contains(args[0])) {
            System.err.println("usage: CopyLoop raw|txn BOOTSTRAP INPUT OUTPUT GROUP");
            System.exit(2);
        }
        CopyLoop loop = new CopyLoop(args[0].equals("txn"), args[1], args[3], args[4]);
        Runtime.getRuntime().addShutdownHook(new Thread(loop::stop, "copy-loop-shutdown"));
        loop.run(args[2]);
    }

    private void run(String input) {
        try (consumer;
                producer) {
            if (transactional) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(input));
            while (running) {
                copy(consumer.poll(Duration.ofMillis(100)));
            }
        } catch (WakeupException e) {
            // stop() woke the consumer up: the loop ends here
        } finally {
            stopped.countDown();
        }
    }

    private void copy(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        if (transactional) {
            producer.beginTransaction();
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            producer.send(
                    new ProducerRecord<>(
                            output, r.partition(), r.timestamp(), r.key(), r.value(), r.headers()));
        }
        if (transactional) {
            producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
            producer.commitTransaction();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(
            ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(batch.get(batch.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private void stop() {
        running = false;
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> consumerConfig(
            boolean transactional, String bootstrap, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, !transactional);
        config.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                transactional ? "read_committed" : "read_uncommitted");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private static Map<String, Object> producerConfig(
            boolean transactional, String bootstrap, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        if (transactional) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group + "-copy");
        }
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}
