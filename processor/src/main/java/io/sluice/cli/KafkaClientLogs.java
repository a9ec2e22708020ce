package io.sluice.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Mutes the Kafka clients' own log lines for a while: while the cluster check reports what went
 * wrong as one line, the clients would otherwise log the same failure again, once per retry and
 * with stack traces. This class and {@link LogSetup} are the only ones that know the logging
 * backend is Logback.
 */
final class KafkaClientLogs implements AutoCloseable {
    private static final String KAFKA = "org.apache.kafka";

    private final Logger logger;
    private final Level before;

    private KafkaClientLogs(Logger logger) {
        this.logger = logger;
        this.before = logger == null ? null : logger.getLevel();
        if (logger != null) {
            logger.setLevel(Level.OFF);
        }
    }

    /**
     * Mutes the Kafka clients until {@link #close()}, unless {@code verbose} (or the backend is not
     * Logback, as when Sluice is embedded); not meant for concurrent use.
     */
    static KafkaClientLogs muteUnless(boolean verbose) {
        if (!verbose && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            return new KafkaClientLogs(context.getLogger(KAFKA));
        }
        return new KafkaClientLogs(null);
    }

    /** Restores the level the Kafka clients logged at before. */
    @Override
    public void close() {
        if (logger != null) {
            logger.setLevel(before);
        }
    }
}
