package io.sluice.processor.state.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The file-system side of task stores: creating, recognising and deleting a task's directory.
 *
 * <p>Failures here are about the directory, not the data in it (permissions, a full or read-only
 * disk), so they are {@link UncheckedIOException}s: wiping cannot fix them.
 */
final class TaskDirectories {

    private TaskDirectories() {}

    static void create(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    String.format("cannot create the state directory %s", directory), e);
        }
    }

    /** Whether {@code directory} holds a RocksDB database (its CURRENT file names the manifest). */
    static boolean holdsDatabase(Path directory) {
        return Files.exists(directory.resolve("CURRENT"));
    }

    /** Deletes {@code directory} and everything in it; does nothing when it does not exist. */
    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(
                    directory,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                                throws IOException {
                            Files.deleteIfExists(file);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult postVisitDirectory(Path dir, IOException e)
                                throws IOException {
                            if (e != null && !(e instanceof NoSuchFileException)) {
                                throw e;
                            }
                            Files.deleteIfExists(dir);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(
                    String.format("cannot delete the state directory %s", directory), e);
        }
    }
}
