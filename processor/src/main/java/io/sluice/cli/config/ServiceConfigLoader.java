package io.sluice.cli.config;

import io.sluice.processor.ConfigException;
import io.sluice.processor.state.StateSettings;
import io.sluice.registry.RegistrySettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the service configuration: defaults, then the file, then {@code SLUICE_*} environment
 * variables, then command-line options, each overriding the one before.
 *
 * <p>An environment variable names a key in upper case with dots as underscores: {@code
 * SLUICE_HTTP_PORT} sets {@code http.port}, {@code SLUICE_KAFKA_SASL_JAAS_CONFIG} sets {@code
 * kafka.sasl.jaas.config}. Variables that name no key, or that the launcher, logging or tests read
 * ({@code SLUICE_HOME}, {@code SLUICE_KAFKA_LOG_LEVEL}, {@code SLUICE_TEST_*}), are left alone.
 * Keys under {@code kafka.}, {@code consumer.} and {@code producer.} are Kafka client settings
 * passed through untouched, except the few the engine sets itself for exactly-once, which are
 * refused.
 */
public final class ServiceConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(ServiceConfigLoader.class);

    public static final String FILE_ENV = "SLUICE_CONFIG";
    static final String ENV_PREFIX = "SLUICE_";
    static final List<String> CLIENT_PREFIXES = List.of("kafka.", "consumer.", "producer.");

    /** SLUICE_ variables that are read elsewhere (launcher, logging, tests), not settings. */
    private static final Set<String> NOT_SETTINGS =
            Set.of(
                    FILE_ENV,
                    "SLUICE_HOME",
                    "SLUICE_JAVA_OPTS",
                    "SLUICE_LOG_LEVEL",
                    "SLUICE_KAFKA_LOG_LEVEL",
                    "SLUICE_LAUNCHED_AT_MS",
                    "SLUICE_CHROMIUM",
                    "SLUICE_CHROMEDRIVER");

    /** Prefixes of the variables of the test kit and the benchmark harness. */
    private static final List<String> NOT_SETTINGS_PREFIXES =
            List.of("SLUICE_TEST_", "SLUICE_BENCH_");

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    static final String INSTANCE_ID = "instance.id";
    static final String STATE_DIR = "state.dir";
    static final String STATE_MEMORY_BYTES = "state.memory.bytes";
    static final String STATE_STANDBY_REPLICAS = "state.standby.replicas";
    static final String HTTP_ENABLED = "http.enabled";
    static final String HTTP_HOST = "http.host";
    static final String HTTP_PORT = "http.port";
    static final String STATUS_INTERVAL_MS = "status.interval.ms";
    static final String CLUSTER_CONNECT_TIMEOUT_MS = "cluster.connect.timeout.ms";
    static final String GROUP_PEER_TIMEOUT_MS = "group.peer.timeout.ms";
    static final String GROUP_PEER_LIFELINE_ENABLED = "group.peer.lifeline.enabled";
    static final String GROUP_PEER_LIFELINE_HOST = "group.peer.lifeline.host";
    static final String GROUP_PEER_LIFELINE_PORT = "group.peer.lifeline.port";
    static final long MIN_PEER_TIMEOUT_MS = 1_000;
    static final long MAX_PEER_TIMEOUT_MS = 60_000;
    static final String REGISTRY = "schema.registry.";
    static final String REGISTRY_URL = REGISTRY + "url";
    static final String REGISTRY_USER_INFO = REGISTRY + "basic.auth.user.info";
    static final String REGISTRY_TOKEN = REGISTRY + "bearer.auth.token";
    static final String REGISTRY_TRUSTSTORE = REGISTRY + "ssl.truststore.location";
    static final String REGISTRY_TRUSTSTORE_PASSWORD = REGISTRY + "ssl.truststore.password";
    static final String REGISTRY_TRUSTSTORE_TYPE = REGISTRY + "ssl.truststore.type";
    static final String REGISTRY_KEYSTORE = REGISTRY + "ssl.keystore.location";
    static final String REGISTRY_KEYSTORE_PASSWORD = REGISTRY + "ssl.keystore.password";
    static final String REGISTRY_KEYSTORE_TYPE = REGISTRY + "ssl.keystore.type";
    static final String REGISTRY_KEY_PASSWORD = REGISTRY + "ssl.key.password";
    static final String REGISTRY_TIMEOUT_MS = REGISTRY + "request.timeout.ms";

    /**
     * Client settings that Sluice owns: exactly-once and the pipeline's identity depend on them.
     */
    private static final Set<String> ENGINE_OWNED =
            Set.of(
                    "bootstrap.servers",
                    "group.id",
                    "group.instance.id",
                    "client.id",
                    "isolation.level",
                    "enable.auto.commit",
                    "transactional.id",
                    "enable.idempotence",
                    "acks",
                    "transaction.timeout.ms",
                    "key.serializer",
                    "value.serializer",
                    "key.deserializer",
                    "value.deserializer");

    static final ConfigDef DEFINITION =
            new ConfigDef()
                    .define(
                            BOOTSTRAP_SERVERS,
                            Type.STRING,
                            null,
                            Importance.HIGH,
                            "The Kafka cluster (host:port,...); --bootstrap-servers overrides it")
                    .define(
                            INSTANCE_ID,
                            Type.STRING,
                            null,
                            Importance.HIGH,
                            "This instance's id among those running the pipeline")
                    .define(
                            STATE_DIR,
                            Type.STRING,
                            null,
                            Importance.MEDIUM,
                            "Where stateful steps keep local RocksDB state")
                    .define(
                            STATE_MEMORY_BYTES,
                            Type.LONG,
                            0L,
                            ConfigDef.LambdaValidator.with(
                                    (name, value) -> {
                                        long bytes = (Long) value;
                                        if (bytes != 0 && bytes < StateSettings.MIN_MEMORY_BYTES) {
                                            throw new org.apache.kafka.common.config
                                                    .ConfigException(
                                                    name,
                                                    value,
                                                    "must be 0 (the default) or at least "
                                                            + StateSettings.MIN_MEMORY_BYTES);
                                        }
                                    },
                                    () -> "0, or at least " + StateSettings.MIN_MEMORY_BYTES),
                            Importance.MEDIUM,
                            "Native memory for all RocksDB state of the process (block cache and"
                                    + " write buffers); 0: a quarter of the container's memory"
                                    + " limit")
                    .define(
                            STATE_STANDBY_REPLICAS,
                            Type.INT,
                            0,
                            Range.atLeast(0),
                            Importance.MEDIUM,
                            "How many other instances keep a warm copy of each stateful task by"
                                    + " following its changelogs, to take it over without a full"
                                    + " restore; 0: none")
                    .define(
                            HTTP_ENABLED,
                            Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            "Whether to serve /health, /metrics, /status and the dashboard")
                    .define(
                            HTTP_HOST,
                            Type.STRING,
                            "127.0.0.1",
                            ConfigDef.CompositeValidator.of(
                                    new ConfigDef.NonEmptyString(), new HostValidator()),
                            Importance.MEDIUM,
                            "The address the HTTP endpoint listens on (0.0.0.0 in a container)")
                    .define(
                            HTTP_PORT,
                            Type.INT,
                            8080,
                            Range.between(0, 65535),
                            Importance.MEDIUM,
                            "The HTTP endpoint's port; 0 picks a free one")
                    .define(
                            STATUS_INTERVAL_MS,
                            Type.LONG,
                            5000L,
                            Range.atLeast(500),
                            Importance.LOW,
                            "How often `run` prints its status line")
                    .define(
                            CLUSTER_CONNECT_TIMEOUT_MS,
                            Type.LONG,
                            10_000L,
                            Range.between(100, 600_000),
                            Importance.MEDIUM,
                            "How long start-up waits for the Kafka cluster to answer before it"
                                    + " stops with exit code 2")
                    .define(
                            GROUP_PEER_TIMEOUT_MS,
                            Type.LONG,
                            3_000L,
                            ConfigDef.LambdaValidator.with(
                                    (name, value) -> {
                                        long ms = (Long) value;
                                        if (ms != 0
                                                && (ms < MIN_PEER_TIMEOUT_MS
                                                        || ms > MAX_PEER_TIMEOUT_MS)) {
                                            throw new org.apache.kafka.common.config
                                                    .ConfigException(
                                                    name,
                                                    value,
                                                    "must be 0 (off) or between "
                                                            + MIN_PEER_TIMEOUT_MS
                                                            + " and "
                                                            + MAX_PEER_TIMEOUT_MS);
                                        }
                                    },
                                    () ->
                                            "0, or "
                                                    + MIN_PEER_TIMEOUT_MS
                                                    + " to "
                                                    + MAX_PEER_TIMEOUT_MS),
                            Importance.MEDIUM,
                            "How long another instance of the pipeline may go without a liveness"
                                    + " beat before the others remove it from the consumer group,"
                                    + " so that a killed instance's partitions move without"
                                    + " waiting for its session timeout; 0 turns beats and the"
                                    + " watch off")
                    .define(
                            GROUP_PEER_LIFELINE_ENABLED,
                            Type.BOOLEAN,
                            true,
                            Importance.LOW,
                            "Whether this instance opens a lifeline for the others to hold (with"
                                    + " the peer watch on); without it, a killed instance is"
                                    + " found by its missing beats")
                    .define(
                            GROUP_PEER_LIFELINE_HOST,
                            Type.STRING,
                            "127.0.0.1",
                            ConfigDef.CompositeValidator.of(
                                    new ConfigDef.NonEmptyString(), new HostValidator()),
                            Importance.LOW,
                            "The address of this instance's lifeline, a port the other instances"
                                    + " hold a connection to so that they learn at once when"
                                    + " its process dies (0.0.0.0 in a container; peers on"
                                    + " other machines cannot reach the loopback default and"
                                    + " fall back to the beats)")
                    .define(
                            GROUP_PEER_LIFELINE_PORT,
                            Type.INT,
                            0,
                            Range.between(0, 65535),
                            Importance.LOW,
                            "The lifeline's port; 0 picks a free one")
                    .define(
                            REGISTRY_URL,
                            Type.STRING,
                            null,
                            Importance.HIGH,
                            "The schema registry (Confluent REST API), for sources and sinks with"
                                    + " registry:; several URLs comma-separated")
                    .define(
                            REGISTRY_USER_INFO,
                            Type.STRING,
                            null,
                            Importance.MEDIUM,
                            "user:password for basic authentication to the registry")
                    .define(
                            REGISTRY_TOKEN,
                            Type.STRING,
                            null,
                            Importance.MEDIUM,
                            "A bearer token for the registry")
                    .define(
                            REGISTRY_TRUSTSTORE,
                            Type.STRING,
                            null,
                            Importance.LOW,
                            "Trust store for the registry's TLS certificate")
                    .define(
                            REGISTRY_TRUSTSTORE_PASSWORD,
                            Type.STRING,
                            null,
                            Importance.LOW,
                            "The trust store's password")
                    .define(
                            REGISTRY_TRUSTSTORE_TYPE,
                            Type.STRING,
                            "PKCS12",
                            Importance.LOW,
                            "The trust store's type")
                    .define(
                            REGISTRY_KEYSTORE,
                            Type.STRING,
                            null,
                            Importance.LOW,
                            "Key store for a client certificate (mutual TLS)")
                    .define(
                            REGISTRY_KEYSTORE_PASSWORD,
                            Type.STRING,
                            null,
                            Importance.LOW,
                            "The key store's password")
                    .define(
                            REGISTRY_KEYSTORE_TYPE,
                            Type.STRING,
                            "PKCS12",
                            Importance.LOW,
                            "The key store's type")
                    .define(
                            REGISTRY_KEY_PASSWORD,
                            Type.STRING,
                            null,
                            Importance.LOW,
                            "The client key's password, when it differs from the key store's")
                    .define(
                            REGISTRY_TIMEOUT_MS,
                            Type.LONG,
                            5_000L,
                            Range.between(100, 600_000),
                            Importance.LOW,
                            "How long one request to the registry may take");

    private final Map<String, String> environment;

    /** A loader reading the process environment. */
    public ServiceConfigLoader() {
        this(System.getenv());
    }

    ServiceConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Loads and validates the configuration.
     *
     * @param file the file to read; empty to read none
     * @param options settings given on the command line, by key (highest precedence); the option of
     *     key {@code http.port} is {@code --http-port}, and errors name it so
     * @throws ConfigException naming where the value came from, the key and the reason
     */
    public ServiceConfig load(Optional<Path> file, Map<String, String> options) {
        for (String variable : unknownVariables()) {
            // its name only: the value of a misspelled secret must not reach the log
            log.warn(
                    "{} is not a Sluice setting and is ignored; a setting's variable is SLUICE_ and"
                            + " its key in upper case with dots as underscores, such as"
                            + " SLUICE_HTTP_PORT for http.port",
                    variable);
        }
        Map<String, YamlSettings.Entry> raw = new LinkedHashMap<>();
        file.ifPresent(f -> raw.putAll(YamlSettings.read(f)));
        environment.forEach(
                (name, value) -> {
                    String key = keyOf(name);
                    if (key != null) {
                        raw.put(key, new YamlSettings.Entry(value, ConfigSource.environment(name)));
                    }
                });
        options.forEach(
                (key, value) ->
                        raw.put(
                                key,
                                new YamlSettings.Entry(
                                        value,
                                        ConfigSource.commandLine("--" + key.replace('.', '-')))));
        return build(file, raw);
    }

    /**
     * The file to read: {@code option} if given, else {@code $SLUICE_CONFIG}, else {@code
     * config/sluice.yaml} under the installation directory if it exists there.
     */
    public Optional<Path> locate(Path option, Optional<Path> installation) {
        if (option != null) {
            return Optional.of(option);
        }
        String fromEnv = environment.get(FILE_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv));
        }
        return installation
                .map(dir -> dir.resolve("config").resolve("sluice.yaml"))
                .filter(Files::isRegularFile);
    }

    /**
     * The {@code SLUICE_*} variables of the environment that set nothing: neither a setting nor a
     * variable of the launcher, the logging or the tests. A misspelled setting, most likely;
     * start-up warns about them rather than ignoring them in silence.
     */
    public List<String> unknownVariables() {
        return environment.keySet().stream()
                .filter(name -> name.startsWith(ENV_PREFIX) && !isOther(name))
                .filter(name -> keyOf(name) == null)
                .sorted()
                .toList();
    }

    private static boolean isOther(String variable) {
        return NOT_SETTINGS.contains(variable)
                || NOT_SETTINGS_PREFIXES.stream().anyMatch(variable::startsWith);
    }

    /** The key an environment variable sets, or null when it names none. */
    static String keyOf(String variable) {
        if (!variable.startsWith(ENV_PREFIX) || isOther(variable)) {
            return null;
        }
        String key =
                variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return isKnown(key) ? key : null;
    }

    private static boolean isKnown(String key) {
        return DEFINITION.names().contains(key) || clientPrefix(key) != null;
    }

    private static String clientPrefix(String key) {
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                return prefix;
            }
        }
        return null;
    }

    private static ServiceConfig build(Optional<Path> file, Map<String, YamlSettings.Entry> raw) {
        Map<String, Object> typed = new HashMap<>();
        Map<String, Map<String, Object>> clients = new HashMap<>();
        CLIENT_PREFIXES.forEach(p -> clients.put(p, new HashMap<>()));
        for (Map.Entry<String, YamlSettings.Entry> setting : raw.entrySet()) {
            String key = setting.getKey();
            YamlSettings.Entry entry = setting.getValue();
            String prefix = clientPrefix(key);
            if (prefix != null) {
                String clientKey = key.substring(prefix.length());
                if (ENGINE_OWNED.contains(clientKey)) {
                    throw invalid(
                            entry,
                            key,
                            "Sluice sets "
                                    + clientKey
                                    + " itself (exactly-once and the pipeline's identity depend"
                                    + " on it); remove it");
                }
                clients.get(prefix).put(clientKey, entry.value());
            } else if (DEFINITION.configKeys().containsKey(key)) {
                typed.put(key, parse(DEFINITION.configKeys().get(key), entry));
            } else {
                throw invalid(
                        entry,
                        key,
                        "unknown key; expected one of "
                                + DEFINITION.names()
                                + " or a Kafka client setting under kafka., consumer. or"
                                + " producer.");
            }
        }
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            typed.putIfAbsent(key.name, key.defaultValue);
        }
        boolean httpEnabled = (Boolean) typed.get(HTTP_ENABLED);
        return new ServiceConfig(
                file,
                Optional.ofNullable((String) typed.get(BOOTSTRAP_SERVERS))
                        .filter(s -> !s.isBlank()),
                Optional.ofNullable((String) typed.get(INSTANCE_ID)).filter(s -> !s.isBlank()),
                Optional.ofNullable((String) typed.get(STATE_DIR)).map(Path::of),
                (Long) typed.get(STATE_MEMORY_BYTES),
                (Integer) typed.get(STATE_STANDBY_REPLICAS),
                httpEnabled
                        ? Optional.of(
                                InetSocketAddress.createUnresolved(
                                        (String) typed.get(HTTP_HOST),
                                        (Integer) typed.get(HTTP_PORT)))
                        : Optional.empty(),
                raw.containsKey(HTTP_PORT),
                Duration.ofMillis((Long) typed.get(STATUS_INTERVAL_MS)),
                Duration.ofMillis((Long) typed.get(CLUSTER_CONNECT_TIMEOUT_MS)),
                Duration.ofMillis((Long) typed.get(GROUP_PEER_TIMEOUT_MS)),
                (Boolean) typed.get(GROUP_PEER_LIFELINE_ENABLED)
                        ? Optional.of(
                                InetSocketAddress.createUnresolved(
                                        (String) typed.get(GROUP_PEER_LIFELINE_HOST),
                                        (Integer) typed.get(GROUP_PEER_LIFELINE_PORT)))
                        : Optional.empty(),
                clients.get("kafka."),
                clients.get("consumer."),
                clients.get("producer."),
                registry(typed, raw));
    }

    /** The schema registry's settings, when {@code schema.registry.url} is set. */
    private static Optional<RegistrySettings> registry(
            Map<String, Object> typed, Map<String, YamlSettings.Entry> raw) {
        String url = (String) typed.get(REGISTRY_URL);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            RegistrySettings settings =
                    RegistrySettings.of(url)
                            .withRequestTimeout(
                                    Duration.ofMillis((Long) typed.get(REGISTRY_TIMEOUT_MS)));
            String userInfo = (String) typed.get(REGISTRY_USER_INFO);
            if (userInfo != null) {
                settings = settings.withBasicAuth(userInfo);
            }
            String token = (String) typed.get(REGISTRY_TOKEN);
            if (token != null) {
                settings = settings.withBearerToken(token);
            }
            String trustStore = (String) typed.get(REGISTRY_TRUSTSTORE);
            if (trustStore != null) {
                settings =
                        settings.withTrustStore(
                                Path.of(trustStore),
                                (String) typed.get(REGISTRY_TRUSTSTORE_PASSWORD),
                                (String) typed.get(REGISTRY_TRUSTSTORE_TYPE));
            }
            String keyStore = (String) typed.get(REGISTRY_KEYSTORE);
            if (keyStore != null) {
                settings =
                        settings.withKeyStore(
                                Path.of(keyStore),
                                (String) typed.get(REGISTRY_KEYSTORE_PASSWORD),
                                (String) typed.get(REGISTRY_KEYSTORE_TYPE),
                                (String) typed.get(REGISTRY_KEY_PASSWORD));
            }
            return Optional.of(settings);
        } catch (IllegalArgumentException e) {
            // the message names the setting; never its value, which may hold a secret
            YamlSettings.Entry entry = raw.get(REGISTRY_URL);
            throw new ConfigException(
                    (entry == null ? "configuration" : entry.source().toString())
                            + ": "
                            + e.getMessage());
        }
    }

    private static Object parse(ConfigDef.ConfigKey key, YamlSettings.Entry entry) {
        try {
            Object value = ConfigDef.parseType(key.name, entry.value(), key.type);
            if (key.validator != null) {
                key.validator.ensureValid(key.name, value);
            }
            return value;
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw invalid(entry, key.name, e.getMessage());
        }
    }

    private static ConfigException invalid(YamlSettings.Entry entry, String key, String reason) {
        return new ConfigException(entry.source() + ": " + key + ": " + reason);
    }
}
