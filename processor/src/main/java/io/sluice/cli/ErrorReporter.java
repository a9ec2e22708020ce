package io.sluice.cli;

import io.sluice.localbroker.BrokerStartException;
import io.sluice.processor.ConfigException;
import io.sluice.processor.SluiceException;
import io.sluice.registry.RegistryUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failed command's error as one line on stderr and picks the exit code; with {@code
 * --verbose} the stack trace follows the line.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
            Exception e, CommandLine commandLine, ParseResult parseResult) {
        boolean verbose = isVerbose(parseResult);
        boolean expected =
                e instanceof SluiceException
                        || e instanceof BrokerStartException
                        || e instanceof RegistryUnavailableException;
        String hint =
                expected || verbose ? "" : " (" + SluiceMain.VERBOSE + " prints the stack trace)";
        commandLine
                .getErr()
                .println(commandLine.getColorScheme().errorText("sluice: " + message(e) + hint));
        if (verbose) {
            e.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        // a schema registry that does not answer is like a cluster that does not: nothing ran
        return e instanceof ConfigException
                        || e instanceof IllegalArgumentException
                        || e instanceof RegistryUnavailableException
                ? SluiceMain.EXIT_INVALID
                : SluiceMain.EXIT_FAILED;
    }

    /** Whether {@code --verbose} was given, before the subcommand or after it. */
    private static boolean isVerbose(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption(SluiceMain.VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
