package io.sluice.localbroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the server.properties of a single-node KRaft broker that also acts as its controller. */
final class BrokerConfig {
    private BrokerConfig() {}

    static void write(Path file, Path dataDir, int port, int controllerPort) {
        String config =
                String.join(
                                "\n",
                                "# Written by Sluice's local broker; rewritten at every start.",
                                "process.roles=broker,controller",
                                "node.id=1",
                                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                                "listeners=PLAINTEXT://127.0.0.1:"
                                        + port
                                        + ",CONTROLLER://127.0.0.1:"
                                        + controllerPort,
                                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                                "controller.listener.names=CONTROLLER",
                                "inter.broker.listener.name=PLAINTEXT",
                                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                                "log.dirs=" + dataDir.toAbsolutePath(),
                                // One broker: internal topics cannot have more than one replica,
                                // and
                                // transactions need their log's min ISR to match.
                                "offsets.topic.replication.factor=1",
                                "transaction.state.log.replication.factor=1",
                                "transaction.state.log.min.isr=1",
                                "share.coordinator.state.topic.replication.factor=1",
                                "share.coordinator.state.topic.min.isr=1",
                                // Fewer internal partitions make a cold start and the first
                                // transaction
                                // several seconds faster; one node gains nothing from fifty.
                                "offsets.topic.num.partitions=10",
                                "transaction.state.log.num.partitions=10",
                                "group.initial.rebalance.delay.ms=0",
                                "num.partitions=1",
                                "")
                        + "\n";
        try {
            Files.writeString(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write broker configuration " + file, e);
        }
    }
}
