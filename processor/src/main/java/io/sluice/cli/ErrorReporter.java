package io.sluice.cli;

import io.sluice.localbroker.BrokerStartException;
import io.sluice.processor.ConfigException;
import io.sluice.processor.SluiceException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a failed command's error as one message, not a stack trace, and picks the exit code. */
final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
            Exception e, CommandLine commandLine, ParseResult parseResult) {
        commandLine
                .getErr()
                .println(commandLine.getColorScheme().errorText("sluice: " + message(e)));
        if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
            return SluiceMain.EXIT_INVALID;
        }
        if (!(e instanceof BrokerStartException || e instanceof SluiceException)) {
            e.printStackTrace(commandLine.getErr());
        }
        return SluiceMain.EXIT_FAILED;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
