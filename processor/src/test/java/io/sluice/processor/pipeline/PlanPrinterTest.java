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
}
