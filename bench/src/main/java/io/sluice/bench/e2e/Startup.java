package io.sluice.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a workload's JVM was started, and the start-up phases it logged.
 *
 * <p>Sluice logs one line once its first batch commits, {@code Start-up (s): jvm=0.31 config=0.55
 * ... first-batch=0.70 total=3.47}; the phases are the {@code name=seconds} pairs after the marker,
 * whatever their names and number, in the order of the line.
 *
 * @param jvmOptions the options the harness gave the JVM before its main class, as given
 * @param phases the phases of the start-up line in the JVM's log; empty when there is none
 */
record Startup(List<String> jvmOptions, List<Phase> phases) {
    /** What a start-up line starts with. */
    static final String MARKER = "Start-up (s):";

    /** A run that never started a JVM. */
    static final Startup NONE = new Startup(List.of(), List.of());

    private static final Pattern PHASE = Pattern.compile("([^\\s=]+)=([0-9]+(?:\\.[0-9]+)?)");

    Startup {
        jvmOptions = List.copyOf(jvmOptions);
        phases = List.copyOf(phases);
    }

    /** This start, with the phases of the first start-up line in {@code log}, if it has one. */
    Startup withPhasesFrom(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return this;
        }
        // Latin-1 reads any bytes; the marker and the figures are ASCII
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int marker = line.indexOf(MARKER);
                if (marker >= 0) {
                    return new Startup(jvmOptions, parse(line.substring(marker + MARKER.length())));
                }
            }
        }
        return this;
    }

    /** The seconds of {@code phase}; empty when the line did not have it. */
    OptionalDouble seconds(String phase) {
        return phases.stream()
                .filter(p -> p.name().equals(phase))
                .mapToDouble(Phase::seconds)
                .findFirst();
    }

    /** The phases as the line gave them: {@code jvm=0.31 config=0.55 ...}. */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (Phase phase : phases) {
            text.append(text.length() == 0 ? "" : " ").append(phase.name()).append('=');
            text.append(String.format(Locale.ROOT, "%.2f", phase.seconds()));
        }
        return text.toString();
    }

    /** The {@code name=seconds} pairs of {@code text}, in order. */
    static List<Phase> parse(String text) {
        List<Phase> phases = new ArrayList<>();
        Matcher matcher = PHASE.matcher(text);
        while (matcher.find()) {
            phases.add(new Phase(matcher.group(1), Double.parseDouble(matcher.group(2))));
        }
        return phases;
    }

    /**
     * One phase of a start-up.
     *
     * @param name as the log names it, such as {@code jvm} or {@code first-batch}
     * @param seconds how long it took
     */
    record Phase(String name, double seconds) {}
}
