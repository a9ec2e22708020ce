package io.sluice.cli.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The validated service configuration: what {@code sluice run} needs apart from the pipeline file.
 *
 * @param file the configuration file read, if any
 * @param bootstrapServers the Kafka cluster, if configured
 * @param instanceId this instance's id, if configured
 * @param stateDirectory where local state lives, if configured
 * @param stateMemoryBytes the native memory of all RocksDB state; 0 for the default
 * @param http the address of the status and metrics endpoint; empty when it is turned off
 * @param statusInterval how often {@code run} prints its status line
 * @param clusterConnectTimeout how long start-up waits for the Kafka cluster to answer
 * @param kafka Kafka client settings for every client, untouched
 * @param consumer consumer-only settings, untouched
 * @param producer producer-only settings, untouched
 */
public record ServiceConfig(
        Optional<Path> file,
        Optional<String> bootstrapServers,
        Optional<String> instanceId,
        Optional<Path> stateDirectory,
        long stateMemoryBytes,
        Optional<InetSocketAddress> http,
        Duration statusInterval,
        Duration clusterConnectTimeout,
        Map<String, Object> kafka,
        Map<String, Object> consumer,
        Map<String, Object> producer) {

    public ServiceConfig {
        kafka = Map.copyOf(kafka);
        consumer = Map.copyOf(consumer);
        producer = Map.copyOf(producer);
    }

    /**
     * A one-line description for the log, with every secret value hidden: client settings such as
     * {@code sasl.jaas.config} or {@code ssl.keystore.password} show as {@code [hidden]}.
     */
    public String describe() {
        Map<String, Object> clients = new LinkedHashMap<>();
        kafka.forEach((k, v) -> clients.put("kafka." + k, v));
        consumer.forEach((k, v) -> clients.put("consumer." + k, v));
        producer.forEach((k, v) -> clients.put("producer." + k, v));
        return String.format(
                "file %s; http %s; client settings {%s}",
                file.map(Path::toString).orElse("(none)"),
                http.map(a -> a.getHostString() + ":" + a.getPort()).orElse("off"),
                Secrets.describe(clients));
    }

    /**
     * The text with every secret of the client settings replaced by {@code [hidden]}: for messages
     * of errors that may quote a setting, such as a Kafka client's.
     */
    public String redact(String text) {
        return Secrets.redact(Secrets.redact(Secrets.redact(text, kafka), consumer), producer);
    }

    @Override
    public String toString() {
        return "ServiceConfig[" + describe() + "]";
    }
}
