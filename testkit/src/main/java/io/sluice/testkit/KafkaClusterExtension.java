package io.sluice.testkit;

import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives tests a {@link KafkaCluster}, started once per test JVM and stopped when JUnit finishes.
 *
 * <p>Use it with {@code @ExtendWith(KafkaClusterExtension.class)} and take a {@code KafkaCluster}
 * as a constructor, lifecycle or test method parameter. The cluster is, in order of choice: the one
 * named by the environment variable {@value #BOOTSTRAP_ENV}; Testcontainers' Kafka module when a
 * Docker engine answers (unless {@value #DOCKER_ENV}{@code =false}); a local KRaft broker in a
 * child JVM. It lives in the root store, so every test class of a module run shares it, and JUnit
 * closes it (an {@link AutoCloseable} in the store) when the run ends.
 */
public final class KafkaClusterExtension implements ParameterResolver {
    /** Names an external cluster to test against. */
    public static final String BOOTSTRAP_ENV = "SLUICE_TEST_BOOTSTRAP_SERVERS";

    /** Set to {@code false} to skip the Docker probe and use the local broker. */
    public static final String DOCKER_ENV = "SLUICE_TEST_DOCKER";

    private static final Logger log = LoggerFactory.getLogger(KafkaClusterExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    /** The shared cluster, started on first use. */
    public static KafkaCluster cluster(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("cluster", key -> startCluster(), KafkaCluster.class);
    }

    private static KafkaCluster startCluster() {
        long startNanos = System.nanoTime();
        KafkaCluster cluster = chooseAndStart();
        log.info(
                "Kafka for tests: {} cluster at {} (ready in {} ms)",
                cluster.kind(),
                cluster.bootstrapServers(),
                (System.nanoTime() - startNanos) / 1_000_000);
        return cluster;
    }

    private static KafkaCluster chooseAndStart() {
        String external = System.getenv(BOOTSTRAP_ENV);
        if (external != null && !external.isBlank()) {
            return new ExternalCluster(external.trim());
        }
        String docker = System.getenv(DOCKER_ENV);
        boolean probeDocker = docker == null || !docker.toLowerCase(Locale.ROOT).equals("false");
        if (probeDocker && ContainerCluster.isDockerAvailable()) {
            return ContainerCluster.start();
        }
        return LocalBrokerCluster.start();
    }
}
