package io.sluice.processor;

/** Invalid configuration or pipeline file: refuse to start (exit code 2). */
public class ConfigException extends SluiceException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
