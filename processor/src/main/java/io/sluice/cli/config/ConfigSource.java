package io.sluice.cli.config;

/** Where a configuration value came from, as error messages name it. */
record ConfigSource(String description) {
    static ConfigSource file(String file, int line) {
        return new ConfigSource(file + ":" + line);
    }

    static ConfigSource environment(String variable) {
        return new ConfigSource("environment variable " + variable);
    }

    static ConfigSource commandLine(String option) {
        return new ConfigSource("option " + option);
    }

    @Override
    public String toString() {
        return description;
    }
}
