package io.sluice.testkit;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Apicurio Registry's image, used when a Docker engine answers.
 *
 * <p>The container's port is bound to a fixed host port and its schemas live in a file-backed H2
 * database inside it, so that {@link #stop()} and {@link #start()} (a stop and start of the same
 * container, not a new one) keep its URL, schemas and ids.
 */
final class ContainerSchemaRegistry implements SchemaRegistryServer {
    /** The same version as the parent pom's {@code apicurio.version}. */
    static final String IMAGE = "apicurio/apicurio-registry:3.0.9";

    private static final int PORT = 8080;
    private static final String READY_PATH = "/apis/ccompat/v7/subjects";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final GenericContainer<?> container;
    private final int hostPort;

    private ContainerSchemaRegistry(GenericContainer<?> container, int hostPort) {
        this.container = container;
        this.hostPort = hostPort;
    }

    static ContainerSchemaRegistry launch() {
        int hostPort;
        try {
            hostPort = FreePorts.any();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the test schema registry", e);
        }
        GenericContainer<?> container =
                new GenericContainer<>(DockerImageName.parse(IMAGE))
                        .withExposedPorts(PORT)
                        .withEnv("APICURIO_DATASOURCE_URL", "jdbc:h2:file:/tmp/registry-data/db")
                        // A fixed host port, unlike Testcontainers' random one, survives a restart.
                        .withCreateContainerCmdModifier(
                                command ->
                                        command.getHostConfig()
                                                .withPortBindings(
                                                        new PortBinding(
                                                                Ports.Binding.bindPort(hostPort),
                                                                ExposedPort.tcp(PORT))))
                        .waitingFor(
                                Wait.forHttp(READY_PATH)
                                        .forStatusCode(200)
                                        .withStartupTimeout(START_TIMEOUT));
        container.start();
        ContainerSchemaRegistry registry = new ContainerSchemaRegistry(container, hostPort);
        RegistryRequests.setGlobalCompatibility(registry.url(), "BACKWARD");
        return registry;
    }

    @Override
    public String url() {
        return "http://" + container.getHost() + ":" + hostPort + "/apis/ccompat/v7";
    }

    @Override
    public String kind() {
        return "testcontainers";
    }

    @Override
    public boolean canStop() {
        return true;
    }

    @Override
    public synchronized void stop() {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public synchronized void start() {
        if (Boolean.TRUE.equals(
                DockerClientFactory.instance()
                        .client()
                        .inspectContainerCmd(container.getContainerId())
                        .exec()
                        .getState()
                        .getRunning())) {
            return;
        }
        DockerClientFactory.instance()
                .client()
                .startContainerCmd(container.getContainerId())
                .exec();
        RegistryRequests.awaitReady(url(), START_TIMEOUT, () -> null);
        RegistryRequests.setGlobalCompatibility(url(), "BACKWARD");
    }

    @Override
    public void close() {
        container.stop();
    }
}
