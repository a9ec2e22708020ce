package io.sluice.registry;

import static io.sluice.registry.TestSchemas.uniqueSubject;
import static io.sluice.registry.TestSchemas.userV1;
import static io.sluice.registry.TestSchemas.userV2;
import static io.sluice.registry.TestSchemas.userWithStringId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.FreePorts;
import io.sluice.testkit.SchemaRegistryExtension;
import io.sluice.testkit.SchemaRegistryServer;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against a real registry: every call of Confluent's API that Sluice uses. */
@ExtendWith(SchemaRegistryExtension.class)
class SchemaRegistryClientIT {
    private final SchemaRegistryServer registry;
    private final SchemaRegistryClient client;

    SchemaRegistryClientIT(SchemaRegistryServer registry) {
        this.registry = registry;
        this.client = new SchemaRegistryClient(RegistrySettings.of(registry.url()));
    }

    @Test
    void shouldReturnTheSameIdWhenTheSameSchemaIsRegisteredAgain() {
        String subject = uniqueSubject("again");
        int id = client.register(subject, userV1());

        int again = client.register(subject, userV1());

        assertThat(again).isEqualTo(id);
        assertThat(client.versions(subject)).containsExactly(1);
    }

    @Test
    void shouldFindTheVersionOfARegisteredSchemaByLookup() {
        String subject = uniqueSubject("lookup");
        client.register(subject, userV1());
        int id = client.register(subject, userV2());

        Optional<RegisteredSchema> found = client.lookup(subject, userV2());

        assertThat(found).contains(new RegisteredSchema(subject, 2, id, userV2()));
    }

    @Test
    void shouldLookUpNothingWhenTheSubjectOrTheSchemaIsUnknown() {
        String subject = uniqueSubject("lookup-none");
        client.register(subject, userV1());

        assertThat(client.lookup(subject, userV2())).isEmpty();
        assertThat(client.lookup(uniqueSubject("never"), userV1())).isEmpty();
    }

    @Test
    void shouldFindASchemaByIdAndNothingForAnUnknownId() {
        int id = client.register(uniqueSubject("by-id"), userV2());

        assertThat(client.schemaById(id)).contains(userV2());
        assertThat(client.schemaById(TestSchemas.UNKNOWN_ID)).isEmpty();
    }

    @Test
    void shouldReturnTheLatestOrANumberedVersion() {
        String subject = uniqueSubject("versions");
        int first = client.register(subject, userV1());
        int second = client.register(subject, userV2());

        assertThat(client.version(subject, "latest"))
                .contains(new RegisteredSchema(subject, 2, second, userV2()));
        assertThat(client.version(subject, "1"))
                .contains(new RegisteredSchema(subject, 1, first, userV1()));
        assertThat(client.version(subject, "3")).isEmpty();
        assertThat(client.version(uniqueSubject("never"), "latest")).isEmpty();
    }

    @Test
    void shouldRefuseAVersionThatIsNeitherLatestNorANumber() {
        assertThatThrownBy(() -> client.version("s", "newest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"newest\"");
    }

    @Test
    void shouldListSubjectsAndTheirVersions() {
        String subject = uniqueSubject("list");
        client.register(subject, userV1());
        client.register(subject, userV2());

        assertThat(client.subjects()).contains(subject);
        assertThat(client.versions(subject)).containsExactly(1, 2);
        assertThat(client.versions(uniqueSubject("never"))).isEmpty();
    }

    @Test
    void shouldEncodeSubjectsWithSpacesAndSlashes() {
        String subject = "a b/" + uniqueSubject("c");

        int id = client.register(subject, userV1());

        assertThat(client.subjects()).contains(subject);
        assertThat(client.version(subject, "latest")).map(RegisteredSchema::id).contains(id);
    }

    @Test
    void shouldTellCompatibleFromIncompatibleSchemasUnderBackward() {
        String subject = uniqueSubject("compat");
        client.register(subject, userV1());
        client.setCompatibilityLevel(Optional.of(subject), "BACKWARD");

        assertThat(client.testCompatibility(subject, userV2()).compatible()).isTrue();
        assertThat(client.testCompatibility(subject, userWithStringId()).compatible()).isFalse();
    }

    @Test
    void shouldFindAnySchemaCompatibleWithASubjectThatDoesNotExistYet() {
        CompatibilityResult result =
                client.testCompatibility(uniqueSubject("new"), userWithStringId());

        assertThat(result).isEqualTo(new CompatibilityResult(true, java.util.List.of()));
    }

    @Test
    void shouldThrowTheRegistrysMessageWhenRegisteringAnIncompatibleSchema() {
        String subject = uniqueSubject("refused");
        client.register(subject, userV1());
        client.setCompatibilityLevel(Optional.of(subject), "BACKWARD");

        assertThatThrownBy(() -> client.register(subject, userWithStringId()))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.registryMessage()).isNotBlank();
                            assertThat(e.getMessage())
                                    .contains("POST /subjects/" + subject + "/versions")
                                    .contains("HTTP 409")
                                    .contains(e.registryMessage());
                        });
    }

    @Test
    void shouldGiveTheGlobalLevelToSubjectsWithoutOneOfTheirOwn() {
        // Confluent's default, set again for an external registry whose rule may differ.
        client.setCompatibilityLevel(Optional.empty(), "BACKWARD");
        String registered = uniqueSubject("level");
        client.register(registered, userV1());

        assertThat(client.compatibilityLevel(uniqueSubject("never"))).isEqualTo("BACKWARD");
        assertThat(client.compatibilityLevel(registered)).isEqualTo("BACKWARD");
    }

    @Test
    void shouldGiveASubjectItsOwnLevelWhenItHasOne() {
        String subject = uniqueSubject("own-level");
        client.register(subject, userV1());

        client.setCompatibilityLevel(Optional.of(subject), "full");

        assertThat(client.compatibilityLevel(subject)).isEqualTo("FULL");
    }

    @Test
    void shouldTryTheNextUrlWhenOneIsUnreachable() throws Exception {
        String closed = "http://127.0.0.1:" + FreePorts.any();
        SchemaRegistryClient failingOver =
                new SchemaRegistryClient(RegistrySettings.of(closed + "," + registry.url()));

        assertThat(failingOver.subjects()).isNotNull();
        assertThat(failingOver.health().outage()).isEmpty();
        assertThat(failingOver.health().lastSuccess()).isNotNull();
    }

    @Test
    void shouldNameTheUrlAndCauseWhenNoUrlIsReachable() throws Exception {
        String closed = "http://127.0.0.1:" + FreePorts.any();
        SchemaRegistryClient unreachable =
                new SchemaRegistryClient(RegistrySettings.of(closed.replace("//", "//u:pw@")));

        assertThatThrownBy(() -> unreachable.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessage("schema registry " + closed + " unreachable: Connection refused");
        assertThat(unreachable.health().outage()).isPresent();
    }
}
