package io.sluice.testkit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A Kafka cluster that tests talk to, with the client settings they need. */
public interface KafkaCluster extends AutoCloseable {

    /** The bootstrap servers clients connect to. */
    String bootstrapServers();

    /** What the cluster is, for logs: {@code external}, {@code testcontainers} or {@code local}. */
    String kind();

    @Override
    void close();

    /** A topic name no other test uses. */
    default String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates topics with the given partitions and replication factor 1; waits until done. */
    default void createTopics(int partitions, String... topics) {
        try (Admin admin = Admin.create(adminConfig())) {
            List<NewTopic> newTopics =
                    java.util.Arrays.stream(topics)
                            .map(t -> new NewTopic(t, partitions, (short) 1))
                            .toList();
            admin.createTopics(newTopics).all().get();
            awaitLeaders(admin, java.util.Arrays.asList(topics));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + Set.of(topics), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + Set.of(topics), e);
        }
    }

    /**
     * Waits until every partition of the topics has a leader: a producer that writes to a topic
     * before that gets NOT_LEADER_OR_FOLLOWER, and an idempotent one can then stall on sequence
     * errors until it times out.
     */
    private static void awaitLeaders(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            boolean ready;
            try {
                ready =
                        admin.describeTopics(topics).allTopicNames().get().values().stream()
                                .flatMap(d -> d.partitions().stream())
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                ready = false; // created, but not in the answering broker's metadata yet
            }
            if (ready || System.nanoTime() > deadline) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** Admin client settings. */
    default Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** Byte-array producer settings; callers add transactional or other settings. */
    default Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Test input needs no idempotence; without it a write racing a new topic's first leader
        // election retries cleanly instead of stalling on sequence errors.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return config;
    }

    /** Byte-array settings of a transactional producer with the given transactional id. */
    default Map<String, Object> transactionalProducerConfig(String transactionalId) {
        Map<String, Object> config = producerConfig();
        config.remove(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        config.remove(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return config;
    }

    /** Byte-array consumer settings that see only committed records, from the earliest offset. */
    default Map<String, Object> readCommittedConsumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }
}
