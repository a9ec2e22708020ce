package io.sluice.bench.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates and deletes the benchmark's topics.
 *
 * <p>Topics keep their records whatever their timestamps ({@code retention.ms=-1}): the invoices
 * were created in 2020, and windowed results carry that time.
 */
final class BenchTopics implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 60;
    private static final long LEADER_POLL_MS = 20;

    private final Admin admin;

    BenchTopics(String bootstrap) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /**
     * Creates the topics, each with {@code partitions} partitions and one replica, and returns once
     * every partition has a leader (so that the first records sent are not refused).
     */
    void create(int partitions, String... names) throws InterruptedException {
        createWith(partitions, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"), names);
    }

    /**
     * Creates a compacted topic, as a table's topic is, with {@code partitions} partitions and one
     * replica, and returns once every partition has a leader.
     */
    void createCompacted(int partitions, String name) throws InterruptedException {
        createWith(
                partitions,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                name);
    }

    private void createWith(int partitions, Map<String, String> config, String... names)
            throws InterruptedException {
        List<NewTopic> topics =
                Arrays.stream(names)
                        .map(name -> new NewTopic(name, partitions, (short) 1).configs(config))
                        .toList();
        await(admin.createTopics(topics).all());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!haveLeaders(List.of(names))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "topics "
                                + List.of(names)
                                + " have no leaders after "
                                + TIMEOUT_SECONDS
                                + " s");
            }
            Thread.sleep(LEADER_POLL_MS);
        }
    }

    private boolean haveLeaders(List<String> names) throws InterruptedException {
        Map<String, TopicDescription> topics;
        try {
            topics =
                    admin.describeTopics(names)
                            .allTopicNames()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false; // the new topics' metadata has not reached the broker yet
        }
        return topics.values().stream()
                .flatMap(topic -> topic.partitions().stream())
                .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
    }

    /** Deletes every topic whose name starts with {@code prefix}; a benchmark run's leftovers. */
    void deleteWithPrefix(String prefix) {
        List<String> names =
                await(admin.listTopics().names()).stream()
                        .filter(name -> name.startsWith(prefix))
                        .toList();
        if (!names.isEmpty()) {
            await(admin.deleteTopics(names).all());
        }
    }

    @Override
    public void close() {
        admin.close();
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker refused or did not answer: " + e, e);
        }
    }
}
