package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {
    @Test
    void shouldPrintUsageAndExitZeroWhenAnySubcommandIsGivenHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(SluiceMain.commandLine(), new ArrayList<>(), paths);

        for (List<String> path : paths) {
            StringWriter out = new StringWriter();
            List<String> args = new ArrayList<>(path);
            args.add("--help");

            int exit =
                    SluiceMain.commandLine()
                            .setOut(new PrintWriter(out))
                            .execute(args.toArray(String[]::new));

            assertThat(exit).as("%s", args).isZero();
            assertThat(out.toString()).as("%s", args).startsWith("Usage: sluice");
        }
        assertThat(paths).contains(List.of("run"), List.of("broker", "stop"));
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        command.getSubcommands()
                .forEach(
                        (name, sub) -> {
                            if (name.equals("help")) {
                                return;
                            }
                            List<String> subPath = new ArrayList<>(path);
                            subPath.add(name);
                            paths.add(subPath);
                            collect(sub, subPath, paths);
                        });
    }
}
