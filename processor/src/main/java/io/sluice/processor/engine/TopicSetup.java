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
import java.util.HashMap;
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
import org.apache.kafka.common.KafkaFuture;
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

    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");

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
     * Runs every check and creates what is missing, with as few round trips as it can: one listing
     * and one description of the topics, and one creation of every missing topic, while the
     * broker's limits are asked at the same time (start-up waits on each in turn).
     *
     * @param membersTopic whether to create the peer watch's liveness log {@code <name>-members}
     *     when missing: one partition, so every instance reads all beats in the order written
     * @return the tasks, with the repartition topic when the stateful step's rows must move to
     *     their group's task (the source has several partitions and is not partitioned by the
     *     step's key)
     * @throws ConfigException naming the topic or setting that is wrong, and what to do
     */
    Tasks prepare(PipelinePlan plan, Duration transactionTimeout, boolean membersTopic) {
        KafkaFuture<Collection<Node>> brokers = admin.describeCluster().nodes();
        Set<String> existing = new HashSet<>(listTopics());
        plan.source()
                .ingest()
                .ifPresent(ingest -> createIngestTopics(plan.name(), ingest, existing));
        List<NewTopic> missing = new ArrayList<>();
        if (membersTopic && !existing.contains(InternalTopics.members(plan.name()))) {
            // Compacted: only an instance's last beat matters; a tombstone says it left.
            missing.add(newTopic(InternalTopics.members(plan.name()), 1, COMPACTED));
        }
        String repartitionTopic = InternalTopics.repartition(plan.name());
        List<String> described = new ArrayList<>(plan.source().allTopics());
        described.add(repartitionTopic);
        Map<String, TopicDescription> descriptions = describe(described, existing);
        Map<String, TopicDescription> sources = new HashMap<>();
        for (String topic : plan.source().allTopics()) {
            if (!descriptions.containsKey(topic)) {
                throw new ConfigException(
                        String.format(
                                "source topic '%s' does not exist; create it or fix source.topic",
                                topic));
            }
            sources.put(topic, descriptions.get(topic));
        }
        int partitions =
                sources.values().stream().mapToInt(d -> d.partitions().size()).max().orElse(1);
        if (plan.sink() instanceof SinkPlan.Kafka kafka) {
            requireOrCreate(
                    kafka.topic(),
                    kafka.createTopic(),
                    partitions,
                    "sink.topic",
                    existing,
                    missing);
        }
        if (plan.errors().policy() == ErrorPolicy.DEAD_LETTER) {
            requireOrCreate(
                    plan.deadLetterTopic(), true, partitions, "errors.topic", existing, missing);
        }
        Optional<Repartition> repartition = Optional.empty();
        int tasks = partitions;
        if (plan.stateful().isPresent()) {
            if (sources.size() > 1 || (partitions > 1 && !coPartitioned(plan))) {
                // an existing one keeps its count, so keys keep their task across restarts
                TopicDescription present = descriptions.get(repartitionTopic);
                int count = present == null ? partitions : present.partitions().size();
                if (present == null) {
                    missing.add(
                            newTopic(
                                    repartitionTopic,
                                    count,
                                    Map.of("retention.ms", REPARTITION_RETENTION_MS)));
                }
                repartition =
                        Optional.of(
                                new Repartition(
                                        repartitionTopic, count, sourcePartitions(sources)));
                tasks = count;
            }
            for (String store : plan.stateful().get().operator().stores()) {
                String topic = StateTasks.changelogTopic(plan.name(), store);
                if (!existing.contains(topic)) {
                    // Compacted: a changelog keeps the last value of every key, which is the state.
                    missing.add(newTopic(topic, tasks, COMPACTED));
                }
            }
        }
        create(missing);
        checkTransactionTimeout(brokers, transactionTimeout);
        return new Tasks(
                tasks,
                repartition,
                plan.sink() instanceof SinkPlan.Kafka kafka
                        ? maxMessageBytes(kafka.topic())
                        : OptionalInt.empty());
    }

    /**
     * Creates the topics an ingester writes, when missing: {@code <name>-ingest} with the source's
     * partitions, and for files the compacted {@code <name>-ingest-files} with one partition; adds
     * them to {@code existing}.
     */
    private void createIngestTopics(String pipeline, IngestPlan ingest, Set<String> existing) {
        List<NewTopic> missing = new ArrayList<>();
        String topic = InternalTopics.ingest(pipeline);
        if (!existing.contains(topic)) {
            missing.add(newTopic(topic, ingest.partitions(), Map.of()));
        }
        String files = InternalTopics.ingestedFiles(pipeline);
        if (ingest instanceof IngestPlan.Files && !existing.contains(files)) {
            // Compacted: the last marker of each file name is all a restart needs.
            missing.add(newTopic(files, 1, COMPACTED));
        }
        create(missing);
        missing.forEach(created -> existing.add(created.name()));
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

    private static void requireOrCreate(
            String topic,
            boolean create,
            int partitions,
            String key,
            Set<String> existing,
            List<NewTopic> missing) {
        if (existing.contains(topic)) {
            return;
        }
        if (!create) {
            throw new ConfigException(
                    String.format(
                            "%s '%s' does not exist and createTopic is false; create it first"
                                    + " (with %d partitions like the source) or set createTopic: true",
                            key, topic, partitions));
        }
        missing.add(newTopic(topic, partitions, Map.of()));
    }

    private static NewTopic newTopic(String topic, int partitions, Map<String, String> configs) {
        return new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs);
    }

    /**
     * Creates {@code topics} in one request; one that another instance created meanwhile is fine.
     */
    private void create(List<NewTopic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        List<String> names = topics.stream().map(NewTopic::name).toList();
        try {
            admin.createTopics(topics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConfigException("cannot create topics " + names + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new ConfigException("creating topics " + names + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while creating topics " + names, e);
        }
        try {
            awaitLeaders(names);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigException("cannot describe the new topics " + names + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while creating topics " + names, e);
        }
        log.info(
                "Created topics {}",
                topics.stream()
                        .map(t -> t.name() + " (" + t.numPartitions() + " partitions)")
                        .toList());
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

    private Set<String> listTopics() {
        try {
            return admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigException("cannot list topics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while listing topics", e);
        }
    }

    /** The descriptions of those of {@code topics} that are in {@code existing}. */
    private Map<String, TopicDescription> describe(
            Collection<String> topics, Set<String> existing) {
        List<String> present = topics.stream().filter(existing::contains).distinct().toList();
        if (present.isEmpty()) {
            return Map.of();
        }
        try {
            return admin.describeTopics(present)
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigException("cannot describe topics " + present + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while describing topics " + present, e);
        }
    }

    private void checkTransactionTimeout(
            KafkaFuture<Collection<Node>> brokers, Duration transactionTimeout) {
        try {
            Collection<Node> nodes = brokers.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
