package io.sluice.serdes.avro;

import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import org.apache.avro.Schema;

/** The Avro format builds Avro row decoders and encoders for the three framings. */
public final class AvroFormat {

    private AvroFormat() {}

    /**
     * A decoder of plain Avro binary written with {@code writerSchema}, resolved to rows of {@code
     * rowSchema} by Avro's schema resolution.
     *
     * @throws IllegalArgumentException when the writer schema cannot be read as the row schema
     */
    public static RowDecoder decoder(Schema rowSchema, Schema writerSchema) {
        return new AvroRowDecoders.Plain(writerSchema, rowSchema);
    }

    /**
     * An encoder of rows as plain Avro binary of {@code writerSchema}; rows of another schema are
     * written field by field by name.
     */
    public static RowEncoder encoder(Schema writerSchema) {
        return new AvroRowEncoder(writerSchema, new byte[0]);
    }

    /** A decoder of single-object encoded Avro whose writer schemas the store knows. */
    public static RowDecoder singleObjectDecoder(Schema rowSchema, SchemaStore store) {
        return new AvroRowDecoders.SingleObject(rowSchema, store);
    }

    /** An encoder of rows as single-object encoded Avro of {@code schema}. */
    public static RowEncoder singleObjectEncoder(Schema schema) {
        long fingerprint = SchemaStore.fingerprint(schema);
        byte[] header = new byte[AvroRowDecoders.SINGLE_OBJECT_HEADER];
        header[0] = (byte) 0xC3;
        header[1] = (byte) 0x01;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return new AvroRowEncoder(schema, header);
    }

    /**
     * A decoder of the Confluent wire format whose schema ids the lookup (a schema directory or a
     * registry) resolves; each id is resolved to the row schema once. When the lookup cannot
     * answer, {@code decode} throws its {@link io.sluice.serdes.SchemaSourceUnavailableException}.
     */
    public static RowDecoder confluentDecoder(Schema rowSchema, SchemaIdLookup ids) {
        return new AvroRowDecoders.Confluent(rowSchema, ids);
    }

    /**
     * An encoder of rows in the Confluent wire format under the given id; the bytes are Avro of the
     * schema the directory holds for that id.
     *
     * @throws IllegalArgumentException when the directory has no schema with that id
     */
    public static RowEncoder confluentEncoder(ConfluentSchemaDirectory directory, int schemaId) {
        Schema schema =
                directory
                        .schema(schemaId)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "the schema directory has no schema id "
                                                        + schemaId));
        return confluentEncoder(schema, schemaId);
    }

    /**
     * An encoder of rows in the Confluent wire format: Avro of {@code schema}, under {@code
     * schemaId} (the id a registry gave that schema); rows of another schema are written by field
     * name.
     */
    public static RowEncoder confluentEncoder(Schema schema, int schemaId) {
        byte[] header = {
            0,
            (byte) (schemaId >>> 24),
            (byte) (schemaId >>> 16),
            (byte) (schemaId >>> 8),
            (byte) schemaId
        };
        return new AvroRowEncoder(schema, header);
    }

    /**
     * An encoder of rows of {@code schema} in the Confluent wire format, under the directory's id
     * for that schema.
     *
     * @throws IllegalArgumentException when no schema in the directory has the same canonical form
     */
    public static RowEncoder confluentEncoder(ConfluentSchemaDirectory directory, Schema schema) {
        int id =
                directory
                        .idOf(schema)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "no schema in the schema directory matches "
                                                        + schema.getFullName()
                                                        + "; add it as <id>.avsc or name a schemaId"));
        return confluentEncoder(directory, id);
    }
}
