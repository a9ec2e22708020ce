package io.sluice.bench.e2e.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Kafka Streams' {@code store-sales-windows}: per store, 15-minute tumbling windows on the
 * invoices' {@code CreatedTime}, with the sum of {@code TotalValue} and the count of invoices,
 * emitted once when the window closes (grace 30 minutes), as JSON keyed by store.
 *
 * <p>Final results come from {@code suppress(untilWindowCloses)} rather than {@code
 * emitStrategy(onWindowClose())}: the latter looks for closed windows at most once a second of
 * wall-clock time, so the windows the last input record closes would stay unemitted and a benchmark
 * that waits for them would never end.
 */
final class StoreSalesWindowsTopology {
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration GRACE = Duration.ofMinutes(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreSalesWindowsTopology() {}

    static Topology build(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(SaleAtCreatedTime::new)
                .groupByKey(Grouped.with(Serdes.String(), Serdes.Double()))
                .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, GRACE))
                .aggregate(
                        () -> SalesTotals.EMPTY,
                        (store, value, totals) -> totals.add(value),
                        Materialized.with(Serdes.String(), SalesTotals.SERDE))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .map((window, totals) -> KeyValue.pair(window.key(), json(window, totals)))
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    private static byte[] json(Windowed<String> window, SalesTotals totals) {
        ObjectNode out = JSON.createObjectNode();
        out.put("StoreID", window.key());
        out.put("window_start", window.window().start());
        out.put("window_end", window.window().end());
        out.put("Sales", totals.sales());
        out.put("Invoices", totals.invoices());
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses an invoice once: its value becomes its total, its timestamp its creation time. */
    private static final class SaleAtCreatedTime
            implements FixedKeyProcessor<String, byte[], Double> {
        private FixedKeyProcessorContext<String, Double> context;

        @Override
        public void init(FixedKeyProcessorContext<String, Double> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            JsonNode invoice;
            try {
                invoice = JSON.readTree(record.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            context.forward(
                    record.withValue(invoice.path("TotalValue").asDouble())
                            .withTimestamp(invoice.path("CreatedTime").asLong()));
        }
    }
}
