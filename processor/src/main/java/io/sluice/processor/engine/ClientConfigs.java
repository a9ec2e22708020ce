package io.sluice.processor.engine;

import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SourcePlan;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka client settings of the engine: its defaults, then the user's settings untouched (so
 * SASL/SSL pass through), then what exactly-once needs, which the user cannot turn off.
 */
final class ClientConfigs {
    /** The longest a fetch waits at the broker for {@link #FETCH_MIN_BYTES}. */
    private static final Duration MAX_FETCH_WAIT = Duration.ofMillis(100);

    /** What a fetch waits for under a floor between batches: a backlog's fetch fills it at once. */
    private static final int FETCH_MIN_BYTES = 1024 * 1024;

    private ClientConfigs() {}

    static Map<String, Object> admin(EngineSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.clientConfig());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return config;
    }

    /** The largest record the producer sends: its {@code max.request.size}. */
    static int maxRecordBytes(EngineSettings settings) {
        Object configured = producer(settings).get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (configured == null) {
            return DeadLetters.DEFAULT_MAX_RECORD_BYTES;
        }
        try {
            return Integer.parseInt(configured.toString().trim());
        } catch (NumberFormatException e) {
            return DeadLetters.DEFAULT_MAX_RECORD_BYTES; // the producer itself refuses it at start
        }
    }

    static Map<String, Object> producer(EngineSettings settings) {
        Map<String, Object> config = new HashMap<>();
        // Records flush at commit anyway; lingering fills larger batches in between.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // A new transaction that starts while the last one's markers are still being written is
        // refused with CONCURRENT_TRANSACTIONS and retried after this backoff: Kafka's 100 ms
        // default was the tail of the end-to-end latency. It still grows up to 1 s on failures.
        config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
        config.putAll(settings.clientConfig());
        config.putAll(settings.producerConfig());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                (int) settings.transactionTimeout().toMillis());
        return config;
    }

    /** The configuration of a consumer of a joined table's topic: a restore consumer. */
    static Map<String, Object> tableConsumer(EngineSettings settings) {
        Map<String, Object> config = restoreConsumer(settings);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** A group-less read_committed consumer for restoring state from changelogs. */
    static Map<String, Object> restoreConsumer(EngineSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        config.putAll(settings.clientConfig());
        config.putAll(settings.consumerConfig());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // an offset below the log start (records deleted) restores from what is left, never from
        // the end, which would silently drop state
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    static Map<String, Object> consumer(EngineSettings settings, PipelinePlan plan) {
        Map<String, Object> config = new HashMap<>();
        // small polls keep the records carried between batches few (BatchReader says why)
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BatchReader.POLL_RECORDS);
        Duration floor = plan.trigger().floorBetweenBatches();
        if (floor.isZero()) {
            // Batches back to back: a fetch returns as soon as a record is there. Kafka's default
            // wait, 500 ms, was the latency's maximum under sparse input (a fetch for partitions
            // read to their end held the others'); an idle instance fetches every 100 ms instead.
            config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        } else {
            // A batch waits for the floor anyway: the broker holds each fetch until then, unless
            // a backlog fills it, so a slow input costs one fetch per batch instead of one per
            // producer request, and the batch plans from what that fetch brought (BatchSchedule).
            config.put(
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                    (int) Math.min(floor.toMillis(), MAX_FETCH_WAIT.toMillis()));
            config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
        }
        // A dead instance's partitions move after this long; Kafka's 45 s default is a long stall.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        // A member learns of a rebalance only from its next heartbeat: at Kafka's 3 s default, the
        // survivors of a killed instance its peers removed (PeerWatcher) waited up to 3 s more
        // before they took its partitions. A heartbeat is a tiny request.
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        // cooperative-sticky after ours: the protocol of a group mixed with older instances
        config.put(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                StandbyAssignor.class.getName() + "," + CooperativeStickyAssignor.class.getName());
        config.putAll(settings.clientConfig());
        config.putAll(settings.consumerConfig());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, plan.name());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, plan.name() + "-" + settings.instanceId());
        // Static membership: an instance restarted under the same id takes its partitions back
        // at once, instead of waiting for its dead predecessor's session to time out.
        config.put(
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, plan.name() + "-" + settings.instanceId());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                plan.source().startingOffsets() == SourcePlan.StartingOffsets.LATEST
                        ? "latest"
                        : "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
