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

    @Test
    void shouldSummariseEveryCommandInAWholeSentenceInTheCommandLists() {
        List<List<String>> paths = new ArrayList<>();
        paths.add(List.of());
        collect(SluiceMain.commandLine(), new ArrayList<>(), paths);

        for (List<String> path : paths) {
            CommandLine command = SluiceMain.commandLine();
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            if (command.getSubcommands().isEmpty()) {
                continue;
            }
            for (String summary : commandSummaries(command.getUsageMessage())) {
                assertThat(summary).as("sluice %s --help", path).endsWith(".");
            }
        }
    }

    /**
     * The entries of a usage message's command list, each joined from its lines: an entry starts
     * with two spaces and a name, the lines that continue it with more spaces.
     */
    private static List<String> commandSummaries(String usage) {
        List<String> entries = new ArrayList<>();
        boolean inList = false;
        for (String line : usage.split("\\R")) {
            if (line.equals("Commands:")) {
                inList = true;
            } else if (inList && line.matches("  \\S.*")) {
                entries.add(line.strip());
            } else if (inList && line.matches(" {3,}\\S.*") && !entries.isEmpty()) {
                int last = entries.size() - 1;
                entries.set(last, entries.get(last) + " " + line.strip());
            } else if (inList) {
                inList = false;
            }
        }
        return entries;
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
