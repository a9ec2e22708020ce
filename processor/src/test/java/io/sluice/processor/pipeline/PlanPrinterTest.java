package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanPrinterTest {

    @TempDir Path directory;

    @Test
    void shouldPrintSourceStepsWithSchemasAndSinkWhenDescribingAPlan() {
        PipelineFixture fixture = new PipelineFixture(directory);
        String yaml =
                """
                name: points
                source:
                  topic: invoices
                  format: json
                  schema: schemas/invoice.avsc
                  timestamp: CreatedTime
                  watermark: 30m
                trigger: {interval: 1s}
                steps:
                  - where: "CustomerType = 'PRIME'"
                  - select:
                      CustomerCardNo: CustomerCardNo
                      Points: "TotalValue * 0.2"
                sink:
                  topic: notifications
                  format: json
                  key: CustomerCardNo
                  headers: {set: {origin: sluice}}
                """;
        CompiledPipeline compiled = fixture.load(yaml);

        String text = compiled.describe();

        assertThat(text)
                .isEqualTo(
                        """
                        pipeline points (%s)
                        source
                          topics: invoices
                          format: json
                          starting offsets: earliest
                          schema: test.Invoice
                            InvoiceNumber string
                            CreatedTime timestamp-millis
                            StoreID string
                            PosID string
                            CustomerType string
                            CustomerCardNo nullable string
                            PaymentMethod string
                            DeliveryType string
                            City string
                            State string
                            PinCode string
                            ItemCode string
                            ItemDescription string
                            ItemPrice double
                            ItemQty int
                            TotalValue double
                          event time: CreatedTime, watermark 30m
                        steps
                          1. where CustomerType = 'PRIME'
                             -> test.Invoice {%s}
                          2. select CustomerCardNo, Points = TotalValue * 0.2
                             -> points {CustomerCardNo nullable string, Points double}
                        sink
                          topic: notifications (created if missing)
                          format: json
                          schema: points {CustomerCardNo nullable string, Points double}
                          key: CustomerCardNo
                          headers: input headers passed, set origin=sluice
                        trigger: every 1s
                        output mode: append
                        max records per batch: 100000
                        errors: dead-letter to topic points-dlq
                        """
                                .formatted(
                                        directory.resolve("pipeline.yaml"),
                                        TypeNames.fields(compiled.plan().source().schema())));
    }

    @Test
    void shouldPrintTheAggregationStepAndItsRowsWhenThePipelineAggregates() {
        PipelineFixture fixture = new PipelineFixture(directory);
        String yaml =
                """
                name: store-sales
                source:
                  topic: invoices
                  format: json
                  schema: schemas/invoice.avsc
                  timestamp: CreatedTime
                  watermark: 30m
                steps:
                  - where: "CustomerType = 'PRIME'"
                  - window: {type: sliding, size: 10m, slide: 5m}
                    groupBy: [StoreID]
                    aggregate:
                      Sales: "sum(TotalValue)"
                      Invoices: "count(*)"
                  - select: [StoreID, window_end, Sales]
                sink: {topic: store-sales, format: json}
                """;
        CompiledPipeline compiled = fixture.load(yaml);

        String text = compiled.describe();

        assertThat(text)
                .contains(
                        """
                        steps
                          1. where CustomerType = 'PRIME'
                             -> test.Invoice {%s}
                          2. windowed aggregation
                               window: sliding 10m every 5m
                               group by: StoreID
                               aggregates: Sales = sum(TotalValue), Invoices = count(*)
                               watermark: 30m, idle timeout 1m
                               output mode: append (each window's row once, when the watermark passes its end)
                             -> store_sales {StoreID string, window_start timestamp-millis, window_end timestamp-millis, Sales nullable double, Invoices long}
                          3. select StoreID, window_end, Sales
                             -> store_sales {StoreID string, window_end timestamp-millis, Sales nullable double}
                        sink
                          topic: store-sales (created if missing)
                          format: json
                          schema: store_sales {StoreID string, window_end timestamp-millis, Sales nullable double}
                          key: none (aggregated rows have no input record)
                          headers: no input headers (aggregated rows have no input record)
                        """
                                .formatted(TypeNames.fields(compiled.plan().source().schema())))
                .contains("output mode: append\n");
    }

    @Test
    void shouldSayThereIsNoWatermarkWhenAnAggregationHasNone() {
        PipelineFixture fixture = new PipelineFixture(directory);
        String yaml =
                """
                name: sessions
                source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
                steps:
                  - window: {type: session, gap: 5m}
                    groupBy: [CustomerCardNo, {Town: "upper(City)"}]
                    aggregate: {Invoices: "count(*)"}
                sink: {type: console}
                """;

        String text = fixture.load(yaml).describe();

        assertThat(text)
                .contains(
                        """
                          1. windowed aggregation
                               window: session, gap 5m
                               group by: CustomerCardNo, Town = upper(City)
                               aggregates: Invoices = count(*)
                               watermark: none (nothing is late, no window is ever dropped)
                               output mode: update (the rows of the windows that changed, each batch)
                        """)
                .contains("output mode: update\n");
    }

    @Test
    void shouldPrintAnAggregationWithoutWindowAsOneRowPerGroup() {
        PipelineFixture fixture = new PipelineFixture(directory);
        String yaml =
                """
                name: totals
                source:
                  topic: invoices
                  format: json
                  schema: schemas/invoice.avsc
                  timestamp: CreatedTime
                  watermark: 10m
                steps:
                  - groupBy: [StoreID]
                    aggregate: {Invoices: "count(*)"}
                sink: {type: console}
                """;

        String text = fixture.load(yaml).describe();

        assertThat(text)
                .contains(
                        """
                          1. aggregation
                               window: none (one row per group, kept for ever)
                               group by: StoreID
                               aggregates: Invoices = count(*)
                               watermark: not used (no window to close: nothing is late or dropped)
                               output mode: update (the rows of the groups that changed, each batch)
                             -> totals {StoreID string, Invoices long}
                        """)
                .contains("output mode: update\n");
    }

    @Test
    void shouldPrintWhenTheWatermarkClosesAGroupWhenItGroupsByTheWatermarkedColumn() {
        PipelineFixture fixture = new PipelineFixture(directory);
        String yaml =
                """
                name: per-time
                source:
                  topic: invoices
                  format: json
                  schema: schemas/invoice.avsc
                  timestamp: CreatedTime
                  watermark: 10m
                steps:
                  - groupBy: [CreatedTime, StoreID]
                    aggregate: {Invoices: "count(*)"}
                output: append
                sink: {type: console}
                """;

        String text = fixture.load(yaml).describe();

        assertThat(text)
                .contains(
                        """
                          1. aggregation
                               window: none (one row per group, kept until the watermark reaches its CreatedTime)
                               group by: CreatedTime, StoreID
                               aggregates: Invoices = count(*)
                               watermark: 10m; closes a group once it reaches the group's CreatedTime
                               output mode: append (each group's row once, when the watermark reaches its CreatedTime)
                        """);
    }

    @Test
    void shouldPrintWhatAJoinMatchesAndAddsWhenAStepJoinsAFile() {
        PipelineFixture fixture = new PipelineFixture(directory);
        fixture.write(
                "schemas/store.avsc",
                """
                {"type": "record", "name": "Store", "fields": [
                  {"name": "Code", "type": "string"},
                  {"name": "StoreName", "type": "string"},
                  {"name": "Floors", "type": "int"}
                ]}
                """);
        fixture.write("stores.csv", "Code,StoreName,Floors\nSTR7,Seven,2\n");
        String yaml =
                """
                name: stores
                source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
                steps:
                  - select: [InvoiceNumber, StoreID]
                  - join:
                      file: {path: stores.csv, format: csv, schema: schemas/store.avsc,
                             options: {header: "true"}, key: Code}
                      on: StoreID
                      type: left
                      columns: [Floors, StoreName]
                sink: {type: console}
                """;

        String text = fixture.load(yaml).describe();

        assertThat(text)
                .contains(
                        """
                          2. left join file stores.csv (1 row) on StoreID
                               match: StoreID as text = file column Code
                               adds: Floors, StoreName (null when no row matches)
                             -> stores {InvoiceNumber string, StoreID string, Floors nullable int, StoreName nullable string}
                        sink
                        """);
    }

    @Test
    void shouldPrintTheEventTimeColumnWhenAJoinReadsVersionsOfATable() {
        PipelineFixture fixture = new PipelineFixture(directory);
        fixture.write(
                "schemas/customer.avsc",
                """
                {"type": "record", "name": "Customer", "fields": [
                  {"name": "CustomerCardNo", "type": "string"},
                  {"name": "Email", "type": "string"}
                ]}
                """);
        String yaml =
                """
                name: emails
                source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
                steps:
                  - select: [InvoiceNumber, CreatedTime, CustomerCardNo]
                  - join:
                      table:
                        topic: customers
                        format: json
                        schema: schemas/customer.avsc
                        history: 7d
                      on: CustomerCardNo
                      at: CreatedTime
                sink: {type: console}
                """;

        String text = fixture.load(yaml).describe();

        assertThat(text)
                .contains(
                        """
                          2. inner join table customers (json, read to its end before the first batch, versions kept 7d) on CustomerCardNo
                               match: CustomerCardNo as text = the record key
                               adds: Email (rows without a match are dropped)
                               at: CreatedTime (the version in effect at each row's time)
                             -> emails {InvoiceNumber string, CreatedTime timestamp-millis, CustomerCardNo nullable string, Email string}
                        sink
                        """);
    }

    @Test
    void shouldPrintTheStreamStateAndRowsWithoutAMatchWhenAStepJoinsAStream() {
        PipelineFixture fixture = new PipelineFixture(directory);
        fixture.write(
                "schemas/click.avsc",
                """
                {"type": "record", "name": "Click", "fields": [
                  {"name": "ClickId", "type": "string"},
                  {"name": "Card", "type": "string"},
                  {"name": "ClickedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}
                ]}
                """);
        String yaml =
                """
                name: clicks
                source:
                  topic: invoices
                  format: json
                  schema: schemas/invoice.avsc
                  timestamp: CreatedTime
                  watermark: 10m
                steps:
                  - select: [InvoiceNumber, CreatedTime, CustomerCardNo]
                  - join:
                      stream: {topic: clicks, format: json, schema: schemas/click.avsc,
                               timestamp: ClickedAt, watermark: 20m}
                      on: {left: CustomerCardNo, right: Card}
                      type: left
                      between: [-5m, 1h]
                      columns: [ClickId]
                  - select: [InvoiceNumber, ClickId]
                sink: {type: console}
                """;

        String text = fixture.load(yaml).describe();

        assertThat(text)
                .contains(
                        """
                        steps
                          1. select InvoiceNumber, CreatedTime, CustomerCardNo
                             -> clicks {InvoiceNumber string, CreatedTime timestamp-millis, CustomerCardNo nullable string}
                          2. left join of stream clicks on CustomerCardNo = Card, with the right time between the left time - 5m and + 1h
                               stream: clicks, json, schema Click {ClickId string, Card string, ClickedAt timestamp-millis}
                               stream event time: ClickedAt, watermark 20m
                               state: each row of either side, until the watermark (the lower of the two sides') passes its last chance to meet a row
                               without a match: left rows come out with null right columns once the watermark passes their last chance
                             -> clicks {InvoiceNumber string, CreatedTime timestamp-millis, CustomerCardNo nullable string, ClickId nullable string}
                          3. select InvoiceNumber, ClickId
                             -> clicks {InvoiceNumber string, ClickId nullable string}
                        sink
                        """);
    }

    @Test
    void shouldSayTheStateGrowsWhenAStreamJoinHasNoTimeCondition() {
        PipelineFixture fixture = new PipelineFixture(directory);
        String yaml =
                """
                name: pairs
                source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
                steps:
                  - join:
                      stream: {topic: returns, format: json, schema: schemas/order.avsc}
                      on: {left: InvoiceNumber, right: OrderId}
                sink: {type: console}
                """;

        String text = fixture.load(yaml).describe();

        assertThat(text)
                .contains(
                        """
                        steps
                          1. inner join of stream returns on InvoiceNumber = OrderId, at any time (the state grows without bound)
                               stream: returns, json, schema Order {OrderId string, Items array<record Item>}
                               stream event time: the Kafka record timestamp, no watermark
                               state: every row of either side, forever (no time condition)
                               without a match: dropped
                        """);
    }
}
