package io.sluice.processor.engine;

import io.sluice.processor.state.StateSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the engine connects and paces itself, apart from the pipeline.
 *
 * @param bootstrapServers the Kafka cluster
 * @param instanceId names this instance among those running the same pipeline; stable across
 *     restarts of the instance (a pod name, a StatefulSet ordinal) so that its transactional id is
 *     too
 * @param clientConfig Kafka client settings given to every client untouched (security settings
 *     included), under their own names
 * @param consumerConfig consumer-only settings, applied after {@code clientConfig}
 * @param producerConfig producer-only settings, applied after {@code clientConfig}
 * @param transactionTimeout the producer's {@code transaction.timeout.ms}
 * @param retryBackoff the first pause before a failed batch runs again; doubles up to {@code
 *     maxRetryBackoff}
 * @param maxRetryBackoff the longest pause between retries
 * @param stateDirectory where stateful pipelines keep their local RocksDB state
 * @param stateMemoryBytes the native memory all RocksDB state of the process may use (block cache
 *     and write buffers); 0 for the default, a quarter of the container's memory limit
 * @param standbyReplicas how many other instances keep a warm copy of each stateful task's state by
 *     following its changelogs (service key {@code state.standby.replicas}); 0 for none
 * @param peerTimeout how long a peer instance may go without a liveness beat before this instance
 *     removes it from the consumer group (see {@link PeerWatcher}); zero turns beats and the watch
 *     off
 * @param peerLifeline where this instance's {@link Lifeline} listens (service keys {@code
 *     group.peer.lifeline.host} and {@code .port}), which its peers hold to learn of its death at
 *     once; null for none
 */
public record EngineSettings(
        String bootstrapServers,
        String instanceId,
        Map<String, Object> clientConfig,
        Map<String, Object> consumerConfig,
        Map<String, Object> producerConfig,
        Duration transactionTimeout,
        Duration retryBackoff,
        Duration maxRetryBackoff,
        Path stateDirectory,
        long stateMemoryBytes,
        int standbyReplicas,
        Duration peerTimeout,
        InetSocketAddress peerLifeline) {

    /** The default lifeline: any free port of the loopback address, for peers on this machine. */
    public static final InetSocketAddress LOOPBACK_LIFELINE =
            InetSocketAddress.createUnresolved("127.0.0.1", 0);

    public EngineSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(instanceId, "instanceId");
        if (!instanceId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "an instance id may hold letters, digits, '.', '_' and '-' only, got '"
                            + instanceId
                            + "'");
        }
        clientConfig = Map.copyOf(clientConfig);
        consumerConfig = Map.copyOf(consumerConfig);
        producerConfig = Map.copyOf(producerConfig);
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        if (stateMemoryBytes < 0) {
            throw new IllegalArgumentException(
                    "stateMemoryBytes must be >= 0 (0 for the default), got " + stateMemoryBytes);
        }
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException(
                    "standbyReplicas must be >= 0, got " + standbyReplicas);
        }
        Objects.requireNonNull(peerTimeout, "peerTimeout");
        if (peerTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "peerTimeout must be >= 0 (0 turns it off), got " + peerTimeout);
        }
    }

    /**
     * Defaults for the given cluster and instance: 10 s transactions, retries from 100 ms to 10 s,
     * no peer watch (the service turns it on with {@code group.peer.timeout.ms}).
     */
    public static EngineSettings of(String bootstrapServers, String instanceId) {
        return new EngineSettings(
                bootstrapServers,
                instanceId,
                Map.of(),
                Map.of(),
                Map.of(),
                Duration.ofSeconds(10),
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                Path.of("state"),
                0,
                0,
                Duration.ZERO,
                LOOPBACK_LIFELINE);
    }

    /** A copy with other client settings for every client. */
    public EngineSettings withClientConfig(Map<String, Object> config) {
        return new EngineSettings(
                bootstrapServers,
                instanceId,
                config,
                consumerConfig,
                producerConfig,
                transactionTimeout,
                retryBackoff,
                maxRetryBackoff,
                stateDirectory,
                stateMemoryBytes,
                standbyReplicas,
                peerTimeout,
                peerLifeline);
    }

    /** A copy keeping local state under {@code directory}. */
    public EngineSettings withStateDirectory(Path directory) {
        return new EngineSettings(
                bootstrapServers,
                instanceId,
                clientConfig,
                consumerConfig,
                producerConfig,
                transactionTimeout,
                retryBackoff,
                maxRetryBackoff,
                directory,
                stateMemoryBytes,
                standbyReplicas,
                peerTimeout,
                peerLifeline);
    }

    /** A copy keeping {@code replicas} warm copies of each stateful task on other instances. */
    public EngineSettings withStandbyReplicas(int replicas) {
        return new EngineSettings(
                bootstrapServers,
                instanceId,
                clientConfig,
                consumerConfig,
                producerConfig,
                transactionTimeout,
                retryBackoff,
                maxRetryBackoff,
                stateDirectory,
                stateMemoryBytes,
                replicas,
                peerTimeout,
                peerLifeline);
    }

    /** A copy whose instances watch each other with {@code timeout}; zero turns it off. */
    public EngineSettings withPeerTimeout(Duration timeout) {
        return new EngineSettings(
                bootstrapServers,
                instanceId,
                clientConfig,
                consumerConfig,
                producerConfig,
                transactionTimeout,
                retryBackoff,
                maxRetryBackoff,
                stateDirectory,
                stateMemoryBytes,
                standbyReplicas,
                timeout,
                peerLifeline);
    }

    /**
     * A copy whose lifeline listens on {@code address} (port 0: any free one); null for none, which
     * leaves a killed instance to the beats' timeout.
     */
    public EngineSettings withPeerLifeline(InetSocketAddress address) {
        return new EngineSettings(
                bootstrapServers,
                instanceId,
                clientConfig,
                consumerConfig,
                producerConfig,
                transactionTimeout,
                retryBackoff,
                maxRetryBackoff,
                stateDirectory,
                stateMemoryBytes,
                standbyReplicas,
                peerTimeout,
                address);
    }

    /** The RocksDB settings of the process: the state directory and memory budget. */
    public StateSettings stateSettings() {
        return stateMemoryBytes == 0
                ? StateSettings.defaults(stateDirectory)
                : new StateSettings(stateDirectory, stateMemoryBytes);
    }
}
