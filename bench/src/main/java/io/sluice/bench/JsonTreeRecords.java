package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A Jackson tree copied into a {@code GenericRecord} field by field, the way a user of Kafka
 * Streams writes it: the baseline both the codec benchmark and the Kafka Streams workloads use.
 * Flat record schemas only (primitive fields and nullable primitives).
 */
public final class JsonTreeRecords {
    private JsonTreeRecords() {}

    /** The record of {@code schema} holding the fields of the JSON object {@code tree}. */
    public static GenericRecord toRecord(JsonNode tree, Schema schema) {
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), value(field.schema(), tree.get(field.name())));
        }
        return record;
    }

    private static Object value(Schema schema, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        switch (schema.getType()) {
            case UNION:
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return value(branch, node);
                    }
                }
                return null;
            case STRING:
                return node.asText();
            case LONG:
                return node.asLong();
            case INT:
                return node.asInt();
            case DOUBLE:
                return node.asDouble();
            case FLOAT:
                return (float) node.asDouble();
            case BOOLEAN:
                return node.asBoolean();
            default:
                throw new IllegalArgumentException(
                        "unsupported field type " + schema.getType() + " in a flat record schema");
        }
    }
}
