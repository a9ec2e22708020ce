package io.sluice.serdes.avro;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A writer resolution is the outcome of resolving a writer schema found in a record header to the
 * row schema: a reader, or the reason the writer schema cannot be read as the row schema.
 */
record WriterResolution(RowDatumReader reader, String incompatibility) {

    static WriterResolution resolve(Schema writer, Schema reader) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return new WriterResolution(null, describe(writer, reader, result));
        }
        return new WriterResolution(new RowDatumReader(writer, reader), null);
    }

    static String describe(
            Schema writer, Schema reader, SchemaCompatibility.SchemaPairCompatibility result) {
        StringBuilder b =
                new StringBuilder("writer schema ")
                        .append(writer.getFullName())
                        .append(" cannot be read as ")
                        .append(reader.getFullName());
        for (SchemaCompatibility.Incompatibility i : result.getResult().getIncompatibilities()) {
            b.append("; ")
                    .append(i.getType())
                    .append(" at ")
                    .append(i.getLocation())
                    .append(": ")
                    .append(i.getMessage());
        }
        return b.toString();
    }
}
