package io.sluice.serdes.avro;

import io.sluice.serdes.SchemaSourceUnavailableException;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A schema id lookup finds the writer schema behind a schema id of the Confluent wire format: a
 * directory of schema files, or a schema registry.
 *
 * <p>Implementations are called per record whose id the decoder has not met yet, so they cache.
 */
@FunctionalInterface
public interface SchemaIdLookup {

    /**
     * The schema with this id, or empty when the source knows that no schema has it.
     *
     * @throws SchemaSourceUnavailableException when the source cannot answer now (a registry that
     *     does not respond): the record is not bad, and should be decoded again later
     */
    Optional<Schema> schema(int id);
}
