package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
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
                            .sorted()
                            .toList();
        }

        List<String> names = files.stream().map(f -> PipelineFile.compile(f).name()).toList();

        assertThat(names).contains("avro-to-json", "invoice-notifications", "json-to-avro");
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
                                + " TotalValue * 0.2");
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

    private static List<String> fieldNames(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }
}
