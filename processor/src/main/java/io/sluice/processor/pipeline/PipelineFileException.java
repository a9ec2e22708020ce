package io.sluice.processor.pipeline;

import io.sluice.processor.ConfigException;

/**
 * A pipeline file that cannot run: the message reads {@code FILE:LINE:COLUMN: KEY.PATH: what was
 * wrong; expected what}.
 *
 * <p>Lines and columns count from 1. The key path names the place in the file's tree, with list
 * items by their index from 0 ({@code steps[1].select.TotalAmount}); it is empty for errors that
 * belong to no key, such as YAML syntax errors.
 */
public final class PipelineFileException extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String keyPath;
    private final String reason;

    PipelineFileException(FileLocation location, String keyPath, String reason) {
        this(location, keyPath, reason, null);
    }

    PipelineFileException(FileLocation location, String keyPath, String reason, Throwable cause) {
        super(format(location, keyPath, reason), cause);
        this.file = location.file();
        this.line = location.line();
        this.column = location.column();
        this.keyPath = keyPath;
        this.reason = reason;
    }

    private static String format(FileLocation location, String keyPath, String reason) {
        return keyPath.isEmpty()
                ? location + ": " + reason
                : location + ": " + keyPath + ": " + reason;
    }

    /** The pipeline file as it was named to the compiler. */
    public String file() {
        return file;
    }

    /** The line of the offending key or value, from 1; 0 when the error concerns the whole file. */
    public int line() {
        return line;
    }

    /**
     * The column of the offending key or value, from 1; 0 when the error concerns the whole file.
     */
    public int column() {
        return column;
    }

    /** The key path of the offending key or value, such as {@code source.topic}; may be empty. */
    public String keyPath() {
        return keyPath;
    }

    /** What was wrong and what was expected, without the location. */
    public String reason() {
        return reason;
    }
}
