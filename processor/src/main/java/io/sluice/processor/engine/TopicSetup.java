package io.sluice.processor.engine;

import io.sluice.processor.ConfigException;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.IngestPlan;
import io.sluice.processor.plan.InternalTopics;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.window.GroupColumn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the cluster before a pipeline starts: source topics exist, sink and dead-letter topics
 * exist or are created, and the transaction timeout fits the broker's maximum.
 */
final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_SECONDS = 60;

    // Rows are read back within seconds; a week covers any outage an instance may come back from.
    private static final String REPARTITION_RETENTION_MS = Long.toString(7L * 24 * 3600 * 1000);

    private final Admin admin;

    /**
     * The repartition topic and its partition count, which is the number of tasks, and the source
     * partitions that feed it, in a fixed order (a task tracks a watermark per source partition).
     */
    record Repartition(String topic, int partitions, List<TopicPartition> sources) {}

    /**
     * The stateful step's tasks: how many, and the repartition topic whose partitions they are, or
     * empty when they are the source's partitions (or there is no stateful step).
     */
    record Tasks(int count, Optional<Repartition> repartition, OptionalInt sinkMaxMessageBytes) {
        Tasks(int count, Optional<Repartition> repartition) {
            this(count, repartition, OptionalInt.empty());
        }
    }

    TopicSetup(Admin admin) {
        this.admin = admin;
    }

    /**
     * Runs every check and creates what is missing.
     *
     * @return the tasks, with the repartition topic when the stateful step's rows must move to
     *     their group's task (the source has several partitions and is not partitioned by the
     *     step's key)
     * @throws ConfigException naming the topic or setting that is wrong, and what to do
     */
    Tasks prepare(PipelinePlan plan, Duration transactionTimeout) {
        plan.source().ingest().ifPresent(ingest -> createIngestTopics(plan.name(), ingest));
        Map<String, TopicDescription> sources = describe(plan.source().allTopics());
        for (String topic : plan.source().allTopics()) {
            if (!sources.containsKey(topic)) {
                throw new ConfigException(
                        String.format(
                                "source topic '%s' does not exist; create it or fix source.topic",
                                topic));
            }
        }
        int partitions =
                sources.values().stream().mapToInt(d -> d.partitions().size()).max().orElse(1);
        List<String> wanted = new ArrayList<>();
        if (plan.sink() instanceof SinkPlan.Kafka kafka) {
            requireOrCreate(kafka.topic(), kafka.createTopic(), partitions, "sink.topic", wanted);
        }
        if (plan.errors().policy() == ErrorPolicy.DEAD_LETTER) {
            requireOrCreate(plan.deadLetterTopic(), true, partitions, "errors.topic", wanted);
        }
        create(wanted, partitions, Map.of());
        Optional<Repartition> repartition = Optional.empty();
        int tasks = partitions;
        if (plan.stateful().isPresent()) {
            if (sources.size() > 1 || (partitions > 1 && !coPartitioned(plan))) {
                repartition = Optional.of(repartition(plan, partitions, sourcePartitions(sources)));
                tasks = repartition.get().partitions();
            }
            List<String> changelogs = new ArrayList<>();
            for (String store : plan.stateful().get().operator().stores()) {
                String topic = StateTasks.changelogTopic(plan.name(), store);
                if (describe(List.of(topic)).isEmpty()) {
                    changelogs.add(topic);
                }
            }
            // Compacted: a changelog keeps the last value of every key, which is the state.
            create(changelogs, tasks, Map.of("cleanup.policy", "compact"));
        }
        checkTransactionTimeout(transactionTimeout);
        return new Tasks(
                tasks,
                repartition,
                plan.sink() instanceof SinkPlan.Kafka kafka
                        ? maxMessageBytes(kafka.topic())
                        : OptionalInt.empty());
    }

    /**
     * Creates the topics an ingester writes, when missing: {@code <name>-ingest} with the source's
     * partitions, and for files the compacted {@code <name>-ingest-files} with one partition.
     */
    private void createIngestTopics(String pipeline, IngestPlan ingest) {
        String topic = InternalTopics.ingest(pipeline);
        if (describe(List.of(topic)).isEmpty()) {
            create(List.of(topic), ingest.partitions(), Map.of());
        }
        String files = InternalTopics.ingestedFiles(pipeline);
        if (ingest instanceof IngestPlan.Files && describe(List.of(files)).isEmpty()) {
            // Compacted: the last marker of each file name is all a restart needs.
            create(List.of(files), 1, Map.of("cleanup.policy", "compact"));
        }
    }

    /**
     * Creates the compacted liveness log {@code <name>-members} of the peer watch when missing: one
     * partition, so every instance reads all beats in the order they were written.
     */
    void createMembersTopic(String pipeline) {
        String topic = InternalTopics.members(pipeline);
        if (describe(List.of(topic)).isEmpty()) {
            // Compacted: only an instance's last beat matters; a tombstone says it left.
            create(List.of(topic), 1, Map.of("cleanup.policy", "compact"));
        }
    }

    /**
     * The topic's {@code max.message.bytes}: the engine refuses a larger output itself, since a
     * refusal by the broker can make the producer split and retry without end (KAFKA-8350).
     */
    private OptionalInt maxMessageBytes(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            ConfigEntry entry =
                    admin.describeConfigs(List.of(resource))
                            .all()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                            .get(resource)
                            .get("max.message.bytes");
            return entry == null || entry.value() == null
                    ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(entry.value()));
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            return OptionalInt.empty(); // the broker still refuses what is too large
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /**
     * The internal topic {@code <name>-repartition}, created with the source's partition count if
     * missing; an existing one keeps its count, so keys keep their task across restarts.
     */
    private Repartition repartition(
            PipelinePlan plan, int partitions, List<TopicPartition> sources) {
        String topic = InternalTopics.repartition(plan.name());
        Map<String, TopicDescription> existing = describe(List.of(topic));
        if (existing.containsKey(topic)) {
            return new Repartition(topic, existing.get(topic).partitions().size(), sources);
        }
        create(List.of(topic), partitions, Map.of("retention.ms", REPARTITION_RETENTION_MS));
        return new Repartition(topic, partitions, sources);
    }

    private static List<TopicPartition> sourcePartitions(Map<String, TopicDescription> sources) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : new java.util.TreeSet<>(sources.keySet())) {
            for (int p = 0; p < sources.get(topic).partitions().size(); p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        return partitions;
    }

    /**
     * Whether the source's records are already partitioned by the stateful step's key: the file
     * says which columns the producer keyed them by, and the step groups by all of them.
     */
    private static boolean coPartitioned(PipelinePlan plan) {
        List<String> partitionedBy = plan.source().partitionedBy();
        if (partitionedBy.isEmpty() || plan.source().topics().size() > 1) {
            return false;
        }
        Set<String> keys = new HashSet<>();
        for (GroupColumn column : plan.stateful().get().operator().keyColumns()) {
            keys.add(column.name());
        }
        return keys.containsAll(partitionedBy);
    }

    private void requireOrCreate(
            String topic, boolean create, int partitions, String key, List<String> wanted) {
        if (!describe(List.of(topic)).isEmpty()) {
            return;
        }
        if (!create) {
            throw new ConfigException(
                    String.format(
                            "%s '%s' does not exist and createTopic is false; create it first"
                                    + " (with %d partitions like the source) or set createTopic: true",
                            key, topic, partitions));
        }
        wanted.add(topic);
    }

    private void create(Collection<String> topics, int partitions, Map<String, String> configs) {
        if (topics.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : topics) {
            newTopics.add(
                    new NewTopic(topic, Optional.of(partitions), Optional.empty())
                            .configs(configs));
        }
        try {
            admin.createTopics(newTopics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            awaitLeaders(topics);
            log.info("Created topics {} with {} partitions", topics, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConfigException(
                        "cannot create topics " + topics + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new ConfigException("creating topics " + topics + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while creating topics " + topics, e);
        }
    }

    /**
     * Waits until every partition of new topics has a leader, so the first batch does not race the
     * leader election (producers then retry on NOT_LEADER_OR_FOLLOWER).
     */
    private void awaitLeaders(Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (haveLeaders(topics)) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private boolean haveLeaders(Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return admin
                    .describeTopics(topics)
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .values()
                    .stream()
                    .flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // created, but the broker's metadata does not show it yet
            }
            throw e;
        }
    }

    private Map<String, TopicDescription> describe(Collection<String> topics) {
        try {
            Set<String> existing =
                    admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> present = topics.stream().filter(existing::contains).toList();
            if (present.isEmpty()) {
                return Map.of();
            }
            return admin.describeTopics(present)
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigException("cannot describe topics " + topics + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while describing topics " + topics, e);
        }
    }

    private void checkTransactionTimeout(Duration transactionTimeout) {
        try {
            Collection<Node> nodes =
                    admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (nodes.isEmpty()) {
                return;
            }
            ConfigResource broker =
                    new ConfigResource(
                            ConfigResource.Type.BROKER, nodes.iterator().next().idString());
            Config config =
                    admin.describeConfigs(List.of(broker))
                            .all()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                            .get(broker);
            ConfigEntry max = config.get("transaction.max.timeout.ms");
            if (max != null && max.value() != null) {
                long maxMs = Long.parseLong(max.value());
                if (transactionTimeout.toMillis() > maxMs) {
                    throw new ConfigException(
                            String.format(
                                    "transaction.timeout.ms (%d) exceeds the broker's"
                                            + " transaction.max.timeout.ms (%d); lower it or raise"
                                            + " the broker's limit",
                                    transactionTimeout.toMillis(), maxMs));
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            // Describing configs may be denied by ACLs; the producer reports a bad timeout anyway.
            log.warn("Cannot read the broker's transaction.max.timeout.ms: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while checking the broker's configuration", e);
        }
    }
}
