package io.sluice.bench.e2e;

import java.util.List;
import java.util.Optional;

/**
 * A Java main class and its arguments, to run in a JVM of its own.
 *
 * @param options JVM options after the harness's own (heap, collector)
 * @param classPath the class path; empty for the harness's own
 */
record JvmCommand(
        String mainClass, List<String> args, List<String> options, Optional<String> classPath) {
    JvmCommand {
        args = List.copyOf(args);
        options = List.copyOf(options);
    }

    /** A main class on the harness's class path, with the harness's JVM options. */
    JvmCommand(String mainClass, List<String> args) {
        this(mainClass, args, List.of(), Optional.empty());
    }
}
