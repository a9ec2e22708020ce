package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.RowOperator;
import io.sluice.processor.plan.ErrorHandling;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.SourcePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipeline files that compile: the plans they give and the rows their operators emit. */
class PipelineFileTest {
    /** The first six sample invoices; the first, second and sixth are PRIME. */
    private static final List<String> INVOICES =
            List.of(
                    "{\"InvoiceNumber\": \"91372973\", \"CreatedTime\": 1595688903576, \"StoreID\": \"STR8505\", \"PosID\": \"POS120\", \"CustomerType\": \"PRIME\", \"CustomerCardNo\": \"6847933272\", \"PaymentMethod\": \"CARD\", \"DeliveryType\": \"HOME-DELIVERY\", \"City\": \"Surat\", \"State\": \"Gujarat\", \"PinCode\": \"395003\", \"ItemCode\": \"258\", \"ItemDescription\": \"Closet Organizer\", \"ItemPrice\": 1129.0, \"ItemQty\": 3, \"TotalValue\": 3387.0}",
                    "{\"InvoiceNumber\": \"91372974\", \"CreatedTime\": 1595688906213, \"StoreID\": \"STR8502\", \"PosID\": \"POS160\", \"CustomerType\": \"PRIME\", \"CustomerCardNo\": \"5633428836\", \"PaymentMethod\": \"CARD\", \"DeliveryType\": \"HOME-DELIVERY\", \"City\": \"Surat\", \"State\": \"Gujarat\", \"PinCode\": \"395003\", \"ItemCode\": \"290\", \"ItemDescription\": \"Bath Towel\", \"ItemPrice\": 499.0, \"ItemQty\": 1, \"TotalValue\": 499.0}",
                    "{\"InvoiceNumber\": \"91372975\", \"CreatedTime\": 1595688907357, \"StoreID\": \"STR8520\", \"PosID\": \"POS155\", \"CustomerType\": \"NONPRIME\", \"CustomerCardNo\": null, \"PaymentMethod\": \"CARD\", \"DeliveryType\": \"HOME-DELIVERY\", \"City\": \"Surat\", \"State\": \"Gujarat\", \"PinCode\": \"395003\", \"ItemCode\": \"413\", \"ItemDescription\": \"Slipcover\", \"ItemPrice\": 1896.0, \"ItemQty\": 3, \"TotalValue\": 5688.0}",
                    "{\"InvoiceNumber\": \"91372976\", \"CreatedTime\": 1595688908357, \"StoreID\": \"STR8519\", \"PosID\": \"POS147\", \"CustomerType\": \"NONPRIME\", \"CustomerCardNo\": null, \"PaymentMethod\": \"CASH\", \"DeliveryType\": \"TAKEAWAY\", \"City\": \"Mysuru\", \"State\": \"Karnataka\", \"PinCode\": \"570001\", \"ItemCode\": \"566\", \"ItemDescription\": \"Mug\", \"ItemPrice\": 345.0, \"ItemQty\": 3, \"TotalValue\": 1035.0}",
                    "{\"InvoiceNumber\": \"91372977\", \"CreatedTime\": 1595688910335, \"StoreID\": \"STR8507\", \"PosID\": \"POS176\", \"CustomerType\": \"NONPRIME\", \"CustomerCardNo\": null, \"PaymentMethod\": \"CARD\", \"DeliveryType\": \"TAKEAWAY\", \"City\": \"Nagpur\", \"State\": \"Maharashtra\", \"PinCode\": \"440001\", \"ItemCode\": \"221\", \"ItemDescription\": \"Table Lamp\", \"ItemPrice\": 2450.0, \"ItemQty\": 3, \"TotalValue\": 7350.0}",
                    "{\"InvoiceNumber\": \"91372978\", \"CreatedTime\": 1595688913443, \"StoreID\": \"STR8515\", \"PosID\": \"POS175\", \"CustomerType\": \"PRIME\", \"CustomerCardNo\": \"8478237848\", \"PaymentMethod\": \"CARD\", \"DeliveryType\": \"TAKEAWAY\", \"City\": \"Indore\", \"State\": \"Madhya Pradesh\", \"PinCode\": \"452001\", \"ItemCode\": \"377\", \"ItemDescription\": \"Pillow\", \"ItemPrice\": 799.0, \"ItemQty\": 4, \"TotalValue\": 3196.0}");

    private static final String NOTIFICATIONS =
            """
            name: invoice-notifications
            source:
              topic: invoices
              format: json
              schema: schemas/invoice.avsc
            steps:
              - where: "CustomerType = 'PRIME'"
              - select:
                  CustomerCardNo: CustomerCardNo
                  TotalAmount: TotalValue
                  EarnedLoyaltyPoints: "TotalValue * 0.2"
            sink:
              topic: notifications
              format: json
              key: CustomerCardNo
            """;

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldEmitLoyaltyPointsOfPrimeInvoicesWhenRunningTheNotificationsPipeline() {
        PipelinePlan plan = fixture.load(NOTIFICATIONS).plan();
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();
        RowEncoder encoder = sink.encoders().get();

        List<GenericRecord> rows = run(plan, INVOICES);

        assertThat(rows)
                .extracting(row -> sink.key().apply(row))
                .containsExactly("6847933272", "5633428836", "8478237848");
        assertThat(rows)
                .extracting(row -> new String(encoder.encode(row), StandardCharsets.UTF_8))
                .containsExactly(
                        "{\"CustomerCardNo\":\"6847933272\",\"TotalAmount\":3387.0,\"EarnedLoyaltyPoints\":"
                                + 3387.0 * 0.2
                                + "}",
                        "{\"CustomerCardNo\":\"5633428836\",\"TotalAmount\":499.0,\"EarnedLoyaltyPoints\":"
                                + 499.0 * 0.2
                                + "}",
                        "{\"CustomerCardNo\":\"8478237848\",\"TotalAmount\":3196.0,\"EarnedLoyaltyPoints\":"
                                + 3196.0 * 0.2
                                + "}");
    }

    @Test
    void shouldDeriveTheSinkSchemaFromTheLastStepWhenTheSinkNamesNone() {
        PipelinePlan plan = fixture.load(NOTIFICATIONS).plan();

        Schema written = ((SinkPlan.Kafka) plan.sink()).schema();

        assertThat(written.getFullName()).isEqualTo("invoice_notifications");
        assertThat(TypeNames.fields(written))
                .isEqualTo(
                        "CustomerCardNo nullable string, TotalAmount double, EarnedLoyaltyPoints"
                                + " double");
        assertThat(written).isSameAs(plan.operators().get(1).outputSchema());
    }

    @Test
    void shouldApplyDefaultsWhenOptionalKeysAreOmitted() {
        CompiledPipeline compiled = fixture.load(NOTIFICATIONS);
        PipelinePlan plan = compiled.plan();
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();

        assertThat(plan.source().topics()).containsExactly("invoices");
        assertThat(plan.source().startingOffsets()).isEqualTo(SourcePlan.StartingOffsets.EARLIEST);
        assertThat(plan.trigger()).isEqualTo(new Trigger.AsFastAsPossible());
        assertThat(plan.errors()).isEqualTo(ErrorHandling.defaults());
        assertThat(plan.deadLetterTopic()).isEqualTo("invoice-notifications-dlq");
        assertThat(plan.maxRecordsPerBatch()).isEqualTo(PipelinePlan.DEFAULT_MAX_RECORDS_PER_BATCH);
        assertThat(sink.passHeaders()).isTrue();
        assertThat(sink.headers()).isEmpty();
        assertThat(sink.createTopic()).isTrue();
        assertThat(compiled.outputMode()).isEqualTo(OutputMode.APPEND);
        assertThat(compiled.timestampField()).isEmpty();
        assertThat(compiled.watermark()).isEmpty();
    }

    @Test
    void shouldReadEverySettingWhenAllKeysAreGiven() {
        String yaml =
                """
                name: all.settings_v1
                output: append
                source:
                  topics: [invoices-a, invoices-b]
                  format: json
                  schema: schemas/invoice.avsc
                  options: {strict: true, timeZone: Europe/Paris}
                  startingOffsets: latest
                  timestamp: CreatedTime
                  watermark: PT90S
                trigger: {interval: 500ms}
                maxRecordsPerBatch: 2_000
                errors: {policy: dead-letter, topic: bad-invoices}
                sink:
                  type: kafka
                  topic: copies
                  format: avro
                  key: StoreID
                  headers: {pass: false, set: {origin: sluice, version: 1}}
                  createTopic: false
                """;

        CompiledPipeline compiled = fixture.load(yaml);
        PipelinePlan plan = compiled.plan();
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();

        assertThat(plan.name()).isEqualTo("all.settings_v1");
        assertThat(plan.source().topics()).containsExactly("invoices-a", "invoices-b");
        assertThat(plan.source().startingOffsets()).isEqualTo(SourcePlan.StartingOffsets.LATEST);
        assertThat(compiled.timestampField()).contains("CreatedTime");
        assertThat(compiled.watermark()).contains(Duration.ofSeconds(90));
        assertThat(plan.trigger()).isEqualTo(new Trigger.Interval(Duration.ofMillis(500)));
        assertThat(plan.maxRecordsPerBatch()).isEqualTo(2000);
        assertThat(plan.deadLetterTopic()).isEqualTo("bad-invoices");
        assertThat(sink.topic()).isEqualTo("copies");
        assertThat(sink.format()).isEqualTo("avro");
        assertThat(sink.schema()).isEqualTo(plan.source().schema());
        assertThat(sink.passHeaders()).isFalse();
        assertThat(sink.headers()).isEqualTo(Map.of("origin", "sluice", "version", "1"));
        assertThat(sink.createTopic()).isFalse();
        assertThat(plan.operators()).isEmpty();
    }

    @Test
    void shouldStopAfterAvailableInputWhenTheTriggerSaysAvailableNow() {
        String yaml =
                """
                name: drain
                source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
                trigger: {availableNow: true}
                errors: {policy: skip}
                sink: {type: console, maxRows: 5}
                """;

        PipelinePlan plan = fixture.load(yaml).plan();

        assertThat(plan.trigger()).isEqualTo(new Trigger.AvailableNow());
        assertThat(plan.errors().policy()).isEqualTo(ErrorHandling.ErrorPolicy.SKIP);
        assertThat(plan.sink()).isEqualTo(new SinkPlan.Console(5));
    }

    @Test
    void shouldConvertRowsToTheSinkSchemaWhenItDiffersFromTheSteps() {
        fixture.write(
                "schemas/points.avsc",
                """
                {"type": "record", "name": "Points", "namespace": "out", "fields": [
                  {"name": "TotalAmount", "type": "double"},
                  {"name": "CustomerCardNo", "type": ["null", "string"]},
                  {"name": "Channel", "type": "string", "default": "pos"}]}
                """);
        String yaml =
                NOTIFICATIONS.replace("  key: CustomerCardNo\n", "  schema: schemas/points.avsc\n");
        PipelinePlan plan = fixture.load(yaml).plan();

        List<GenericRecord> rows = run(plan, INVOICES.subList(0, 1));

        assertThat(plan.operators()).hasSize(3);
        assertThat(plan.operators().get(2).outputSchema().getFullName()).isEqualTo("out.Points");
        assertThat(rows)
                .extracting(Object::toString)
                .containsExactly(
                        "{\"TotalAmount\": 3387.0, \"CustomerCardNo\": \"6847933272\", \"Channel\":"
                                + " \"pos\"}");
    }

    @Test
    void shouldExplodeAddAndDropColumnsWhenThoseStepsAreChained() {
        String yaml =
                """
                name: order-lines
                source: {topic: orders, format: json, schema: schemas/order.avsc}
                steps:
                  - explode: {column: Items, as: Item}
                  - withColumn: {name: Code, expr: Item}
                  - drop: Item
                  - select: [OrderId]
                sink: {type: console}
                """;
        PipelinePlan plan = fixture.load(yaml).plan();

        List<GenericRecord> rows =
                run(
                        plan,
                        List.of(
                                "{\"OrderId\": \"o1\", \"Items\": [{\"Code\": \"a\", \"Qty\": 1},"
                                        + " {\"Code\": \"b\", \"Qty\": 2}]}",
                                "{\"OrderId\": \"o2\", \"Items\": []}"));

        assertThat(plan.operators())
                .extracting(RowOperator::toString)
                .containsExactly(
                        "explode Items as Item",
                        "withColumn Code = Item",
                        "drop Item",
                        "select OrderId");
        assertThat(plan.operators())
                .extracting(o -> TypeNames.fields(o.outputSchema()))
                .containsExactly(
                        "OrderId string, Item record Item",
                        "OrderId string, Item record Item, Code record Item",
                        "OrderId string, Code record Item",
                        "OrderId string");
        assertThat(rows)
                .extracting(Object::toString)
                .containsExactly("{\"OrderId\": \"o1\"}", "{\"OrderId\": \"o1\"}");
    }

    @Test
    void shouldPassBlankOptionValuesToTheFormatWhenTheyAreQuoted() {
        String yaml =
                """
                name: csv-in
                source:
                  topic: invoices
                  format: csv
                  schema: schemas/invoice.avsc
                  options: {delimiter: ";", nullValue: "", header: false}
                sink: {type: console}
                """;

        PipelinePlan plan = fixture.load(yaml).plan();

        assertThat(plan.source().format()).isEqualTo("csv");
    }

    /** Decodes each JSON text with the plan's decoder and runs the operators over the row. */
    private static List<GenericRecord> run(PipelinePlan plan, List<String> inputs) {
        RowDecoder decoder = plan.source().decoders().get();
        List<GenericRecord> out = new ArrayList<>();
        for (String input : inputs) {
            DecodeResult result = decoder.decode(input.getBytes(StandardCharsets.UTF_8));
            assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
            List<GenericRecord> rows = List.of(((DecodeResult.Decoded) result).row());
            for (RowOperator operator : plan.operators()) {
                List<GenericRecord> next = new ArrayList<>();
                for (GenericRecord row : rows) {
                    operator.process(row, next::add);
                }
                rows = next;
            }
            out.addAll(rows);
        }
        return out;
    }
}
