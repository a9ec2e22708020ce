package io.sluice.bench.e2e;

import java.util.List;
import java.util.Optional;

/**
 * Sluice as {@code bin/sluice} runs it: the packaged jar and its libraries, with the class-data
 * sharing archive that a training run made for exactly that class path. {@code bench/run-e2e.sh}
 * copies them aside, trains the archive there and names both in system properties; without them
 * Sluice runs from the harness's class path, with no archive.
 *
 * @param classPath the jar and {@code lib/*}
 * @param archive the class-data sharing archive for that class path
 */
record SluiceInstallation(String classPath, String archive) {
    static final String CLASS_PATH_PROPERTY = "sluice.bench.sluice.classpath";
    static final String ARCHIVE_PROPERTY = "sluice.bench.sluice.archive";

    /** The installation the script prepared, if any. */
    static Optional<SluiceInstallation> fromHarness() {
        String classPath = System.getProperty(CLASS_PATH_PROPERTY, "");
        String archive = System.getProperty(ARCHIVE_PROPERTY, "");
        if (classPath.isBlank() || archive.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new SluiceInstallation(classPath, archive));
    }

    /** The options bin/sluice gives the JVM for the archive. */
    List<String> options() {
        return List.of(
                "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }
}
