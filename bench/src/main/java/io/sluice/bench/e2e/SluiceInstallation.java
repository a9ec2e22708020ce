package io.sluice.bench.e2e;

import java.util.List;
import java.util.Optional;

/**
 * Sluice as {@code bin/sluice} runs it: the packaged jar and its libraries, with the class-data
 * sharing archive that a training run made for exactly that class path, and the JVM options of
 * {@code config/jvm.options}. {@code bench/run-e2e.sh} copies them aside, trains the archive there
 * and names all three in system properties; without them Sluice runs from the harness's class path,
 * with neither.
 *
 * @param classPath the jar and {@code lib/*}
 * @param archive the class-data sharing archive for that class path
 * @param jvmOptions the copy of {@code config/jvm.options}, a java argument file
 */
record SluiceInstallation(String classPath, String archive, String jvmOptions) {
    static final String CLASS_PATH_PROPERTY = "sluice.bench.sluice.classpath";
    static final String ARCHIVE_PROPERTY = "sluice.bench.sluice.archive";
    static final String JVM_OPTIONS_PROPERTY = "sluice.bench.sluice.jvmoptions";

    /** The installation the script prepared, if any. */
    static Optional<SluiceInstallation> fromHarness() {
        String classPath = System.getProperty(CLASS_PATH_PROPERTY, "");
        String archive = System.getProperty(ARCHIVE_PROPERTY, "");
        String jvmOptions = System.getProperty(JVM_OPTIONS_PROPERTY, "");
        if (classPath.isBlank() || archive.isBlank() || jvmOptions.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new SluiceInstallation(classPath, archive, jvmOptions));
    }

    /** The options bin/sluice gives the JVM: the archive's, then its argument file. */
    List<String> options() {
        return List.of(
                "-XX:SharedArchiveFile=" + archive,
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off",
                "@" + jvmOptions);
    }
}
