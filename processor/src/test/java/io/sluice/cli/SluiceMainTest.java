package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SluiceMainTest {

    @Test
    void aSubcommandIsBuiltAloneAndHelpGetsThemAll() {
        CommandLine run = SluiceMain.commandLine("run", "pipeline.yaml");
        CommandLine help = SluiceMain.commandLine("--help");
        CommandLine unknown = SluiceMain.commandLine("rnu");

        assertThat(run.getSubcommands()).containsOnlyKeys("run");
        assertThat(help.getSubcommands())
                .containsOnlyKeys(
                        "run",
                        "validate",
                        "infer-schema",
                        "schema",
                        "reset",
                        "demo",
                        "broker",
                        "help");
        assertThat(unknown.getSubcommands()).hasSameSizeAs(help.getSubcommands());
    }

    @Test
    void anUnknownSubcommandIsStillRefusedWithTheListOfKnownOnes() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = SluiceMain.commandLine("rnu").setErr(new PrintWriter(err));

        int exit = commandLine.execute("rnu");

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString()).contains("Unmatched argument").contains("run");
    }
}
