package io.sluice.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code sluice} command line: subcommands for pipelines and the local broker. */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = SluiceVersion.class,
        description = "Kafka-native stream processor: micro-batches, exactly-once into Kafka.")
public final class SluiceMain {
    // In the order of the usage message. Not in @Command: picocli would build them all on start.
    private static final List<Class<?>> SUBCOMMANDS =
            List.of(
                    RunCommand.class,
                    ValidateCommand.class,
                    InferSchemaCommand.class,
                    SchemaCommand.class,
                    ResetCommand.class,
                    DemoCommand.class,
                    BrokerCommand.class,
                    CommandLine.HelpCommand.class);

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
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The command line with Sluice's exit codes, error reporting and every subcommand; used by
     * tests too.
     */
    public static CommandLine commandLine() {
        return withSubcommands(SUBCOMMANDS);
    }

    /**
     * The command line to execute {@code args} with: when the first argument names a subcommand,
     * the only one built. Picocli builds each command's model by reflection over its options when
     * it is added, and building all of them took about 0.3 s of every start; its classes, compiled
     * for Java 5, cannot be mapped from the class-data sharing archive either.
     */
    static CommandLine commandLine(String... args) {
        if (args.length > 0) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                if (subcommand.getAnnotation(Command.class).name().equals(args[0])) {
                    return withSubcommands(List.of(subcommand));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine withSubcommands(List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new SluiceMain());
        subcommands.forEach(commandLine::addSubcommand);
        return commandLine
                .setExecutionExceptionHandler(new ErrorReporter())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
