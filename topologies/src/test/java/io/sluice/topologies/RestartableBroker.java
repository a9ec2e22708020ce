package io.sluice.topologies;

import io.sluice.localbroker.BrokerSettings;
import io.sluice.localbroker.LocalBroker;
import io.sluice.testkit.FreePorts;
import io.sluice.testkit.KafkaCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A broker of the test's own (not the shared one, which other tests use), that can crash and come
 * back on the same port with the same data, as a broker restart in production would.
 */
final class RestartableBroker implements KafkaCluster {
    private final BrokerSettings settings;
    private LocalBroker broker;
    private int restarts;

    private RestartableBroker(BrokerSettings settings) {
        this.settings = settings;
        this.broker = LocalBroker.start(settings);
    }

    /** Starts a broker with its data under {@code directory}, on a free pair of ports. */
    static RestartableBroker start(Path directory) throws IOException {
        int port = FreePorts.adjacentPair();
        return new RestartableBroker(
                new BrokerSettings(directory, port, Duration.ofSeconds(90), true));
    }

    /** Kills the broker (SIGKILL) and starts it again on its port and data directory. */
    synchronized void restart() {
        broker.close();
        broker = LocalBroker.start(settings);
        restarts++;
    }

    synchronized int restarts() {
        return restarts;
    }

    Path logFile() {
        return settings.directory().resolve("broker.log");
    }

    @Override
    public synchronized String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String kind() {
        return "restartable";
    }

    @Override
    public synchronized void close() {
        broker.close();
    }
}
