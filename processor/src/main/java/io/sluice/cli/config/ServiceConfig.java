package io.sluice.cli.config;

import io.sluice.registry.RegistrySettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated service configuration: what {@code sluice run} needs apart from the pipeline file.
 *
 * @param file the configuration file read, if any
 * @param bootstrapServers the Kafka cluster, if configured
 * @param instanceId this instance's id, if configured
 * @param stateDirectory where local state lives, if configured
 * @param stateMemoryBytes the native memory of all RocksDB state; 0 for the default
 * @param standbyReplicas how many other instances keep a warm copy of each stateful task; 0 for
 *     none
 * @param http the address of the status and metrics endpoint; empty when it is turned off
 * @param httpPortSet whether {@code http.port} was set (file, environment or option) rather than
 *     left at its default; only a default port may move to the next free one when taken
 * @param statusInterval how often {@code run} prints its status line
 * @param clusterConnectTimeout how long start-up waits for the Kafka cluster to answer
 * @param peerTimeout how long another instance may go without a liveness beat before this one
 *     removes it from the consumer group; zero when the watch is off
 * @param peerLifeline where this instance's lifeline listens, the port its peers hold a connection
 *     to so that they learn of its death at once (port 0: any free one); empty when it is turned
 *     off
 * @param kafka Kafka client settings for every client, untouched
 * @param consumer consumer-only settings, untouched
 * @param producer producer-only settings, untouched
 * @param schemaRegistry the schema registry, when {@code schema.registry.url} is set
 */
public record ServiceConfig(
        Optional<Path> file,
        Optional<String> bootstrapServers,
        Optional<String> instanceId,
        Optional<Path> stateDirectory,
        long stateMemoryBytes,
        int standbyReplicas,
        Optional<InetSocketAddress> http,
        boolean httpPortSet,
        Duration statusInterval,
        Duration clusterConnectTimeout,
        Duration peerTimeout,
        Optional<InetSocketAddress> peerLifeline,
        Map<String, Object> kafka,
        Map<String, Object> consumer,
        Map<String, Object> producer,
        Optional<RegistrySettings> schemaRegistry) {

    public ServiceConfig {
        kafka = Map.copyOf(kafka);
        consumer = Map.copyOf(consumer);
        producer = Map.copyOf(producer);
        Objects.requireNonNull(schemaRegistry, "schemaRegistry");
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
                "file %s; http %s; client settings {%s}; schema registry %s",
                file.map(Path::toString).orElse("(none)"),
                http.map(a -> a.getHostString() + ":" + a.getPort()).orElse("off"),
                Secrets.describe(clients),
                schemaRegistry.map(RegistrySettings::describe).orElse("(none)"));
    }

    /**
     * The text with every secret of the client settings replaced by {@code [hidden]}: for messages
     * of errors that may quote a setting, such as a Kafka client's.
     */
    public String redact(String text) {
        String redacted =
                Secrets.redact(Secrets.redact(Secrets.redact(text, kafka), consumer), producer);
        return schemaRegistry.map(r -> Secrets.redact(redacted, secretsOf(r))).orElse(redacted);
    }

    /** The registry's secrets, under names {@link Secrets} takes for secret. */
    private static Map<String, Object> secretsOf(RegistrySettings registry) {
        Map<String, Object> secrets = new LinkedHashMap<>();
        registry.basicAuthUserInfo()
                .ifPresent(
                        info -> {
                            secrets.put("basic.auth.user.info", info);
                            secrets.put("password", info.substring(info.indexOf(':') + 1));
                        });
        registry.bearerToken().ifPresent(t -> secrets.put("bearer.auth.token", t));
        registry.trustStorePassword().ifPresent(p -> secrets.put("truststore.password", p));
        registry.keyStorePassword().ifPresent(p -> secrets.put("keystore.password", p));
        registry.keyPassword().ifPresent(p -> secrets.put("key.password", p));
        return secrets;
    }

    @Override
    public String toString() {
        return "ServiceConfig[" + describe() + "]";
    }
}
