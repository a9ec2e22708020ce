package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.processor.window.AggregationPlan;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.WindowSpec;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The ready pipelines under {@code topologies/} compile, with the output schemas users expect. */
class ReadyTopologiesTest {
    /** The topologies directory, seen from the processor module (surefire's working directory). */
    private static final Path TOPOLOGIES = Path.of("..", "topologies");

    private static final List<String> INVOICE_FIELDS =
            List.of(
                    "InvoiceNumber",
                    "CreatedTime",
                    "StoreID",
                    "PosID",
                    "CustomerType",
                    "CustomerCardNo",
                    "PaymentMethod",
                    "DeliveryType",
                    "City",
                    "State",
                    "PinCode",
                    "ItemCode",
                    "ItemDescription",
                    "ItemPrice",
                    "ItemQty",
                    "TotalValue");

    @Test
    void shouldCompileEveryReadyPipelineWhenValidated() throws IOException {
        List<Path> files;
        try (Stream<Path> dirs = Files.list(TOPOLOGIES)) {
            files =
                    dirs.map(dir -> dir.resolve("pipeline.yaml"))
                            .filter(Files::isRegularFile)
                            // compiled against a real registry in topologies' RegistryTopologyIT
                            .filter(f -> !f.startsWith(TOPOLOGIES.resolve("json-to-avro-registry")))
                            .sorted()
                            .toList();
        }

        List<String> names = files.stream().map(f -> PipelineFile.compile(f).name()).toList();

        assertThat(names)
                .contains(
                        "avro-to-json",
                        "invoice-enriched-notifications",
                        "invoice-notifications",
                        "json-to-avro",
                        "store-sales-windows",
                        "trades-running-totals",
                        "trades-windows");
    }

    @Test
    void shouldAskForASchemaRegistryWhenJsonToAvroRegistryIsCompiledWithoutOne() {
        Path file = TOPOLOGIES.resolve("json-to-avro-registry/pipeline.yaml");

        assertThatThrownBy(() -> PipelineFile.compile(file))
                .isInstanceOf(PipelineFileException.class)
                .hasMessageContaining("sink.registry: no schema registry is configured")
                .hasMessageContaining("SLUICE_SCHEMA_REGISTRY_URL");
    }

    @Test
    void shouldWriteWholeInvoicesAsAvroKeyedByStoreWhenRunningJsonToAvro() {
        PipelinePlan plan = PipelineFile.compile(TOPOLOGIES.resolve("json-to-avro/pipeline.yaml"));
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();

        assertThat(plan.source().topics()).containsExactly("invoices");
        assertThat(plan.source().format()).isEqualTo("json");
        assertThat(sink.topic()).isEqualTo("invoices-avro");
        assertThat(sink.format()).isEqualTo("avro");
        assertThat(fieldNames(sink.schema())).isEqualTo(INVOICE_FIELDS);
        assertThat(sink.key()).hasToString("StoreID");
        assertThat(plan.operators()).isEmpty();
    }

    @Test
    void shouldReadAvroAndWriteJsonWhenRunningAvroToJson() {
        PipelinePlan plan = PipelineFile.compile(TOPOLOGIES.resolve("avro-to-json/pipeline.yaml"));
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();

        assertThat(plan.source().topics()).containsExactly("invoices-avro");
        assertThat(plan.source().format()).isEqualTo("avro");
        assertThat(sink.topic()).isEqualTo("invoices-json");
        assertThat(sink.format()).isEqualTo("json");
        assertThat(fieldNames(sink.schema())).isEqualTo(INVOICE_FIELDS);
        assertThat(sink.key()).isNull();
    }

    @Test
    void shouldLeftJoinTheCustomersTableBeforeTheSelectWhenRunningInvoiceEnrichedNotifications() {
        PipelinePlan plan =
                PipelineFile.compile(
                        TOPOLOGIES.resolve("invoice-enriched-notifications/pipeline.yaml"));
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();

        assertThat(plan.tables())
                .singleElement()
                .satisfies(
                        table -> {
                            assertThat(table.topic()).isEqualTo("customers");
                            assertThat(table.bootstrap()).isTrue();
                            assertThat(table.isVersioned()).isFalse();
                        });
        assertThat(plan.operators())
                .extracting(Object::toString)
                .element(1)
                .isEqualTo(
                        "left join table customers (json, read to its end before the first"
                                + " batch) on CustomerCardNo");
        assertThat(fieldNames(sink.schema()))
                .containsExactly(
                        "CustomerCardNo",
                        "CustomerName",
                        "EmailAddress",
                        "MobileNumber",
                        "TotalAmount",
                        "EarnedLoyaltyPoints");
        assertThat(sink.key()).hasToString("CustomerCardNo");
    }

    @Test
    void shouldEmitNotificationFieldsKeyedByCardWhenRunningInvoiceNotifications() {
        PipelinePlan plan =
                PipelineFile.compile(TOPOLOGIES.resolve("invoice-notifications/pipeline.yaml"));
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();

        assertThat(sink.topic()).isEqualTo("notifications");
        assertThat(sink.format()).isEqualTo("json");
        assertThat(fieldNames(sink.schema()))
                .containsExactly("CustomerCardNo", "TotalAmount", "EarnedLoyaltyPoints");
        assertThat(sink.schema().getFullName()).isEqualTo("invoice_notifications");
        assertThat(sink.key()).hasToString("CustomerCardNo");
        assertThat(plan.operators())
                .extracting(Object::toString)
                .containsExactly(
                        "where CustomerType = 'PRIME'",
                        "select CustomerCardNo, TotalAmount = TotalValue, EarnedLoyaltyPoints ="
                                + " round(TotalValue * 0.2, 2)");
    }

    @Test
    void shouldWriteLoyaltyPointsInCentsWhenDoubleArithmeticWouldShowARoundingError() {
        PipelinePlan plan =
                PipelineFile.compile(TOPOLOGIES.resolve("invoice-notifications/pipeline.yaml"));
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();
        String invoice =
                "{\"InvoiceNumber\": \"91373059\", \"CreatedTime\": 1595689068495, \"StoreID\":"
                        + " \"STR8508\", \"PosID\": \"POS178\", \"CustomerType\": \"PRIME\","
                        + " \"CustomerCardNo\": \"2842325997\", \"PaymentMethod\": \"CARD\","
                        + " \"DeliveryType\": \"HOME-DELIVERY\", \"City\": \"Pune\", \"State\":"
                        + " \"Maharashtra\", \"PinCode\": \"411001\", \"ItemCode\": \"458\","
                        + " \"ItemDescription\": \"Wine Rack\", \"ItemPrice\": 1199.0, \"ItemQty\": 3,"
                        + " \"TotalValue\": 3597.0}";
        DecodeResult decoded =
                plan.source().decoders().get().decode(invoice.getBytes(StandardCharsets.UTF_8));
        List<GenericRecord> rows = List.of(((DecodeResult.Decoded) decoded).row());
        for (io.sluice.processor.RowOperator operator : plan.operators()) {
            List<GenericRecord> next = new java.util.ArrayList<>();
            rows.forEach(row -> operator.process(row, next::add));
            rows = next;
        }

        String written =
                new String(sink.encoders().get().encode(rows.get(0)), StandardCharsets.UTF_8);

        assertThat(3597.0 * 0.2).hasToString("719.4000000000001");
        assertThat(written)
                .isEqualTo(
                        "{\"CustomerCardNo\":\"2842325997\",\"TotalAmount\":3597.0,"
                                + "\"EarnedLoyaltyPoints\":719.4}");
    }

    @Test
    void shouldSumSalesPerStoreIn15MinuteWindowsWhenCompilingStoreSalesWindows() {
        CompiledPipeline compiled =
                PipelineFile.load(TOPOLOGIES.resolve("store-sales-windows/pipeline.yaml"));
        PipelinePlan plan = compiled.plan();
        StatefulStage stage = plan.stateful().orElseThrow();
        AggregationPlan aggregation = stage.aggregation().orElseThrow();
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();

        assertThat(plan.operators()).isEmpty();
        assertThat(aggregation.window()).isEqualTo(new WindowSpec.Tumbling(Duration.ofMinutes(15)));
        assertThat(aggregation.groupBy()).extracting(GroupColumn::name).containsExactly("StoreID");
        assertThat(aggregation.aggregates())
                .extracting(Object::toString)
                .containsExactly("Sales = sum(TotalValue)", "Invoices = count(*)");
        assertThat(aggregation.outputMode()).isEqualTo(OutputMode.APPEND);
        assertThat(compiled.outputMode()).isEqualTo(OutputMode.APPEND);
        assertThat(stage.eventTime()).isEqualTo(new EventTime.SourceField("CreatedTime", 1));
        assertThat(stage.watermarkDelay()).contains(Duration.ofMinutes(30));
        assertThat(stage.idleTimeout()).isEqualTo(StatefulStage.DEFAULT_IDLE_TIMEOUT);
        assertThat(stage.after()).isEmpty();
        assertThat(sink.topic()).isEqualTo("store-sales");
        assertThat(sink.format()).isEqualTo("avro");
        assertThat(sink.key()).hasToString("StoreID");
        assertThat(sink.schema()).isSameAs(aggregation.outputSchema());
        assertThat(TypeNames.fields(sink.schema()))
                .isEqualTo(
                        "StoreID string, window_start timestamp-millis, window_end"
                                + " timestamp-millis, Sales nullable double, Invoices long");
    }

    @Test
    void shouldTotalBuysAndSellsIn15MinuteWindowsWhenCompilingTradesWindows() {
        CompiledPipeline compiled =
                PipelineFile.load(TOPOLOGIES.resolve("trades-windows/pipeline.yaml"));
        PipelinePlan plan = compiled.plan();
        StatefulStage stage = plan.stateful().orElseThrow();
        AggregationPlan aggregation = stage.aggregation().orElseThrow();
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();

        assertThat(plan.operators())
                .extracting(Object::toString)
                .containsExactly("where Type IN ('BUY', 'SELL')");
        assertThat(aggregation.window()).isEqualTo(new WindowSpec.Tumbling(Duration.ofMinutes(15)));
        assertThat(aggregation.groupBy()).isEmpty();
        assertThat(aggregation.outputMode()).isEqualTo(OutputMode.UPDATE);
        assertThat(stage.eventTime()).isEqualTo(new EventTime.SourceField("CreatedTime", 0));
        assertThat(stage.watermarkDelay()).contains(Duration.ofMinutes(30));
        assertThat(stage.after()).isEmpty();
        assertThat(sink.topic()).isEqualTo("trades-windows");
        assertThat(sink.format()).isEqualTo("json");
        assertThat(sink.key()).isNull();
        assertThat(fieldNames(sink.schema()))
                .containsExactly("window_start", "window_end", "TotalBuy", "TotalSell");
    }

    @Test
    void shouldGiveTheDocumentedTotalsWhenTheSampleTradesRunThroughTheTradesWindowsPlan()
            throws IOException {
        PipelinePlan plan =
                PipelineFile.compile(TOPOLOGIES.resolve("trades-windows/pipeline.yaml"));
        List<String> trades = Files.readAllLines(TOPOLOGIES.resolve("data/trades.jsonl"));

        List<String> written = ReferenceRun.oneBatch(plan, trades);

        assertThat(written)
                .containsExactly(
                        "{\"window_start\":\"2019-02-05 10:00:00\",\"window_end\":\"2019-02-05"
                                + " 10:15:00\",\"TotalBuy\":800,\"TotalSell\":0}",
                        "{\"window_start\":\"2019-02-05 10:15:00\",\"window_end\":\"2019-02-05"
                                + " 10:30:00\",\"TotalBuy\":800,\"TotalSell\":400}",
                        "{\"window_start\":\"2019-02-05 10:30:00\",\"window_end\":\"2019-02-05"
                                + " 10:45:00\",\"TotalBuy\":900,\"TotalSell\":0}",
                        "{\"window_start\":\"2019-02-05 10:45:00\",\"window_end\":\"2019-02-05"
                                + " 11:00:00\",\"TotalBuy\":0,\"TotalSell\":600}");
    }

    @Test
    void shouldEmitTheClosedWindowsOfEachStoreWhenTheSampleInvoicesRunThroughStoreSalesWindows()
            throws IOException {
        PipelinePlan plan =
                PipelineFile.compile(TOPOLOGIES.resolve("store-sales-windows/pipeline.yaml"));
        List<String> invoices = Files.readAllLines(TOPOLOGIES.resolve("data/invoices.jsonl"));
        Map<String, double[]> expected = salesPerStoreAndClosedWindow(plan, invoices);

        List<GenericRecord> rows = ReferenceRun.rows(plan, invoices);

        Map<String, double[]> actual = new TreeMap<>();
        for (GenericRecord row : rows) {
            actual.put(
                    row.get("StoreID") + "@" + row.get("window_start"),
                    new double[] {(Double) row.get("Sales"), (Long) row.get("Invoices")});
        }
        assertThat(actual).isNotEmpty();
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, double[]> entry : expected.entrySet()) {
            assertThat(actual.get(entry.getKey()))
                    .as(entry.getKey())
                    .containsExactly(entry.getValue(), within(1e-6));
        }
    }

    @Test
    void shouldShipTheSampleInvoicesWithTheTopologies() throws IOException {
        Path data = TOPOLOGIES.resolve("data/invoices.jsonl");

        long lines;
        try (Stream<String> all = Files.lines(data)) {
            lines = all.count();
        }

        assertThat(lines).isEqualTo(1000);
    }

    @Test
    void shouldShipTheSampleTradesWithTheTopologies() throws IOException {
        Path data = TOPOLOGIES.resolve("data/trades.jsonl");

        List<String> lines = Files.readAllLines(data);

        assertThat(lines).hasSize(6).allMatch(line -> line.startsWith("{\"CreatedTime\""));
    }

    private static List<String> fieldNames(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }

    /**
     * Sales and invoice counts per store and 15-minute window, computed directly, for the windows
     * that end at or before the largest event time less the 30-minute watermark delay: the windows
     * append mode emits after one batch holding every invoice.
     */
    private static Map<String, double[]> salesPerStoreAndClosedWindow(
            PipelinePlan plan, List<String> invoices) {
        RowDecoder decoder = plan.source().decoders().get();
        long windowMs = Duration.ofMinutes(15).toMillis();
        long latest = Long.MIN_VALUE;
        Map<String, double[]> all = new TreeMap<>();
        Map<String, Long> ends = new TreeMap<>();
        for (String line : invoices) {
            GenericRecord invoice =
                    ((DecodeResult.Decoded) decoder.decode(line.getBytes(StandardCharsets.UTF_8)))
                            .row();
            long time = (Long) invoice.get("CreatedTime");
            latest = Math.max(latest, time);
            long start = Math.floorDiv(time, windowMs) * windowMs;
            String key = invoice.get("StoreID") + "@" + start;
            double[] totals = all.computeIfAbsent(key, k -> new double[2]);
            totals[0] += (Double) invoice.get("TotalValue");
            totals[1] += 1;
            ends.put(key, start + windowMs);
        }
        long watermark = latest - Duration.ofMinutes(30).toMillis();
        Map<String, double[]> closed = new TreeMap<>();
        all.forEach(
                (key, totals) -> {
                    if (ends.get(key) <= watermark) {
                        closed.put(key, totals);
                    }
                });
        return closed;
    }
}
