package io.sluice.processor.join;

import io.sluice.processor.Durations;
import io.sluice.serdes.RowDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A Kafka table is a compacted topic read as a table (Kafka Streams' source KTable): the latest
 * value of each record key, a null value deleting the key. The engine materialises it in local
 * state, the topic itself being its changelog, and {@link #bind}s the view joins read.
 *
 * <p>Keys are the records' keys as UTF-8 text. With a {@code history}, the table keeps versions: a
 * lookup at an event time gets the value in effect then (by record timestamp), as Kafka Streams'
 * versioned stores do, for lookups up to {@code history} behind the newest version.
 *
 * @param topic the compacted topic
 * @param format the values' format name, for plans
 * @param schema the schema of decoded values
 * @param decoders makes a decoder of values
 * @param bootstrap whether the first batch waits until the table is read to its end
 * @param history how long versions are kept; empty for the latest value only
 * @param keyColumn the column of the values that keys the rows; empty for the records' keys
 */
public record KafkaTable(
        String topic,
        String format,
        Schema schema,
        Supplier<RowDecoder> decoders,
        boolean bootstrap,
        Optional<Duration> history,
        Optional<String> keyColumn,
        Binding binding)
        implements TableLookup {

    public KafkaTable {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(decoders, "decoders");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(keyColumn, "keyColumn");
        Objects.requireNonNull(binding, "binding");
    }

    /** A table not yet bound to its materialised rows. */
    public KafkaTable(
            String topic,
            String format,
            Schema schema,
            Supplier<RowDecoder> decoders,
            boolean bootstrap,
            Optional<Duration> history) {
        this(topic, format, schema, decoders, bootstrap, history, Optional.empty(), new Binding());
    }

    /** A table keyed by the column {@code keyColumn} of its values, not yet bound. */
    public KafkaTable(
            String topic,
            String format,
            Schema schema,
            Supplier<RowDecoder> decoders,
            boolean bootstrap,
            Optional<Duration> history,
            String keyColumn) {
        this(
                topic,
                format,
                schema,
                decoders,
                bootstrap,
                history,
                Optional.of(keyColumn),
                new Binding());
    }

    /** Whether the table keeps versions for lookups by event time. */
    public boolean isVersioned() {
        return history.isPresent();
    }

    /** Makes {@code view} the rows lookups read; the engine calls it once the table is open. */
    public void bind(TableView view) {
        binding.view = view;
    }

    @Override
    public List<GenericRecord> rows(String key, long atMs) {
        TableView view = binding.view;
        if (view == null) {
            throw new IllegalStateException("table " + topic + " is not materialised yet");
        }
        GenericRecord row = view.get(key, atMs);
        return row == null ? List.of() : List.of(row);
    }

    @Override
    public String describe() {
        return "table "
                + topic
                + " ("
                + format
                + (bootstrap ? ", read to its end before the first batch" : "")
                + history.map(h -> ", versions kept " + Durations.text(h)).orElse("")
                + keyColumn.map(k -> ", keyed by column " + k).orElse("")
                + ")";
    }

    /** Where the engine puts the table's view: shared by copies of the plan. */
    public static final class Binding {
        private volatile TableView view;
    }
}
