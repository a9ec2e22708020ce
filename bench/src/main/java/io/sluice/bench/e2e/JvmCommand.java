package io.sluice.bench.e2e;

import java.util.List;

/** A Java main class and its arguments, to run in a JVM of its own. */
record JvmCommand(String mainClass, List<String> args) {
    JvmCommand {
        args = List.copyOf(args);
    }
}
