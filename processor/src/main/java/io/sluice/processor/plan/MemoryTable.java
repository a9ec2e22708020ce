package io.sluice.processor.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericRecord;

/**
 * A memory table holds the rows a {@code memory} sink committed, in commit order, in this process,
 * like Spark's memory sink: for tests and for embedding a pipeline in a Java program.
 *
 * <p>Tables are registered by name in the process: a pipeline whose sink is {@code {type: memory,
 * name: q}} writes to the table {@link #named} {@code q} (created when missing). A batch's rows
 * become visible all at once when its transaction committed; an aborted batch adds nothing, and its
 * replay adds its rows once. The table keeps every row until {@link #clear}: it is not for long
 * runs. Thread-safe: the engine appends from its batch thread while others read.
 */
public final class MemoryTable {
    private static final Map<String, MemoryTable> TABLES = new ConcurrentHashMap<>();

    private final String name;
    private final List<GenericRecord> rows = new ArrayList<>();
    private long batches;

    private MemoryTable(String name) {
        this.name = name;
    }

    /** The table registered under {@code name}, registering an empty one when there is none. */
    public static MemoryTable named(String name) {
        Objects.requireNonNull(name, "name");
        return TABLES.computeIfAbsent(name, MemoryTable::new);
    }

    /** Registers an empty table under {@code name}, in place of any table of that name. */
    public static MemoryTable create(String name) {
        Objects.requireNonNull(name, "name");
        MemoryTable table = new MemoryTable(name);
        TABLES.put(name, table);
        return table;
    }

    /** The table registered under {@code name}, if any. */
    public static Optional<MemoryTable> find(String name) {
        return Optional.ofNullable(TABLES.get(name));
    }

    /** The table's name. */
    public String name() {
        return name;
    }

    /** A copy of every committed row, in commit order. */
    public synchronized List<GenericRecord> rows() {
        return Collections.unmodifiableList(new ArrayList<>(rows));
    }

    /** The number of committed rows. */
    public synchronized int size() {
        return rows.size();
    }

    /** The number of committed batches that added rows. */
    public synchronized long batches() {
        return batches;
    }

    /** Forgets every row. */
    public synchronized void clear() {
        rows.clear();
        batches = 0;
    }

    /**
     * Appends the rows of a committed batch; the engine calls it once per committed batch.
     *
     * @param batch the rows, which the table keeps
     */
    public synchronized void appendCommitted(List<GenericRecord> batch) {
        if (!batch.isEmpty()) {
            rows.addAll(batch);
            batches++;
        }
    }

    @Override
    public String toString() {
        return "memory table " + name;
    }
}
