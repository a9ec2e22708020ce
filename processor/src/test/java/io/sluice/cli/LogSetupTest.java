package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogSetupTest {
    @Test
    void sluiceLogsAtInfoAndTheKafkaClientsAtWarnToStderr() {
        LoggerContext context = new LoggerContext();

        LogSetup.configure(context, Map.of());

        assertThat(context.getLogger("io.sluice.processor.engine.BatchLoop").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.apache.kafka.clients.NetworkClient").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.rocksdb").getEffectiveLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<?> appender =
                (ConsoleAppender<?>)
                        context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(appender.isStarted()).isTrue();
    }

    @Test
    void theEnvironmentSetsBothLevels() {
        LoggerContext context = new LoggerContext();

        LogSetup.configure(
                context, Map.of("SLUICE_LOG_LEVEL", "debug", "SLUICE_KAFKA_LOG_LEVEL", "ERROR"));

        assertThat(context.getLogger("io.sluice.cli.RunCommand").getEffectiveLevel())
                .isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.apache.kafka.clients.NetworkClient").getEffectiveLevel())
                .isEqualTo(Level.ERROR);
    }

    @Test
    void theServiceFileRegistersIt() throws Exception {
        try (var in =
                LogSetup.class.getResourceAsStream(
                        "/META-INF/services/ch.qos.logback.classic.spi.Configurator")) {
            assertThat(new String(in.readAllBytes()).trim()).isEqualTo(LogSetup.class.getName());
        }
    }
}
