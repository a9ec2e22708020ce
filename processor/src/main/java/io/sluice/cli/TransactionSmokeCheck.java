package io.sluice.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Aborts one transaction, commits another, and reads back what a read_committed consumer sees. */
final class TransactionSmokeCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;

    TransactionSmokeCheck(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Returns the values read back: the committed ones, in order, if the cluster works. */
    List<String> run() {
        String topic = "sluice-smoke-" + UUID.randomUUID().toString().substring(0, 8);
        createTopic(topic);
        write(topic);
        List<String> seen = readCommitted(topic);
        deleteTopic(topic);
        if (!seen.equals(List.of("committed-1", "committed-2"))) {
            throw new IllegalStateException(
                    "the cluster at "
                            + bootstrapServers
                            + " returned "
                            + seen
                            + " instead of [committed-1, committed-2]");
        }
        return seen;
    }

    private void createTopic(String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic + ": " + e.getMessage(), e);
        }
    }

    private void deleteTopic(String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.deleteTopics(List.of(topic)).all().get();
        } catch (Exception e) {
            // the check passed; a leftover smoke topic on a developer broker is harmless
        }
    }

    private void write(String topic) {
        Map<String, Object> config =
                Map.of(
                        "bootstrap.servers",
                        bootstrapServers,
                        "transactional.id",
                        topic,
                        "key.serializer",
                        StringSerializer.class,
                        "value.serializer",
                        StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "aborted-1"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "committed-1"));
            producer.send(new ProducerRecord<>(topic, "committed-2"));
            producer.commitTransaction();
        }
    }

    private List<String> readCommitted(String topic) {
        Map<String, Object> config =
                Map.of(
                        "bootstrap.servers",
                        bootstrapServers,
                        "isolation.level",
                        "read_committed",
                        "key.deserializer",
                        StringDeserializer.class,
                        "value.deserializer",
                        StringDeserializer.class);
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
