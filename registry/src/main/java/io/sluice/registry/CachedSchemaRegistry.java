package io.sluice.registry;

import io.sluice.serdes.avro.SchemaIdLookup;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;

/**
 * A schema registry seen through caches: the schema id lookup of the Avro decoders, and the ids of
 * the encoders' schemas.
 *
 * <p>A schema found by id is kept for good (a registry never changes the schema of an id); an id
 * the registry does not have is remembered as unknown for {@link #UNKNOWN_ID_TTL}, so records with
 * a bad id do not call the registry each. Failures to reach the registry are not cached: each call
 * during an outage asks again and throws {@link RegistryUnavailableException}. Thread-safe, for
 * several tasks decoding at once; two threads that miss the same entry at once may both ask the
 * registry.
 */
public final class CachedSchemaRegistry implements SchemaIdLookup {
    /** How long an id the registry does not have is answered as unknown without asking again. */
    public static final Duration UNKNOWN_ID_TTL = Duration.ofSeconds(60);

    private final SchemaRegistryClient client;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final UnknownIds unknownIds;
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    /** A cache over this client. */
    public CachedSchemaRegistry(SchemaRegistryClient client) {
        this(client, UNKNOWN_ID_TTL, System::nanoTime);
    }

    CachedSchemaRegistry(
            SchemaRegistryClient client, Duration unknownIdTtl, LongSupplier nanoTime) {
        this.client = Objects.requireNonNull(client, "client");
        this.unknownIds = new UnknownIds(unknownIdTtl, nanoTime);
    }

    /**
     * The schema with this id, if the registry has one.
     *
     * @throws RegistryUnavailableException when the id is not cached and the registry cannot be
     *     reached
     */
    @Override
    public Optional<Schema> schema(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (unknownIds.contains(id)) {
            return Optional.empty();
        }
        Optional<Schema> found = client.schemaById(id);
        if (found.isPresent()) {
            schemasById.putIfAbsent(id, found.get());
        } else {
            unknownIds.add(id);
        }
        return found;
    }

    /**
     * The id of a schema under a subject: registered when {@code register} is true (if the subject
     * does not have it yet), else looked up.
     *
     * @throws RegistryException when the registry refuses to register it (409, 422), or, with
     *     {@code register} false, when the subject does not have it (status 404)
     * @throws RegistryUnavailableException when the id is not cached and the registry cannot be
     *     reached
     */
    public int idOf(String subject, Schema schema, boolean register) {
        // The full JSON, not Avro's parsing canonical form: that drops defaults and docs, and two
        // schemas differing only there are two schemas to a registry.
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = register ? client.register(subject, schema) : lookUp(subject, schema);
        idsBySubjectSchema.putIfAbsent(key, id);
        return id;
    }

    /** The reachability of the registry, as the calls of this cache found it. */
    public RegistryHealth health() {
        return client.health();
    }

    /** The client this cache asks. */
    public SchemaRegistryClient client() {
        return client;
    }

    private int lookUp(String subject, Schema schema) {
        return client.lookup(subject, schema)
                .map(RegisteredSchema::id)
                .orElseThrow(
                        () ->
                                new RegistryException(
                                        404,
                                        40403,
                                        "schema not found",
                                        String.format(
                                                "schema %s is not registered under subject %s,"
                                                        + " and registering is off: register it,"
                                                        + " or let Sluice register schemas",
                                                schema.getFullName(), subject)));
    }

    private record SubjectSchema(String subject, String schemaJson) {}
}
