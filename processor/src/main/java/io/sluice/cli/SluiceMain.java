package io.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code sluice} command line: subcommands for pipelines and the local broker. */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = SluiceVersion.class,
        description = "Kafka-native stream processor: micro-batches, exactly-once into Kafka.",
        subcommands = {
            RunCommand.class,
            ValidateCommand.class,
            InferSchemaCommand.class,
            SchemaCommand.class,
            ResetCommand.class,
            DemoCommand.class,
            BrokerCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SluiceMain {
    /** The option that adds a failed command's stack trace to its one-line error. */
    static final String VERBOSE = "--verbose";

    /** The command ran to its end. */
    public static final int EXIT_OK = 0;

    /** The command failed while running. */
    public static final int EXIT_FAILED = 1;

    /** The command line, a pipeline file or the configuration is invalid; nothing was started. */
    public static final int EXIT_INVALID = 2;

    @Option(
            names = VERBOSE,
            scope = ScopeType.INHERIT,
            description = "On an error, print its stack trace after the message.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Sluice's exit codes and error reporting; used by tests too. */
    public static CommandLine commandLine() {
        return new CommandLine(new SluiceMain())
                .setExecutionExceptionHandler(new ErrorReporter())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
