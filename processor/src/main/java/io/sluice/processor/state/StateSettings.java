package io.sluice.processor.state;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where local state lives and how much native memory RocksDB may use for it, for the whole process.
 *
 * <p>{@code memoryBytes} bounds the block cache, and the memtables (write buffers) are charged to
 * that same cache, so one number bounds RocksDB's memory however many tasks the process runs. Up to
 * {@link #writeBufferBytes()} of it goes to memtables; the rest caches data, index and filter
 * blocks. The bound is soft: RocksDB may overshoot it briefly while a flush is in progress.
 *
 * @param directory the root of the local state; each task's store lives in {@code
 *     <directory>/<pipeline>/<task>/}
 * @param memoryBytes the native memory of all RocksDB instances of the process, at least {@link
 *     #MIN_MEMORY_BYTES}
 */
public record StateSettings(Path directory, long memoryBytes) {

    /** The smallest memory budget accepted: below it memtables of a few stores thrash. */
    public static final long MIN_MEMORY_BYTES = 16L << 20;

    /** The smallest budget {@link #defaults} picks, whatever the container's limit. */
    public static final long MIN_DEFAULT_MEMORY_BYTES = 64L << 20;

    public StateSettings {
        Objects.requireNonNull(directory, "directory");
        if (memoryBytes < MIN_MEMORY_BYTES) {
            throw new IllegalArgumentException(
                    String.format(
                            "state memory must be at least %d bytes, got %d: raise"
                                    + " state.memory.bytes",
                            MIN_MEMORY_BYTES, memoryBytes));
        }
    }

    /**
     * Settings with a quarter of the container's memory limit for RocksDB.
     *
     * <p>The limit is read from cgroups (v2 {@code memory.max}, else v1 {@code
     * memory.limit_in_bytes}). Without a limit (no cgroup files, or "max") the budget is a quarter
     * of the JVM's maximum heap, which the JVM itself sized from the machine. Either way it is at
     * least {@link #MIN_DEFAULT_MEMORY_BYTES}. A quarter leaves the JVM its default quarter for the
     * heap and the rest for metaspace, threads, direct buffers and the page cache RocksDB reads
     * through.
     */
    public static StateSettings defaults(Path directory) {
        return new StateSettings(
                directory,
                ContainerMemory.defaultStateBytes(
                        ContainerMemory.CGROUP_ROOT, Runtime.getRuntime().maxMemory()));
    }

    /** The block cache's capacity: all of {@link #memoryBytes()}, memtables included. */
    public long blockCacheBytes() {
        return memoryBytes;
    }

    /** The part of the budget memtables may take before RocksDB flushes them: a quarter. */
    public long writeBufferBytes() {
        // Micro-batches write once per key per batch, so memtables need less room than the
        // cache: a quarter keeps most of the budget for the blocks that multi-gets read.
        return memoryBytes / 4;
    }
}
