package io.sluice.processor.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The memory limit of the container the process runs in, as cgroups report it. */
final class ContainerMemory {

    /** Where cgroups are mounted in a container (and on the host). */
    static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    // cgroup v1 reports "no limit" as a number near Long.MAX_VALUE rounded down to a page.
    private static final long V1_UNLIMITED = 1L << 62;

    private ContainerMemory() {}

    /**
     * A quarter of the container's memory limit, or of {@code maxHeapBytes} when there is no limit,
     * and at least {@link StateSettings#MIN_DEFAULT_MEMORY_BYTES}.
     */
    static long defaultStateBytes(Path cgroupRoot, long maxHeapBytes) {
        OptionalLong limit = limitBytes(cgroupRoot);
        long base = limit.isPresent() ? limit.getAsLong() : maxHeapBytes;
        // Runtime.maxMemory() is Long.MAX_VALUE when the JVM has no heap limit: use the floor.
        long quarter = base == Long.MAX_VALUE ? 0 : base / 4;
        return Math.max(StateSettings.MIN_DEFAULT_MEMORY_BYTES, quarter);
    }

    /** The memory limit under {@code cgroupRoot}: v2 first, then v1; empty when unlimited. */
    static OptionalLong limitBytes(Path cgroupRoot) {
        OptionalLong v2 = read(cgroupRoot.resolve("memory.max"));
        if (v2.isPresent()) {
            return v2;
        }
        OptionalLong v1 = read(cgroupRoot.resolve("memory").resolve("memory.limit_in_bytes"));
        return v1.isPresent() && v1.getAsLong() < V1_UNLIMITED ? v1 : OptionalLong.empty();
    }

    private static OptionalLong read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty(); // no such cgroup version here
        }
        try {
            long bytes = Long.parseLong(text);
            return bytes > 0 ? OptionalLong.of(bytes) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // "max": no limit
        }
    }
}
