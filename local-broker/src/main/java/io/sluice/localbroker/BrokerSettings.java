package io.sluice.localbroker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a local broker.
 *
 * @param directory where the broker keeps its configuration, log file and data; reused across
 *     restarts, so a broker started again finds its topics
 * @param port the client port on 127.0.0.1, or 0 for any free port
 * @param startTimeout how long to wait for the broker to answer before giving up
 * @param exitWithParent whether the broker stops when the JVM that started it dies (tests), or
 *     outlives it in its own session (the developer broker of {@code bin/sluice broker start})
 */
public record BrokerSettings(
        Path directory, int port, Duration startTimeout, boolean exitWithParent) {

    /** The default start timeout: a cold start takes about five seconds on two cores. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    public BrokerSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    String.format("port must be 0 (any free port) or 1-65535, got %d", port));
        }
    }

    /** Settings for a broker that lives as long as the calling JVM, on a free port. */
    public static BrokerSettings forTests(Path directory) {
        return new BrokerSettings(directory, 0, DEFAULT_START_TIMEOUT, true);
    }

    /** Settings for the long-lived developer broker on the given port. */
    public static BrokerSettings forDevelopment(Path directory, int port) {
        return new BrokerSettings(directory, port, DEFAULT_START_TIMEOUT, false);
    }
}
