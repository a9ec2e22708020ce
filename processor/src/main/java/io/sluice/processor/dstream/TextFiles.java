package io.sluice.processor.dstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * Writes a DStream's batches as text directories, {@link DStream#saveAsTextFiles}: one directory
 * per batch time. The part file is written under a temporary name and renamed, then {@code
 * _SUCCESS} is created, so a reader that waits for {@code _SUCCESS} never sees half a batch; a
 * batch time computed again (a replay after a restart) replaces the part file with the same
 * content.
 */
final class TextFiles {
    static final String PART = "part-00000";
    static final String SUCCESS = "_SUCCESS";

    private TextFiles() {}

    /** The output function that saves each batch under {@code prefix-<time>[.suffix]}. */
    static <T> BatchConsumer<T> saver(String prefix, String suffix) {
        Objects.requireNonNull(prefix, "prefix");
        String ending = suffix == null || suffix.isEmpty() ? "" : "." + suffix;
        return (records, time) ->
                save(Path.of(prefix + "-" + time.milliseconds() + ending), records);
    }

    private static <T> void save(Path directory, List<T> records) {
        StringBuilder text = new StringBuilder();
        for (T record : records) {
            text.append(record).append('\n');
        }
        try {
            Files.createDirectories(directory);
            Path temp = directory.resolve("." + PART + ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(
                    temp,
                    directory.resolve(PART),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Path success = directory.resolve(SUCCESS);
            if (!Files.exists(success)) {
                Files.createFile(success);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save a batch to " + directory, e);
        }
    }
}
