package io.sluice.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject in a schema registry.
 *
 * @param subject the subject it is registered under
 * @param version its version within the subject, from 1
 * @param id its registry-wide id, the one the Confluent wire format carries
 * @param schema the schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
