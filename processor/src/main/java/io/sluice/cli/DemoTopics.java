package io.sluice.cli;

import io.sluice.processor.plan.SinkPlan;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.RowDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The demo's own Kafka chores: load the sample input, and show what a pipeline wrote. */
final class DemoTopics {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 3;

    private final String bootstrapServers;
    private final Map<String, Object> clientSettings;

    /** Chores on {@code bootstrapServers}, with client settings (security) passed untouched. */
    DemoTopics(String bootstrapServers, Map<String, Object> clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = Map.copyOf(clientSettings);
    }

    /** Creates the topic if needed and appends the values to it. */
    void load(String topic, List<String> values) {
        create(new NewTopic(topic, PARTITIONS, (short) 1));
        send(topic, values.stream().map(value -> Map.entry("", value)).toList(), false);
    }

    /**
     * Creates the compacted topic if needed and appends the records to it, keyed: a table, each key
     * keeping its latest value.
     */
    void loadTable(String topic, List<Map.Entry<String, String>> records) {
        create(
                new NewTopic(topic, PARTITIONS, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact")));
        send(topic, records, true);
    }

    private void create(NewTopic topic) {
        try (Admin admin = Admin.create(config(Map.of()))) {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create topic " + topic.name() + ": " + e, e);
            }
        }
    }

    /**
     * Sends the records and waits for each to be written, failing if one was not: a demo must not
     * show results over part of its input.
     */
    private void send(String topic, List<Map.Entry<String, String>> records, boolean keyed) {
        Map<String, Object> config =
                config(
                        Map.of(
                                "key.serializer", StringSerializer.class,
                                "value.serializer", StringSerializer.class,
                                // a topic created a moment ago can refuse a first request and
                                // take the next; with more in flight the first one's retries
                                // then fail out of sequence and its records are lost
                                // (KAFKA-15591)
                                "max.in.flight.requests.per.connection", 1));
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (Map.Entry<String, String> record : records) {
                sent.add(
                        producer.send(
                                new ProducerRecord<>(
                                        topic, keyed ? record.getKey() : null, record.getValue())));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write the sample records to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading " + topic, e);
        }
    }

    /** The committed end of each partition of a topic; empty if the topic does not exist yet. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer, topic), TIMEOUT);
        }
    }

    /** Up to {@code limit} records written after {@code from}, decoded with the sink's format. */
    List<String> readDecoded(SinkPlan.Kafka sink, Map<TopicPartition, Long> from, int limit) {
        RowDecoder decoder =
                Codecs.decoder(FormatSpec.of(sink.format(), Map.of(), Path.of(".")), sink.schema());
        List<String> shown = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, sink.topic());
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, from.getOrDefault(partition, 0L));
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (shown.size() < limit
                    && !reached(consumer, ends)
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (shown.size() < limit) {
                        shown.add(describe(record, decoder));
                    }
                }
            }
        }
        return shown;
    }

    private static String describe(ConsumerRecord<byte[], byte[]> record, RowDecoder decoder) {
        String key =
                record.key() == null ? "null" : new String(record.key(), StandardCharsets.UTF_8);
        DecodeResult decoded = decoder.decode(record.value());
        String value =
                decoded instanceof DecodeResult.Decoded row
                        ? row.row().toString()
                        : ((DecodeResult.DecodeError) decoded).message();
        return "key=" + key + " value=" + value;
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitions(
            KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        List<PartitionInfo> infos = consumer.listTopics(TIMEOUT).get(topic);
        if (infos != null) {
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(
                config(
                        Map.of(
                                "isolation.level", "read_committed",
                                "key.deserializer", ByteArrayDeserializer.class,
                                "value.deserializer", ByteArrayDeserializer.class)));
    }

    private Map<String, Object> config(Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.putAll(own);
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }
}
