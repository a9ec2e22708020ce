package io.sluice.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.sluice.cli.config.ServiceConfig;
import io.sluice.cli.config.ServiceConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests of docker/kubernetes/ parse strictly (no field their model does not know) and agree
 * with each other, with the pipeline they run and with the image: no cluster runs here, so this is
 * what is checked before a {@code kubectl apply -k}.
 */
class ManifestsTest {
    private static final Path ROOT = Path.of("..");
    private static final Path MANIFESTS = ROOT.resolve("docker/kubernetes");
    private static final Path PIPELINE = ROOT.resolve("topologies/invoice-notifications");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final List<Object> ALL = new ArrayList<>();

    @BeforeAll
    static void readEveryManifest() throws IOException {
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                ALL.addAll(StrictManifests.read(file));
            }
        }
    }

    @Test
    void shouldListEveryManifestInTheKustomization() throws IOException {
        List<String> files;
        try (Stream<Path> entries = Files.list(MANIFESTS)) {
            files =
                    entries.map(f -> f.getFileName().toString())
                            .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
                            .filter(name -> !name.equals("kustomization.yaml"))
                            .toList();
        }
        Kustomization kustomization = one(Kustomization.class);

        assertThat(kustomization.resources()).containsExactlyInAnyOrderElementsOf(files);
        assertThat(ALL)
                .extracting(o -> o.getClass().getSimpleName())
                .contains(
                        "StatefulSet",
                        "Service",
                        "PodDisruptionBudget",
                        "PodMonitor",
                        "ConfigMap",
                        "Secret",
                        "ScaledObject",
                        "TriggerAuthentication");
    }

    @Test
    void shouldTakeTheInstanceIdFromThePodName() {
        StatefulSet set = one(StatefulSet.class);
        EnvVar id = env(sluice(), "SLUICE_INSTANCE_ID");

        assertThat(id.getValue()).isNull();
        assertThat(id.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(set.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(set.getSpec().getServiceName()).isEqualTo(headless().getMetadata().getName());
    }

    @Test
    void shouldProbeTheHealthPathsOnThePortSluiceListensOn() throws IOException {
        Container sluice = sluice();
        int port = Integer.parseInt(dockerfileEnv("SLUICE_HTTP_PORT"));
        JsonNode config = YAML.readTree(configMap().getData().get("sluice.yaml"));

        assertThat(config.path("http").path("port").asInt()).isEqualTo(port);
        assertThat(config.path("http").path("host").asText()).isEqualTo("0.0.0.0");
        assertThat(containerPort(sluice, "http")).isEqualTo(port);
        assertProbe(sluice.getStartupProbe(), "/health/live", port);
        assertProbe(sluice.getLivenessProbe(), "/health/live", port);
        assertProbe(sluice.getReadinessProbe(), "/health/ready", port);
        // The start (JVM, then the cluster check of up to 10 s) fits in the startup probe.
        Probe startup = sluice.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThan(30);
    }

    @Test
    void shouldHoldAServiceConfigurationSluiceAccepts(@TempDir Path dir) throws IOException {
        Path file =
                Files.writeString(
                        dir.resolve("sluice.yaml"), configMap().getData().get("sluice.yaml"));

        ServiceConfig config =
                new ServiceConfigLoader()
                        .load(Optional.of(file), Map.of("instance.id", "sluice-0"));

        assertThat(config.standbyReplicas()).as("a warm copy on another pod").isEqualTo(1);
        assertThat(config.peerLifeline())
                .as("a lifeline the other pods can reach, on the container's port")
                .hasValueSatisfying(
                        a -> {
                            assertThat(a.getHostString()).isEqualTo("0.0.0.0");
                            assertThat(a.getPort()).isEqualTo(containerPort(sluice(), "lifeline"));
                        });

        assertThat(config.http())
                .hasValueSatisfying(
                        a -> {
                            assertThat(a.getHostString()).isEqualTo("0.0.0.0");
                            assertThat(a.getPort()).isEqualTo(8080);
                        });
        assertThat(config.bootstrapServers()).isPresent();
        assertThat(config.kafka())
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("sasl.jaas.config");
        assertThat(config.stateMemoryBytes()).isZero();
    }

    @Test
    void shouldStartTheImageEntrypointWithASmallerHeap() throws IOException {
        List<String> entrypoint = dockerfileEntrypoint();
        List<String> command = sluice().getCommand();

        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75");
        assertThat(command)
                .containsExactlyElementsOf(
                        entrypoint.stream()
                                .map(
                                        a ->
                                                a.equals("-XX:MaxRAMPercentage=75")
                                                        ? "-XX:MaxRAMPercentage=50"
                                                        : a)
                                .toList());
        // Heap and RocksDB's default quarter of the limit leave a quarter for the rest of the
        // JVM, so memory is limited and requested alike, and no fixed state bound overrides it.
        Map<String, Quantity> limits = sluice().getResources().getLimits();
        assertThat(limits).containsKeys("memory", "cpu");
        assertThat(sluice().getResources().getRequests().get("memory"))
                .isEqualTo(limits.get("memory"));
        assertThat(sluice().getEnv())
                .extracting(EnvVar::getName)
                .doesNotContain("SLUICE_STATE_MEMORY_BYTES");
        assertThat(sluice().getArgs()).containsExactly("run", "/etc/sluice/pipeline/pipeline.yaml");
    }

    @Test
    void shouldKeepTheStateOnAVolumeAndTheRootFilesystemReadOnly() throws IOException {
        StatefulSet set = one(StatefulSet.class);
        String claim = set.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();

        assertThat(mountPath(sluice(), claim)).isEqualTo(dockerfileEnv("SLUICE_HOME"));
        assertThat(mountPath(sluice(), "tmp")).isEqualTo("/tmp");
        assertThat(sluice().getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(pod().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod().getSecurityContext().getRunAsUser()).isPositive();
        // SIGTERM: the signal handler waits up to 60 s for the batch in flight.
        assertThat(pod().getTerminationGracePeriodSeconds()).isGreaterThan(60);
    }

    @Test
    void shouldMountThePipelineOfTheRepositoryAndTheServiceConfig() throws IOException {
        ConfigMap config = configMap();

        assertThat(config.getData().get("pipeline.yaml"))
                .isEqualTo(Files.readString(PIPELINE.resolve("pipeline.yaml")));
        assertThat(config.getData().get("invoice.avsc"))
                .isEqualTo(Files.readString(PIPELINE.resolve("schemas/invoice.avsc")));
        assertThat(volume("pipeline").getConfigMap().getItems())
                .extracting(KeyToPath::getKey, KeyToPath::getPath)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("pipeline.yaml", "pipeline.yaml"),
                        org.assertj.core.groups.Tuple.tuple(
                                "invoice.avsc", "schemas/invoice.avsc"));
        assertThat(mountPath(sluice(), "pipeline")).isEqualTo("/etc/sluice/pipeline");
        assertThat(env(sluice(), "SLUICE_CONFIG").getValue())
                .isEqualTo(mountPath(sluice(), "config") + "/sluice.yaml");
        for (Volume volume : pod().getVolumes()) {
            if (volume.getConfigMap() != null) {
                assertThat(volume.getConfigMap().getName())
                        .isEqualTo(config.getMetadata().getName());
                assertThat(config.getData())
                        .containsKeys(
                                volume.getConfigMap().getItems().stream()
                                        .map(KeyToPath::getKey)
                                        .toArray(String[]::new));
            }
        }
    }

    @Test
    void shouldReadCredentialsFromKeysTheSecretHas() {
        Secret secret = one(Secret.class);
        Keda.TriggerAuthentication auth = one(Keda.TriggerAuthentication.class);

        EnvVar jaas = env(sluice(), "SLUICE_KAFKA_SASL_JAAS_CONFIG");
        assertThat(jaas.getValueFrom().getSecretKeyRef().getName())
                .isEqualTo(secret.getMetadata().getName());
        assertThat(secret.getStringData())
                .containsKey(jaas.getValueFrom().getSecretKeyRef().getKey());
        for (Keda.SecretTargetRef ref : auth.spec().secretTargetRef()) {
            assertThat(ref.name()).isEqualTo(secret.getMetadata().getName());
            assertThat(secret.getStringData()).containsKey(ref.key());
        }
        // Placeholders only.
        assertThat(secret.getStringData().get("password")).isEqualTo("CHANGE-ME");
        assertThat(secret.getData()).isNullOrEmpty();
    }

    @Test
    void shouldScaleOnTheLagOfThePipelinesGroupUpToThePartitionCount() throws IOException {
        Keda.ScaledObject scaled = one(Keda.ScaledObject.class);
        Keda.Trigger trigger = scaled.spec().triggers().get(0);
        JsonNode pipeline = YAML.readTree(configMap().getData().get("pipeline.yaml"));

        assertThat(scaled.spec().scaleTargetRef().kind()).isEqualTo("StatefulSet");
        assertThat(scaled.spec().scaleTargetRef().name())
                .isEqualTo(one(StatefulSet.class).getMetadata().getName());
        assertThat(trigger.type()).isEqualTo("kafka");
        assertThat(trigger.metadata())
                .allSatisfy((key, value) -> assertThat(value).isInstanceOf(String.class));
        assertThat(KAFKA_SCALER_KEYS).containsAll(trigger.metadata().keySet());
        assertThat(trigger.metadata().get("consumerGroup"))
                .isEqualTo(pipeline.path("name").asText());
        assertThat(trigger.metadata().get("topic"))
                .isEqualTo(pipeline.path("source").path("topic").asText());
        assertThat(trigger.authenticationRef().name())
                .isEqualTo(one(Keda.TriggerAuthentication.class).metadata().getName());
        assertThat(scaled.spec().minReplicaCount()).isEqualTo(1);
        assertThat(scaled.spec().maxReplicaCount()).isEqualTo(documentedPartitions("invoices"));
        // The way down waits longer than a restore takes, and removes one instance at a time.
        var scaleDown =
                scaled.spec().advanced().horizontalPodAutoscalerConfig().behavior().getScaleDown();
        assertThat(scaleDown.getStabilizationWindowSeconds()).isGreaterThanOrEqualTo(300);
        assertThat(scaleDown.getPolicies()).allSatisfy(p -> assertThat(p.getValue()).isEqualTo(1));
    }

    @Test
    void shouldSelectTheStatefulSetsPodsEverywhere() {
        Map<String, String> podLabels =
                one(StatefulSet.class).getSpec().getTemplate().getMetadata().getLabels();

        assertThat(podLabels)
                .containsAllEntriesOf(
                        one(StatefulSet.class).getSpec().getSelector().getMatchLabels());
        assertThat(one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal())
                .isEqualTo(1);
        assertThat(podLabels)
                .containsAllEntriesOf(
                        one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
        List<Service> services = all(Service.class);
        assertThat(services).hasSize(2);
        for (Service service : services) {
            assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(service.getSpec().getPorts())
                    .allSatisfy(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        }
        assertThat(headless().getSpec().getPublishNotReadyAddresses()).isTrue();
        PodMonitor monitor = one(PodMonitor.class);
        assertThat(podLabels)
                .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        assertThat(monitor.getSpec().getPodMetricsEndpoints())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.getPath()).isEqualTo("/metrics");
                            assertThat(containerPort(sluice(), e.getPort())).isPositive();
                        });
    }

    /** The Kafka scaler's metadata keys, as KEDA's documentation lists them. */
    private static final List<String> KAFKA_SCALER_KEYS =
            List.of(
                    "bootstrapServers",
                    "consumerGroup",
                    "topic",
                    "lagThreshold",
                    "activationLagThreshold",
                    "offsetResetPolicy",
                    "allowIdleConsumers",
                    "scaleToZeroOnInvalidOffset",
                    "excludePersistentLag",
                    "limitToPartitionsWithLag",
                    "ensureEvenDistributionOfPartitions",
                    "partitionLimitation",
                    "version",
                    "sasl",
                    "tls",
                    "unsafeSsl");

    /** The partition count README's walk-through creates the topic with. */
    private static int documentedPartitions(String topic) throws IOException {
        Matcher m =
                Pattern.compile("--create --topic " + Pattern.quote(topic) + " --partitions (\\d+)")
                        .matcher(Files.readString(ROOT.resolve("README.md")));
        assertThat(m.find()).as("README creates topic %s with --partitions", topic).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static void assertProbe(Probe probe, String path, int port) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        String named = probe.getHttpGet().getPort().getStrVal();
        int number =
                named != null
                        ? containerPort(sluice(), named)
                        : probe.getHttpGet().getPort().getIntVal();
        assertThat(number).isEqualTo(port);
    }

    private static int containerPort(Container container, String name) {
        return container.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .mapToInt(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    private static String mountPath(Container container, String volume) {
        return container.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume))
                .map(VolumeMount::getMountPath)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no mount of volume " + volume));
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no variable " + name));
    }

    private static Volume volume(String name) {
        return pod().getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static PodSpec pod() {
        return one(StatefulSet.class).getSpec().getTemplate().getSpec();
    }

    private static Container sluice() {
        return pod().getContainers().stream()
                .filter(c -> c.getName().equals("sluice"))
                .findFirst()
                .orElseThrow();
    }

    private static ConfigMap configMap() {
        return one(ConfigMap.class);
    }

    private static Service headless() {
        return all(Service.class).stream()
                .filter(s -> "None".equals(s.getSpec().getClusterIP()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no headless Service"));
    }

    private static <T> List<T> all(Class<T> type) {
        return ALL.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T> T one(Class<T> type) {
        List<T> found = all(type);
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    /** The value the Dockerfile's ENV gives a variable. */
    private static String dockerfileEnv(String name) throws IOException {
        Matcher m = Pattern.compile("\\b" + name + "=(\\S+)").matcher(dockerfile());
        assertThat(m.find()).as("Dockerfile sets %s", name).isTrue();
        return m.group(1);
    }

    /** The Dockerfile's ENTRYPOINT, an exec-form JSON array over continued lines. */
    private static List<String> dockerfileEntrypoint() throws IOException {
        Matcher m =
                Pattern.compile("(?m)^ENTRYPOINT (\\[.*?\\])$", Pattern.DOTALL)
                        .matcher(dockerfile().replace("\\\n", " "));
        assertThat(m.find()).isTrue();
        List<String> args = new ArrayList<>();
        new ObjectMapper().readTree(m.group(1)).forEach(a -> args.add(a.asText()));
        return args;
    }

    private static String dockerfile() throws IOException {
        return Files.readString(ROOT.resolve("docker/Dockerfile"));
    }
}
