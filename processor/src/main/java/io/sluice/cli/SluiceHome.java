package io.sluice.cli;

import java.nio.file.Path;

/** Sluice's work directory for local state: {@code $SLUICE_HOME}, by default {@code ~/.sluice}. */
final class SluiceHome {
    static final String ENV = "SLUICE_HOME";

    private SluiceHome() {}

    static Path directory() {
        String home = System.getenv(ENV);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".sluice");
    }

    /**
     * The installation's root directory (the clone, or the image's install directory), where {@code
     * topologies/} lives; set by {@code bin/sluice} as {@code -Dsluice.installation}.
     */
    static Path installation() {
        String dir = System.getProperty("sluice.installation");
        return Path.of(dir != null ? dir : ".");
    }

    /** Where the developer broker keeps its files. */
    static Path brokerDirectory() {
        return directory().resolve("broker");
    }
}
