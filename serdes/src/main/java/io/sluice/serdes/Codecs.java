package io.sluice.serdes;

import io.sluice.serdes.avro.AvroFormat;
import io.sluice.serdes.avro.SchemaStore;
import io.sluice.serdes.csv.CsvFormat;
import io.sluice.serdes.json.JsonFormat;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Codecs builds the decoder and encoder of a format for a row schema.
 *
 * <p>Building compiles the schema (field positions, type rules), so build once per task and reuse:
 * decoders and encoders are for one thread at a time.
 */
public final class Codecs {

    private Codecs() {}

    /**
     * A decoder of records in {@code format} into rows of {@code rowSchema}.
     *
     * @throws IllegalArgumentException when the schema is not a record, or the format cannot hold
     *     it
     */
    public static RowDecoder decoder(FormatSpec format, Schema rowSchema) {
        if (format instanceof FormatSpec.Json json) {
            return JsonFormat.decoder(rowSchema, json.options());
        }
        if (format instanceof FormatSpec.Csv csv) {
            return CsvFormat.decoder(rowSchema, csv.options());
        }
        if (format instanceof FormatSpec.Avro avro) {
            return AvroFormat.decoder(rowSchema, avro.writerSchema().orElse(rowSchema));
        }
        if (format instanceof FormatSpec.AvroSingleObject single) {
            SchemaStore store = single.store();
            SchemaStore withRow =
                    fingerprint ->
                            store.findByFingerprint(fingerprint)
                                    .or(
                                            () ->
                                                    SchemaStore.of(List.of(rowSchema))
                                                            .findByFingerprint(fingerprint));
            return AvroFormat.singleObjectDecoder(rowSchema, withRow);
        }
        FormatSpec.AvroConfluent confluent = (FormatSpec.AvroConfluent) format;
        return AvroFormat.confluentDecoder(rowSchema, confluent.directory());
    }

    /**
     * An encoder of rows of {@code rowSchema} into records in {@code format}.
     *
     * @throws IllegalArgumentException when the schema is not a record, or the format cannot hold
     *     it
     */
    public static RowEncoder encoder(FormatSpec format, Schema rowSchema) {
        if (format instanceof FormatSpec.Json json) {
            return JsonFormat.encoder(rowSchema, json.options());
        }
        if (format instanceof FormatSpec.Csv csv) {
            return CsvFormat.encoder(rowSchema, csv.options());
        }
        if (format instanceof FormatSpec.Avro avro) {
            return AvroFormat.encoder(avro.writerSchema().orElse(rowSchema));
        }
        if (format instanceof FormatSpec.AvroSingleObject) {
            return AvroFormat.singleObjectEncoder(rowSchema);
        }
        FormatSpec.AvroConfluent confluent = (FormatSpec.AvroConfluent) format;
        return confluent.schemaId().isPresent()
                ? AvroFormat.confluentEncoder(
                        confluent.directory(), confluent.schemaId().getAsInt())
                : AvroFormat.confluentEncoder(confluent.directory(), rowSchema);
    }
}
