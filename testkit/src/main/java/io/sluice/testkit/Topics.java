package io.sluice.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Writes test input to topics and reads back everything committed in them. */
public final class Topics {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);

    private Topics() {}

    /** Sends UTF-8 values (keys null) and waits until all are acknowledged. */
    public static void produce(KafkaCluster kafka, String topic, List<String> values) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String value : values) {
            records.add(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)));
        }
        produceRecords(kafka, topic, records);
    }

    /** Sends records and waits until all are acknowledged. */
    public static void produceRecords(
            KafkaCluster kafka, String topic, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing to " + topic, e);
        }
    }

    /**
     * Reads every committed record of every partition, up to the end offsets at the time of the
     * call, with a read_committed consumer.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(
            KafkaCluster kafka, String topic) {
        awaitCompletedTransactions(kafka, topic);
        return read(kafka, topic, "read_committed");
    }

    /**
     * Reads every record of every partition, aborted and open transactions' included: for the
     * message of a test that found a record missing from {@link #readCommitted}.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readUncommitted(
            KafkaCluster kafka, String topic) {
        return read(kafka, topic, "read_uncommitted");
    }

    /**
     * What a test that found a record missing needs to tell a lost write from an unfinished
     * transaction: each partition's last stable and end offsets and its producers' open
     * transactions (where they start).
     */
    public static String describeTransactions(KafkaCluster kafka, String topic) {
        Map<TopicPartition, Long> stable = endOffsets(kafka, topic);
        Map<TopicPartition, Long> ends = endOffsets(kafka, topic, "read_uncommitted");
        StringBuilder text = new StringBuilder();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, PartitionProducerState> producers =
                    admin.describeProducers(ends.keySet()).all().get(60, TimeUnit.SECONDS);
            for (TopicPartition partition : ends.keySet()) {
                text.append(
                        String.format(
                                "%n  %s: last stable %d, end %d, open transactions %s",
                                partition,
                                stable.get(partition),
                                ends.get(partition),
                                openTransactions(producers.get(partition))));
            }
        } catch (ExecutionException | TimeoutException e) {
            text.append(String.format("%n  (cannot describe the producers: %s)", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            text.append(String.format("%n  (interrupted)"));
        }
        return text.toString();
    }

    /** Each open transaction on a partition as producer id/epoch@first offset. */
    private static List<String> openTransactions(PartitionProducerState state) {
        List<String> open = new ArrayList<>();
        for (ProducerState producer : state.activeProducers()) {
            producer.currentTransactionStartOffset()
                    .ifPresent(
                            offset ->
                                    open.add(
                                            producer.producerId()
                                                    + "/"
                                                    + producer.producerEpoch()
                                                    + "@"
                                                    + offset));
        }
        return open;
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(
            KafkaCluster kafka, String topic, String isolationLevel) {
        Map<String, Object> config = new HashMap<>(kafka.readCommittedConsumerConfig());
        config.put("isolation.level", isolationLevel);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, READ_TIMEOUT)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to " + ends);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The values of {@link #readCommitted}, as UTF-8 strings. */
    public static List<String> readCommittedValues(KafkaCluster kafka, String topic) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readCommitted(kafka, topic)) {
            values.add(
                    record.value() == null
                            ? null
                            : new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The value of a header as a UTF-8 string, or null. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Whether every partition of {@code topic} has its last stable offset at its end. */
    public static boolean hasNoOpenTransactions(KafkaCluster kafka, String topic) {
        return endOffsets(kafka, topic).equals(endOffsets(kafka, topic, "read_uncommitted"));
    }

    /** Each partition's last stable offset: the end of what {@code read_committed} sees. */
    public static Map<TopicPartition, Long> endOffsets(KafkaCluster kafka, String topic) {
        return endOffsets(kafka, topic, "read_committed");
    }

    /**
     * Waits until no transaction is open on {@code topic}: a producer's commit returns when the
     * coordinator has decided, and the markers reach the partitions just after, so a read right
     * after a pipeline's last commit could miss that commit's records on some partitions. A
     * transaction that stays open (a killed producer's, until the broker aborts it) is waited for
     * at most {@link #SETTLE_TIMEOUT}, then read around.
     */
    private static void awaitCompletedTransactions(KafkaCluster kafka, String topic) {
        try {
            Awaitility.await()
                    .atMost(SETTLE_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> hasNoOpenTransactions(kafka, topic));
        } catch (ConditionTimeoutException stillOpen) {
            // read what is committed so far
        }
    }

    private static Map<TopicPartition, Long> endOffsets(
            KafkaCluster kafka, String topic, String isolationLevel) {
        Map<String, Object> config = new HashMap<>(kafka.readCommittedConsumerConfig());
        config.put("isolation.level", isolationLevel);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, READ_TIMEOUT)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions); // an unassigned consumer logs a warning per partition
            return consumer.endOffsets(partitions, READ_TIMEOUT);
        }
    }

    private static boolean reachedEnd(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
