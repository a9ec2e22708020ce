package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InferSchemaCommandTest {
    private static final Path INVOICES = Path.of("..", "topologies", "data", "invoices.jsonl");

    @Test
    void shouldPrintAnAvroSchemaWithEveryInvoiceFieldWhenGivenTheJsonSamples() {
        StringWriter out = new StringWriter();

        int exit =
                SluiceMain.commandLine()
                        .setOut(new PrintWriter(out))
                        .execute(
                                "infer-schema",
                                "--format",
                                "json",
                                "--name",
                                "Invoice",
                                INVOICES.toString());

        assertThat(exit).isZero();
        Schema schema = new Schema.Parser().parse(out.toString());
        assertThat(schema.getName()).isEqualTo("Invoice");
        assertThat(schema.getFields())
                .extracting(Schema.Field::name)
                .containsExactly(
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
        assertThat(schema.getField("CustomerCardNo").schema().isNullable()).isTrue();
        assertThat(schema.getField("ItemQty").schema().getType())
                .isIn(Schema.Type.INT, Schema.Type.LONG);
        assertThat(schema.getField("TotalValue").schema().getType()).isEqualTo(Schema.Type.DOUBLE);
    }

    @Test
    void shouldExitTwoWhenTheFormatIsUnknown() {
        StringWriter err = new StringWriter();

        int exit =
                SluiceMain.commandLine()
                        .setErr(new PrintWriter(err))
                        .execute("infer-schema", "--format", "xml", INVOICES.toString());

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString()).contains("--format");
    }
}
