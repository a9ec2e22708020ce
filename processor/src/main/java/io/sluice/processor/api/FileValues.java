package io.sluice.processor.api;

import java.time.Duration;
import java.util.Objects;

/** How Java values are written in a pipeline document, for the file compiler to read back. */
final class FileValues {

    private FileValues() {}

    /** ISO-8601, which a file accepts beside {@code 30m}: {@code PT30M}. */
    static String duration(Duration duration) {
        return Objects.requireNonNull(duration, "duration").toString();
    }
}
