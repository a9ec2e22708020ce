package io.sluice.processor.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Damages a closed task's RocksDB files the ways a disk or an operator does, for tests of
 * corruption detection and recovery: a truncated or overwritten SST file, garbage in CURRENT or in
 * the MANIFEST.
 */
public final class LocalStateDamage {

    private LocalStateDamage() {}

    /**
     * Writes everything the task's WAL holds into SST files, so that there are tables to damage: a
     * store closed with its WAL on keeps recent writes in the log only.
     */
    public static void flushToTables(Path taskDirectory) {
        RocksDB.loadLibrary();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (Options listing = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(listing, taskDirectory.toString())) {
                descriptors.add(new ColumnFamilyDescriptor(name));
            }
            try (RocksDB db = RocksDB.open(taskDirectory.toString(), descriptors, handles);
                    FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush, handles);
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot flush " + taskDirectory, e);
        }
        assertThat(tables(taskDirectory)).as("SST files after the flush").isNotEmpty();
    }

    /** Cuts the largest SST file to half its length; returns it. */
    public static Path truncateLargestTable(Path taskDirectory) {
        Path table = largestTable(taskDirectory);
        try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }

    /** Overwrites the first bytes of the largest SST file (a data block), keeping its length. */
    public static Path overwriteStartOfLargestTable(Path taskDirectory) {
        Path table = largestTable(taskDirectory);
        try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
            byte[] garbage = new byte[(int) Math.min(64, file.length() / 4)];
            Arrays.fill(garbage, (byte) 0x5a);
            file.write(garbage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }

    /** Replaces the CURRENT file, which names the MANIFEST, with garbage. */
    public static void garbageInCurrent(Path taskDirectory) {
        write(taskDirectory.resolve("CURRENT"), "garbage".getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces the MANIFEST that CURRENT names with garbage of the same length. */
    public static void garbageInManifest(Path taskDirectory) {
        try {
            String name = Files.readString(taskDirectory.resolve("CURRENT")).trim();
            Path manifest = taskDirectory.resolve(name);
            byte[] garbage = new byte[(int) Files.size(manifest)];
            Arrays.fill(garbage, (byte) 0x5a);
            write(manifest, garbage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path largestTable(Path taskDirectory) {
        return tables(taskDirectory).stream()
                .max(Comparator.comparingLong(LocalStateDamage::size))
                .orElseThrow(() -> new AssertionError("no SST file in " + taskDirectory));
    }

    private static List<Path> tables(Path taskDirectory) {
        try (Stream<Path> files = Files.list(taskDirectory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sst")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
