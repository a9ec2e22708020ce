package io.sluice.testkit;

import io.sluice.localbroker.BrokerSettings;
import io.sluice.localbroker.LocalBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A KRaft broker from Kafka's jars in a child JVM, with its data in a temporary directory. */
final class LocalBrokerCluster implements KafkaCluster {
    private final LocalBroker broker;
    private final Path directory;

    private LocalBrokerCluster(LocalBroker broker, Path directory) {
        this.broker = broker;
        this.directory = directory;
    }

    static LocalBrokerCluster start() {
        try {
            Path directory = Files.createTempDirectory("sluice-test-broker-");
            return new LocalBrokerCluster(
                    LocalBroker.start(BrokerSettings.forTests(directory)), directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the test broker", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public void close() {
        broker.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is not worth failing a test run for
        }
    }
}
