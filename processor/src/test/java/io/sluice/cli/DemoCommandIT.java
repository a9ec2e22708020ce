package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code sluice demo} on a real broker: the three pipelines and their output, the join's too. */
@ExtendWith(KafkaClusterExtension.class)
class DemoCommandIT {
    private final KafkaCluster kafka;

    DemoCommandIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldShowNotificationsCarryingTheCustomersEmailWhenTheDemoRuns() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = SluiceMain.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));

        int exitCode =
                commandLine.execute(
                        "demo",
                        "-b",
                        kafka.bootstrapServers(),
                        "--topologies",
                        Path.of("..", "topologies").toString());

        assertThat(exitCode).isEqualTo(SluiceMain.EXIT_OK);
        assertThat(out.toString())
                .contains("Loaded 1000 sample invoices into topic 'invoices' and 389 customers")
                .contains("invoice-notifications: 1000 in, 397 out to 'notifications'")
                .contains(
                        "invoice-enriched-notifications: 1000 in, 397 out to"
                                + " 'enriched-notifications'")
                .containsPattern("\"EmailAddress\": ?\"[a-z]+\\.[a-z]+\\d+@example\\.com\"");
    }
}
