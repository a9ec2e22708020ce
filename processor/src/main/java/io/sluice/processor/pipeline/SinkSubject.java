package io.sluice.processor.pipeline;

import java.util.Objects;
import java.util.OptionalInt;
import org.apache.avro.Schema;

/**
 * Where a sink with a schema registry writes its schema: the subject, the schema and its id there.
 *
 * @param subject the subject the sink schema is registered under
 * @param schema the sink schema
 * @param id its id in the registry; empty when compiling registered nothing and the schema is not
 *     registered yet ({@code validate} of a sink with {@code register: auto})
 */
public record SinkSubject(String subject, Schema schema, OptionalInt id) {

    public SinkSubject {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(id, "id");
    }

    /** For plans: {@code subject invoices-avro-value, id 7}. */
    String describe() {
        return "subject "
                + subject
                + (id.isPresent() ? ", id " + id.getAsInt() : ", registered at start");
    }
}
