package io.sluice.localbroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a child process's log, for the error that says it did not start. */
public final class LogTail {
    /** How many lines an error quotes. */
    public static final int LINES = 40;

    private LogTail() {}

    /** The last {@link #LINES} lines of {@code log}, or why there are none. */
    public static String of(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(
                    System.lineSeparator(),
                    lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
