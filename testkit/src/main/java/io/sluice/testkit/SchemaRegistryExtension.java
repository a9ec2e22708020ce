package io.sluice.testkit;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives tests a {@link SchemaRegistryServer}, started once per test JVM and stopped when JUnit
 * finishes.
 *
 * <p>Use it with {@code @ExtendWith(SchemaRegistryExtension.class)} and take a {@code
 * SchemaRegistryServer} as a constructor, lifecycle or test method parameter. The registry is, in
 * order of choice: the one named by the environment variable {@value #URL_ENV} (its base URL, e.g.
 * {@code http://host:8081}); Apicurio Registry's image under Testcontainers when a Docker engine
 * answers (unless {@value KafkaClusterExtension#DOCKER_ENV}{@code =false}); Apicurio Registry in a
 * child JVM, from the distribution the build unpacked into the directory named by the system
 * property {@value LocalApicurioRegistry#HOME_PROPERTY}. The registries this extension starts have
 * the global compatibility rule BACKWARD, Confluent's default. Like {@link KafkaClusterExtension}'s
 * cluster, it lives in the root store, so every test class of a module run shares it.
 */
public final class SchemaRegistryExtension implements ParameterResolver {
    /** Names an external schema registry to test against. */
    public static final String URL_ENV = "SLUICE_TEST_SCHEMA_REGISTRY_URL";

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SchemaRegistryExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SchemaRegistryServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return registry(context);
    }

    /** The shared registry, started on first use. */
    public static SchemaRegistryServer registry(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "registry", key -> startRegistry(), SchemaRegistryServer.class);
    }

    private static SchemaRegistryServer startRegistry() {
        long startNanos = System.nanoTime();
        SchemaRegistryServer registry = chooseAndStart();
        log.info(
                "Schema registry for tests: {} registry at {} (ready in {} ms)",
                registry.kind(),
                registry.url(),
                (System.nanoTime() - startNanos) / 1_000_000);
        return registry;
    }

    private static SchemaRegistryServer chooseAndStart() {
        String external = System.getenv(URL_ENV);
        if (external != null && !external.isBlank()) {
            String url = external.trim();
            return new ExternalSchemaRegistry(
                    url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        }
        String docker = System.getenv(KafkaClusterExtension.DOCKER_ENV);
        boolean probeDocker = docker == null || !docker.toLowerCase(Locale.ROOT).equals("false");
        if (probeDocker && ContainerCluster.isDockerAvailable()) {
            return ContainerSchemaRegistry.launch();
        }
        return LocalApicurioRegistry.launch(workDir());
    }

    private static Path workDir() {
        String workDir = System.getProperty("sluice.test.workdir");
        return workDir != null
                ? Path.of(workDir)
                : Path.of(System.getProperty("java.io.tmpdir"), "sluice-test");
    }
}
