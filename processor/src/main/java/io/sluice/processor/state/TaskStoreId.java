package io.sluice.processor.state;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of one task's local store: the pipeline and the task ({@code p3}, {@code stage0-p3}),
 * both safe to use as directory names.
 */
public record TaskStoreId(String pipeline, String task) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public TaskStoreId {
        requireDirectoryName("pipeline", pipeline);
        requireDirectoryName("task", task);
    }

    /** The directory of this task's store under the state root {@code root}. */
    public Path directory(Path root) {
        return root.resolve(pipeline).resolve(task);
    }

    @Override
    public String toString() {
        return pipeline + "/" + task;
    }

    private static void requireDirectoryName(String what, String name) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(
                    String.format(
                            "a %s name in a state directory must be 1-200 letters, digits, '.',"
                                    + " '_' or '-' (not '.' or '..'), got '%s'",
                            what, name));
        }
    }
}
