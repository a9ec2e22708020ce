package io.sluice.registry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.serdes.JsonErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of the Confluent Schema Registry REST API, for Avro schemas; Apicurio Registry serves
 * the same API under {@code /apis/ccompat/v7}.
 *
 * <p>Answers that mean "there is no such thing" (unknown subject, version, schema or id) are empty
 * results. Other error answers throw {@link RegistryException}; a registry that cannot be reached
 * throws {@link RegistryUnavailableException}, after every URL of the settings was tried. Every
 * call reports its outcome to {@link #health()}. Thread-safe; one instance per registry is enough,
 * and it holds no resources that need closing.
 */
public final class SchemaRegistryClient {
    private static final Set<String> LEVELS =
            Set.of(
                    "NONE",
                    "BACKWARD",
                    "BACKWARD_TRANSITIVE",
                    "FORWARD",
                    "FORWARD_TRANSITIVE",
                    "FULL",
                    "FULL_TRANSITIVE");
    // Confluent's error codes, which Apicurio's ccompat API uses too.
    private static final int SUBJECT_NOT_FOUND = 40401;
    private static final int VERSION_NOT_FOUND = 40402;
    private static final int SCHEMA_NOT_FOUND = 40403;

    private final RegistrySettings settings;
    private final RegistryHealth health = new RegistryHealth();
    private final RegistryTransport transport;

    /**
     * A client of the registry of these settings; it connects on first use.
     *
     * @throws IllegalArgumentException when a TLS store of the settings cannot be read
     */
    public SchemaRegistryClient(RegistrySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.transport = new RegistryTransport(settings, health);
    }

    /** The settings this client was made with. */
    public RegistrySettings settings() {
        return settings;
    }

    /** The reachability of the registry, as this client's calls found it. */
    public RegistryHealth health() {
        return health;
    }

    /**
     * Registers an Avro schema under a subject and returns its id; registering a schema the subject
     * already has returns the id it has.
     *
     * @throws RegistryException when the registry refuses it: HTTP 409 when the subject's
     *     compatibility rule rejects it, 422 when the schema is invalid
     */
    public int register(String subject, Schema schema) {
        String path = "/subjects/" + RegistryUrls.pathSegment(subject) + "/versions";
        RegistryAnswer answer = send("POST", path, schemaBody(schema));
        return requireInt(answer, "POST", path, "id");
    }

    /** The version of a subject that is this schema, if the subject has it. */
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        String path = "/subjects/" + RegistryUrls.pathSegment(subject);
        RegistryAnswer answer = transport.send("POST", path, schemaBody(schema));
        if (answer.isNotFound(SUBJECT_NOT_FOUND, SCHEMA_NOT_FOUND)) {
            return Optional.empty();
        }
        return Optional.of(registered(check(answer, "POST", path), "POST", path, subject));
    }

    /** The schema with this id, if the registry has one. */
    public Optional<Schema> schemaById(int id) {
        String path = "/schemas/ids/" + id;
        RegistryAnswer answer = transport.send("GET", path, null);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(schemaOf(check(answer, "GET", path), "GET", path));
    }

    /**
     * A version of a subject, if both exist.
     *
     * @param version {@code latest} or a version number
     * @throws IllegalArgumentException when {@code version} is neither
     */
    public Optional<RegisteredSchema> version(String subject, String version) {
        checkVersion(version);
        String path =
                "/subjects/" + RegistryUrls.pathSegment(subject) + "/versions/" + version.trim();
        RegistryAnswer answer = transport.send("GET", path, null);
        if (answer.isNotFound(SUBJECT_NOT_FOUND, VERSION_NOT_FOUND)) {
            return Optional.empty();
        }
        return Optional.of(registered(check(answer, "GET", path), "GET", path, subject));
    }

    /** The registry's subjects. */
    public List<String> subjects() {
        RegistryAnswer answer = send("GET", "/subjects", null);
        List<String> subjects = new ArrayList<>();
        for (JsonNode subject : requireArray(answer, "GET", "/subjects")) {
            subjects.add(subject.asText());
        }
        return subjects;
    }

    /** The version numbers of a subject, oldest first; empty when there is no such subject. */
    public List<Integer> versions(String subject) {
        String path = "/subjects/" + RegistryUrls.pathSegment(subject) + "/versions";
        RegistryAnswer answer = transport.send("GET", path, null);
        if (answer.isNotFound(SUBJECT_NOT_FOUND)) {
            return List.of();
        }
        List<Integer> versions = new ArrayList<>();
        for (JsonNode version : requireArray(check(answer, "GET", path), "GET", path)) {
            versions.add(version.asInt());
        }
        return versions;
    }

    /**
     * Whether this schema may become the subject's next version under its compatibility rule. A
     * subject that does not exist yet accepts any schema as its first version.
     */
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        String path =
                "/compatibility/subjects/"
                        + RegistryUrls.pathSegment(subject)
                        + "/versions/latest?verbose=true";
        RegistryAnswer answer = transport.send("POST", path, schemaBody(schema));
        if (answer.isNotFound(SUBJECT_NOT_FOUND, VERSION_NOT_FOUND)) {
            return new CompatibilityResult(true, List.of());
        }
        JsonNode body = check(answer, "POST", path).body();
        if (!body.path("is_compatible").isBoolean()) {
            throw answer.unusable("POST", path, "no is_compatible field");
        }
        List<String> messages = new ArrayList<>();
        body.path("messages").forEach(message -> messages.add(message.asText()));
        return new CompatibilityResult(body.get("is_compatible").asBoolean(), messages);
    }

    /**
     * The compatibility rule that applies to a subject: its own, else the registry's global one.
     *
     * <p>A subject's own {@code NONE} also yields the global rule: Apicurio answers {@code NONE}
     * for subjects without a rule of their own while it applies the global one. Only an
     * incompatibility needs the rule named, and {@code NONE} never causes one.
     */
    public String compatibilityLevel(String subject) {
        String path = "/config/" + RegistryUrls.pathSegment(subject);
        RegistryAnswer answer = transport.send("GET", path, null);
        if (answer.status() != 404) {
            String level = level(check(answer, "GET", path), "GET", path);
            if (!level.equals("NONE")) {
                return level;
            }
        }
        return level(send("GET", "/config", null), "GET", "/config");
    }

    /**
     * Sets the compatibility rule of a subject, or the global one when {@code subject} is empty.
     *
     * @param level {@code NONE}, {@code BACKWARD}, {@code FORWARD} or {@code FULL}, each also with
     *     {@code _TRANSITIVE}
     * @throws IllegalArgumentException when the level is none of those
     */
    public void setCompatibilityLevel(Optional<String> subject, String level) {
        String normalized = level.trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(normalized)) {
            throw new IllegalArgumentException(
                    String.format(
                            "unknown compatibility level \"%s\"; choose one of %s",
                            level, new java.util.TreeSet<>(LEVELS)));
        }
        String path = subject.map(s -> "/config/" + RegistryUrls.pathSegment(s)).orElse("/config");
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("compatibility", normalized);
        send("PUT", path, body);
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient(" + settings.describe() + ")";
    }

    /** Sends a request whose every error answer is an error. */
    private RegistryAnswer send(String method, String path, JsonNode body) {
        return check(transport.send(method, path, body), method, path);
    }

    private RegistryAnswer check(RegistryAnswer answer, String method, String path) {
        if (!answer.isSuccess()) {
            throw answer.error(method, path, transport.hasCredentials());
        }
        return answer;
    }

    private static ObjectNode schemaBody(Schema schema) {
        // No schemaType: the API's default, AVRO.
        return JsonNodeFactory.instance.objectNode().put("schema", schema.toString());
    }

    private static RegisteredSchema registered(
            RegistryAnswer answer, String method, String path, String subject) {
        int version = requireInt(answer, method, path, "version");
        int id = requireInt(answer, method, path, "id");
        String registeredSubject = answer.body().path("subject").asText(subject);
        return new RegisteredSchema(registeredSubject, version, id, schemaOf(answer, method, path));
    }

    /** Parses the answer's schema with a parser of its own: a shared one refuses redefinitions. */
    private static Schema schemaOf(RegistryAnswer answer, String method, String path) {
        String type = answer.body().path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw answer.unusable(method, path, "a " + type + " schema; Sluice reads Avro only");
        }
        JsonNode text = answer.body().path("schema");
        if (!text.isTextual()) {
            throw answer.unusable(method, path, "no schema field");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            JacksonException syntax = JsonErrors.find(e.getCause());
            throw answer.unusable(
                    method,
                    path,
                    "a schema Avro cannot parse: "
                            + (syntax != null
                                    ? JsonErrors.describe("schema", syntax)
                                    : e.getMessage()));
        }
    }

    private static String level(RegistryAnswer answer, String method, String path) {
        JsonNode body = answer.body();
        // Confluent answers compatibilityLevel; some versions and Apicurio's PUT say compatibility.
        JsonNode level =
                body.hasNonNull("compatibilityLevel")
                        ? body.get("compatibilityLevel")
                        : body.path("compatibility");
        if (!level.isTextual()) {
            throw answer.unusable(method, path, "no compatibility level");
        }
        return level.asText();
    }

    private static int requireInt(RegistryAnswer answer, String method, String path, String field) {
        JsonNode value = answer.body().path(field);
        if (!value.canConvertToInt()) {
            throw answer.unusable(method, path, "no integer " + field + " field");
        }
        return value.asInt();
    }

    private static JsonNode requireArray(RegistryAnswer answer, String method, String path) {
        if (!answer.body().isArray()) {
            throw answer.unusable(method, path, "no JSON array");
        }
        return answer.body();
    }

    private static void checkVersion(String version) {
        String trimmed = Objects.requireNonNull(version, "version").trim();
        if (!trimmed.equals("latest") && !trimmed.matches("[1-9][0-9]{0,9}")) {
            throw new IllegalArgumentException(
                    String.format(
                            "a schema version is \"latest\" or a number from 1, got \"%s\"",
                            version));
        }
    }
}
