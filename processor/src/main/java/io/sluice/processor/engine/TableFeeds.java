package io.sluice.processor.engine;

import io.sluice.processor.join.KafkaTable;
import io.sluice.processor.state.StateStores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;

/** The feeds of every Kafka table a pipeline joins, caught up together before each batch. */
final class TableFeeds implements AutoCloseable {
    private final List<TableFeed> feeds = new ArrayList<>();

    private TableFeeds() {}

    /**
     * Opens a feed per table, each with a consumer from {@code consumers} and local state of its
     * own: task {@code table-<topic>} for the first join of a topic, {@code table2-<topic>} for the
     * second and so on (two joins of one topic may keep different columns or versions).
     *
     * @throws io.sluice.processor.ConfigException when a table's topic does not exist
     */
    static TableFeeds open(
            String pipeline,
            List<KafkaTable> tables,
            StateStores stores,
            Supplier<Consumer<byte[], byte[]>> consumers) {
        return open(pipeline, tables, stores, consumers, EngineListener.NONE);
    }

    /** As above, telling {@code listener} of each table's first read as of a restore. */
    static TableFeeds open(
            String pipeline,
            List<KafkaTable> tables,
            StateStores stores,
            Supplier<Consumer<byte[], byte[]>> consumers,
            EngineListener listener) {
        TableFeeds all = new TableFeeds();
        try {
            Map<String, Integer> joinsOfTopic = new HashMap<>();
            for (KafkaTable table : tables) {
                int nth = joinsOfTopic.merge(table.topic(), 1, Integer::sum);
                String task = (nth == 1 ? "table-" : "table" + nth + "-") + table.topic();
                TableFeed feed =
                        new TableFeed(pipeline, task, table, stores, consumers.get(), listener);
                all.feeds.add(feed);
                feed.open();
            }
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }

    /** Catches every table up (see {@link TableFeed#catchUp}). */
    void catchUp(BooleanSupplier stopping, Runnable keepAlive) {
        for (TableFeed feed : feeds) {
            feed.catchUp(stopping, keepAlive);
        }
    }

    /** Per table topic, the rows (versions) of its local copy; exact, for tests. */
    Map<String, Long> sizes() {
        Map<String, Long> sizes = new java.util.LinkedHashMap<>();
        feeds.forEach(feed -> sizes.put(feed.table().topic(), feed.size()));
        return sizes;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (TableFeed feed : feeds) {
            try {
                feed.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        feeds.clear();
        if (first != null) {
            throw first;
        }
    }
}
