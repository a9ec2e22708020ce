package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.processor.TestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory holding a pipeline file and the schemas it names: {@code schemas/invoice.avsc} (the
 * sample invoices) and {@code schemas/order.avsc} (orders with an array of items).
 */
final class PipelineFixture {
    /** The sample invoices' schema, shared with the expression tests. */
    static final String INVOICE_SCHEMA = TestResources.text("schemas/invoice.avsc");

    static final String ORDER_SCHEMA =
            """
            {"type": "record", "name": "Order", "fields": [
              {"name": "OrderId", "type": "string"},
              {"name": "Items", "type": {"type": "array", "items": {"type": "record",
                "name": "Item", "fields": [
                  {"name": "Code", "type": "string"}, {"name": "Qty", "type": "int"}]}}}
            ]}
            """;

    /** The columns of the invoice schema, as error messages list them. */
    static final String INVOICE_COLUMNS =
            "InvoiceNumber, CreatedTime, StoreID, PosID, CustomerType, CustomerCardNo,"
                    + " PaymentMethod, DeliveryType, City, State, PinCode, ItemCode,"
                    + " ItemDescription, ItemPrice, ItemQty, TotalValue";

    private final Path directory;

    PipelineFixture(Path directory) {
        this.directory = directory;
        write("schemas/invoice.avsc", INVOICE_SCHEMA);
        write("schemas/order.avsc", ORDER_SCHEMA);
    }

    /** Writes a file under the directory and returns its path. */
    Path write(String relative, String text) {
        Path file = directory.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes {@code pipeline.yaml} and returns its path. */
    Path pipeline(String yaml) {
        return write("pipeline.yaml", yaml);
    }

    /** Compiles {@code yaml} as {@code pipeline.yaml}. */
    CompiledPipeline load(String yaml) {
        return PipelineFile.load(pipeline(yaml));
    }

    /** The error compiling {@code yaml} raises; fails the test when it compiles. */
    PipelineFileException failure(String yaml) {
        Path file = pipeline(yaml);
        PipelineFileException e =
                catchThrowableOfType(PipelineFileException.class, () -> PipelineFile.load(file));
        if (e == null) {
            throw new AssertionError("expected the pipeline file to be rejected:\n" + yaml);
        }
        return e;
    }

    /** The message of an error at {@code lineColumnAndRest}, such as {@code "3:3: source: ..."}. */
    String at(String lineColumnAndRest) {
        return directory.resolve("pipeline.yaml") + ":" + lineColumnAndRest;
    }
}
