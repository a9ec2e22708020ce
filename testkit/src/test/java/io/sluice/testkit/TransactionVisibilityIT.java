package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test broker supports transactions: aborted records stay invisible to read_committed. */
@ExtendWith(KafkaClusterExtension.class)
class TransactionVisibilityIT {
    private final KafkaCluster kafka;

    TransactionVisibilityIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldShowOnlyCommittedRecordsWhenOneTransactionAbortsAndAnotherCommits() {
        String topic = kafka.uniqueTopic("txn");
        kafka.createTopics(1, topic);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(transactional())) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, topic, "aborted-1", "aborted-2");
            producer.abortTransaction();
            producer.beginTransaction();
            send(producer, topic, "committed-1", "committed-2", "committed-3");
            producer.commitTransaction();
            producer.beginTransaction();
            send(producer, topic, "aborted-3");
            producer.abortTransaction();
        }

        assertThat(readCommitted(topic))
                .containsExactly("committed-1", "committed-2", "committed-3");
    }

    private Map<String, Object> transactional() {
        return kafka.transactionalProducerConfig(kafka.uniqueTopic("txn-id"));
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String... values) {
        for (String value : values) {
            producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Reads the partition up to its end offset, which counts the transaction markers too. */
    private List<String> readCommitted(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(kafka.readCommittedConsumerConfig())) {
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
