package io.sluice.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.ConfigException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigLoaderTest {
    @TempDir Path directory;

    @Test
    void shouldUseDefaultsWhenThereIsNoFileAndNoEnvironment() {
        ServiceConfigLoader loader = new ServiceConfigLoader(Map.of());

        ServiceConfig config = loader.load(Optional.empty(), Map.of());

        assertThat(config.http())
                .map(a -> a.getHostString() + ":" + a.getPort())
                .contains("127.0.0.1:8080");
        assertThat(config.bootstrapServers()).isEmpty();
        assertThat(config.statusInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.kafka()).isEmpty();
    }

    @Test
    void shouldPassKafkaClientSettingsThroughUntouchedWhenNestedOrDotted() throws IOException {
        Path file =
                write(
                        "bootstrap.servers: kafka-1:9093",
                        "kafka:",
                        "  security.protocol: SASL_SSL",
                        "  sasl.mechanism: SCRAM-SHA-512",
                        "  sasl.jaas.config: >-",
                        "    org.apache.kafka.common.security.scram.ScramLoginModule required",
                        "    username=\"svc\" password=\"s3cret\";",
                        "consumer.max.poll.records: 2000",
                        "producer:",
                        "  linger.ms: 20");

        ServiceConfig config = new ServiceConfigLoader(Map.of()).load(Optional.of(file), Map.of());

        assertThat(config.bootstrapServers()).contains("kafka-1:9093");
        assertThat(config.kafka())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"svc\" password=\"s3cret\";");
        assertThat(config.consumer()).isEqualTo(Map.of("max.poll.records", "2000"));
        assertThat(config.producer()).isEqualTo(Map.of("linger.ms", "20"));
    }

    @Test
    void shouldLetEnvironmentOverrideTheFileAndOptionsOverrideBoth() throws IOException {
        Path file = write("http:", "  port: 9000", "  host: 0.0.0.0", "instance.id: from-file");
        Map<String, String> env =
                Map.of(
                        "SLUICE_HTTP_PORT", "9100",
                        "SLUICE_INSTANCE_ID", "from-env",
                        "SLUICE_KAFKA_SSL_TRUSTSTORE_LOCATION", "/certs/truststore.p12",
                        "SLUICE_HOME", "/var/lib/sluice",
                        "SLUICE_KAFKA_LOG_LEVEL", "DEBUG",
                        "SLUICE_TEST_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

        ServiceConfig config =
                new ServiceConfigLoader(env)
                        .load(Optional.of(file), Map.of("instance.id", "from-option"));

        assertThat(config.http().map(InetSocketAddress::getPort)).contains(9100);
        assertThat(config.http().map(InetSocketAddress::getHostString)).contains("0.0.0.0");
        assertThat(config.instanceId()).contains("from-option");
        assertThat(config.kafka())
                .isEqualTo(Map.of("ssl.truststore.location", "/certs/truststore.p12"));
    }

    @Test
    void shouldNameFileLineKeyAndReasonWhenAValueIsInvalid() throws IOException {
        Path file = write("# service", "http:", "  port: 99999");

        assertThatThrownBy(
                        () -> new ServiceConfigLoader(Map.of()).load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":3: http.port: ")
                .hasMessageContaining("65535");
    }

    @Test
    void shouldBoundRocksDbMemoryFromTheFileOrTheEnvironmentAndRefuseTooLittle()
            throws IOException {
        Path file = write("state:", "  memory.bytes: 268435456");

        ServiceConfig fromFile =
                new ServiceConfigLoader(Map.of()).load(Optional.of(file), Map.of());
        ServiceConfig fromEnv =
                new ServiceConfigLoader(Map.of("SLUICE_STATE_MEMORY_BYTES", "536870912"))
                        .load(Optional.of(file), Map.of());
        ServiceConfig byDefault =
                new ServiceConfigLoader(Map.of()).load(Optional.empty(), Map.of());

        assertThat(fromFile.stateMemoryBytes()).isEqualTo(256L << 20);
        assertThat(fromEnv.stateMemoryBytes()).isEqualTo(512L << 20);
        assertThat(byDefault.stateMemoryBytes()).isZero();
        Path tooSmall = write("state.memory.bytes: 1024");
        assertThatThrownBy(
                        () ->
                                new ServiceConfigLoader(Map.of())
                                        .load(Optional.of(tooSmall), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(tooSmall + ":1: state.memory.bytes: ")
                .hasMessageContaining("at least 16777216");
    }

    @Test
    void shouldReadStandbyReplicasFromTheFileOrTheEnvironmentAndRefuseANegativeCount()
            throws IOException {
        Path file = write("state:", "  standby.replicas: 1");

        ServiceConfig fromFile =
                new ServiceConfigLoader(Map.of()).load(Optional.of(file), Map.of());
        ServiceConfig fromEnv =
                new ServiceConfigLoader(Map.of("SLUICE_STATE_STANDBY_REPLICAS", "2"))
                        .load(Optional.of(file), Map.of());
        ServiceConfig byDefault =
                new ServiceConfigLoader(Map.of()).load(Optional.empty(), Map.of());

        assertThat(fromFile.standbyReplicas()).isEqualTo(1);
        assertThat(fromEnv.standbyReplicas()).isEqualTo(2);
        assertThat(byDefault.standbyReplicas()).isZero();
        Path negative = write("state.standby.replicas: -1");
        assertThatThrownBy(
                        () ->
                                new ServiceConfigLoader(Map.of())
                                        .load(Optional.of(negative), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(negative + ":1: state.standby.replicas: ")
                .hasMessageContaining("-1");
    }

    @Test
    void shouldNameTheEnvironmentVariableWhenItsValueIsInvalid() {
        ServiceConfigLoader loader = new ServiceConfigLoader(Map.of("SLUICE_HTTP_PORT", "eighty"));

        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("environment variable SLUICE_HTTP_PORT: http.port: ")
                .hasMessageContaining("eighty");
    }

    @Test
    void shouldRefuseHttpHostNamingTheVariableWhenItIsNoIpAddress() {
        ServiceConfigLoader loader =
                new ServiceConfigLoader(Map.of("SLUICE_HTTP_HOST", "999.1.1.1"));

        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("environment variable SLUICE_HTTP_HOST: http.host: ")
                .hasMessageContaining("999.1.1.1")
                .hasMessageContaining("not an IPv4 address");
    }

    @Test
    void shouldRefuseHttpHostNamingTheFileLineWhenTheNameDoesNotResolve() throws IOException {
        Path file = write("http:", "  host: no-such-host.invalid");

        assertThatThrownBy(
                        () -> new ServiceConfigLoader(Map.of()).load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2: http.host: ")
                .hasMessageContaining("unknown host");
    }

    @Test
    void shouldAcceptHttpHostWhenItIsAnAddressOrAResolvableName() {
        for (String host : new String[] {"0.0.0.0", "127.0.0.1", "::1", "localhost"}) {
            ServiceConfigLoader loader = new ServiceConfigLoader(Map.of("SLUICE_HTTP_HOST", host));

            ServiceConfig config = loader.load(Optional.empty(), Map.of());

            assertThat(config.http().map(InetSocketAddress::getHostString)).contains(host);
        }
    }

    @Test
    void shouldWaitTenSecondsForTheClusterUnlessTheEnvironmentSaysOtherwise() {
        ServiceConfig byDefault =
                new ServiceConfigLoader(Map.of()).load(Optional.empty(), Map.of());
        ServiceConfig fromEnv =
                new ServiceConfigLoader(Map.of("SLUICE_CLUSTER_CONNECT_TIMEOUT_MS", "2500"))
                        .load(Optional.empty(), Map.of());

        assertThat(byDefault.clusterConnectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(fromEnv.clusterConnectTimeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void shouldWatchPeersForThreeSecondsUnlessTurnedOffOrSetOtherwise() throws IOException {
        ServiceConfig byDefault =
                new ServiceConfigLoader(Map.of()).load(Optional.empty(), Map.of());
        ServiceConfig off =
                new ServiceConfigLoader(Map.of("SLUICE_GROUP_PEER_TIMEOUT_MS", "0"))
                        .load(Optional.empty(), Map.of());
        ServiceConfig fromFile =
                new ServiceConfigLoader(Map.of())
                        .load(Optional.of(write("group.peer.timeout.ms: 1500")), Map.of());

        assertThat(byDefault.peerTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(off.peerTimeout()).isZero();
        assertThat(fromFile.peerTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void shouldOpenALoopbackLifelineOnAnyFreePortUnlessSetOrTurnedOff() throws IOException {
        ServiceConfig byDefault =
                new ServiceConfigLoader(Map.of()).load(Optional.empty(), Map.of());
        ServiceConfig inAPod =
                new ServiceConfigLoader(Map.of("SLUICE_GROUP_PEER_LIFELINE_PORT", "7071"))
                        .load(Optional.of(write("group.peer.lifeline.host: 0.0.0.0")), Map.of());
        ServiceConfig off =
                new ServiceConfigLoader(Map.of("SLUICE_GROUP_PEER_LIFELINE_ENABLED", "false"))
                        .load(Optional.empty(), Map.of());

        assertThat(byDefault.peerLifeline())
                .contains(InetSocketAddress.createUnresolved("127.0.0.1", 0));
        assertThat(inAPod.peerLifeline())
                .contains(InetSocketAddress.createUnresolved("0.0.0.0", 7071));
        assertThat(off.peerLifeline()).isEmpty();
    }

    @Test
    void shouldRefuseALifelinePortWhenItIsOutOfRange() throws IOException {
        Path file = write("group.peer.lifeline.port: 70000");

        assertThatThrownBy(
                        () -> new ServiceConfigLoader(Map.of()).load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":1: group.peer.lifeline.port: ");
    }

    @Test
    void shouldRefuseAPeerTimeoutWhenItIsBelowTheMinimumOrAboveTheMaximum() throws IOException {
        Path tooShort = write("group.peer.timeout.ms: 200");
        ServiceConfigLoader tooLong =
                new ServiceConfigLoader(Map.of("SLUICE_GROUP_PEER_TIMEOUT_MS", "600000"));

        assertThatThrownBy(
                        () ->
                                new ServiceConfigLoader(Map.of())
                                        .load(Optional.of(tooShort), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(tooShort + ":1: group.peer.timeout.ms: ")
                .hasMessageContaining("must be 0 (off) or between 1000 and 60000");
        assertThatThrownBy(() -> tooLong.load(Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "environment variable SLUICE_GROUP_PEER_TIMEOUT_MS: group.peer.timeout.ms:")
                .hasMessageContaining("must be 0 (off) or between 1000 and 60000");
    }

    @Test
    void shouldRefuseAnUnknownKeyWhenItIsMisspelt() throws IOException {
        Path file = write("htp.port: 8081");

        assertThatThrownBy(
                        () -> new ServiceConfigLoader(Map.of()).load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":1: htp.port: unknown key");
    }

    @Test
    void shouldRefuseAClientSettingWhenExactlyOnceDependsOnIt() throws IOException {
        Path file = write("consumer:", "  isolation.level: read_uncommitted");

        assertThatThrownBy(
                        () -> new ServiceConfigLoader(Map.of()).load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2: consumer.isolation.level: Sluice sets");
    }

    @Test
    void shouldStopWithTheFileNameWhenTheFileIsMissing() {
        Path missing = directory.resolve("nope.yaml");

        assertThatThrownBy(
                        () ->
                                new ServiceConfigLoader(Map.of())
                                        .load(Optional.of(missing), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": file not found; expected a configuration file");
    }

    @Test
    void shouldHideSecretsWhenDescribed() throws IOException {
        Path file =
                write(
                        "kafka:",
                        "  security.protocol: SASL_SSL",
                        "  sasl.jaas.config: ScramLoginModule required password=\"s3cret\";",
                        "  ssl.keystore.password: hunter2",
                        "  ssl.key.password: hunter3");

        String description =
                new ServiceConfigLoader(Map.of()).load(Optional.of(file), Map.of()).describe();

        assertThat(description)
                .contains("kafka.security.protocol=SASL_SSL")
                .contains("kafka.sasl.jaas.config=[hidden]")
                .contains("kafka.ssl.keystore.password=[hidden]")
                .doesNotContain("s3cret")
                .doesNotContain("hunter");
    }

    @Test
    void shouldHideTheJaasPasswordWhenRedactingAMessage() throws IOException {
        Path file =
                write(
                        "kafka.sasl.jaas.config: PlainLoginModule required username=\"svc\""
                                + " password=\"s3cret-pw\";",
                        "consumer.ssl.keystore.password: hunter2");
        ServiceConfig config = new ServiceConfigLoader(Map.of()).load(Optional.of(file), Map.of());

        String redacted =
                config.redact(
                        "login failed for password=\"s3cret-pw\"; keystore hunter2; hunter22");

        assertThat(redacted)
                .isEqualTo("login failed for password=\"[hidden]\"; keystore [hidden]; hunter22");
    }

    @Test
    void shouldTurnTheEndpointOffWhenHttpIsDisabled() {
        ServiceConfigLoader loader =
                new ServiceConfigLoader(Map.of("SLUICE_HTTP_ENABLED", "false"));

        ServiceConfig config = loader.load(Optional.empty(), Map.of());

        assertThat(config.http()).isEmpty();
    }

    @Test
    void shouldReadTheShippedDefaultFileWithoutError() {
        Path shipped = Path.of("..", "config", "sluice.yaml");

        ServiceConfig config =
                new ServiceConfigLoader(Map.of()).load(Optional.of(shipped), Map.of());

        assertThat(config.http().map(InetSocketAddress::getPort)).contains(8080);
    }

    private Path write(String... lines) throws IOException {
        Path file = directory.resolve("sluice.yaml");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void shouldReadTheSchemaRegistryAndHideItsSecretsInTheDescriptionAndInErrors()
            throws IOException {
        Path file = directory.resolve("sluice.yaml");
        Files.writeString(
                file,
                "schema.registry:\n"
                        + "  url: https://registry-1:8081,https://registry-2:8081\n"
                        + "  ssl.truststore.location: /etc/sluice/trust.p12\n"
                        + "  ssl.truststore.password: trust-me-42\n"
                        + "  request.timeout.ms: 2500\n");
        ServiceConfigLoader loader =
                new ServiceConfigLoader(
                        Map.of("SLUICE_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "sluice:s3cr3t-pw"));

        ServiceConfig config = loader.load(Optional.of(file), Map.of());

        var registry = config.schemaRegistry().orElseThrow();
        assertThat(registry.urls())
                .extracting(Object::toString)
                .containsExactly("https://registry-1:8081", "https://registry-2:8081");
        assertThat(registry.basicAuthUserInfo()).contains("sluice:s3cr3t-pw");
        assertThat(registry.trustStore()).contains(Path.of("/etc/sluice/trust.p12"));
        assertThat(registry.requestTimeout()).isEqualTo(java.time.Duration.ofMillis(2500));
        assertThat(config.describe())
                .contains("https://registry-1:8081")
                .doesNotContain("s3cr3t-pw")
                .doesNotContain("trust-me-42");
        assertThat(config.redact("401 for sluice:s3cr3t-pw, then s3cr3t-pw and trust-me-42"))
                .isEqualTo("401 for [hidden], then [hidden] and [hidden]");
    }

    @Test
    void shouldHaveNoSchemaRegistryUnlessItsUrlIsSet() {
        ServiceConfig config = new ServiceConfigLoader(Map.of()).load(Optional.empty(), Map.of());

        assertThat(config.schemaRegistry()).isEmpty();
    }

    @Test
    void shouldRefuseARegistryUrlThatIsNotHttpNamingWhereItCameFrom() {
        ServiceConfigLoader loader =
                new ServiceConfigLoader(Map.of("SLUICE_SCHEMA_REGISTRY_URL", "ftp://registry:21"));

        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("environment variable SLUICE_SCHEMA_REGISTRY_URL: ")
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldNameTheSluiceVariablesThatSetNothing() {
        ServiceConfigLoader loader =
                new ServiceConfigLoader(
                        Map.of(
                                "SLUICE_HTTP_PROT", "9090",
                                "SLUICE_HTTP_PORT", "9091",
                                "SLUICE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                                "SLUICE_HOME", "/opt/sluice",
                                "SLUICE_LAUNCHED_AT_MS", "1",
                                "SLUICE_TEST_BOOTSTRAP_SERVERS", "x:1",
                                "SLUICE_SCHEMA_REGISTRY_URLS", "http://r:8081",
                                "PATH", "/bin"));

        assertThat(loader.unknownVariables())
                .containsExactly("SLUICE_HTTP_PROT", "SLUICE_SCHEMA_REGISTRY_URLS");
    }

    @Test
    void shouldHideAJaasConfigurationWithAPasswordUnderAMisspelledKey() {
        String jaas =
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"app\" password=\"s3cr3t-value\";";
        ServiceConfig config =
                new ServiceConfigLoader(Map.of("SLUICE_KAFKA_SASL_JASS_CONFIG", jaas))
                        .load(Optional.empty(), Map.of());

        assertThat(config.describe())
                .contains("kafka.sasl.jass.config=[hidden]")
                .doesNotContain("s3cr3t-value");
        assertThat(config.redact("login failed for " + jaas)).doesNotContain("s3cr3t-value");
    }
}
