package io.sluice.registry;

import static io.sluice.registry.TestSchemas.uniqueRecord;
import static io.sluice.registry.TestSchemas.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.SchemaRegistryExtension;
import io.sluice.testkit.SchemaRegistryServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The caches against a real registry, counting the calls that reached it. */
@ExtendWith(SchemaRegistryExtension.class)
class CachedSchemaRegistryIT {
    private final AtomicLong nanos = new AtomicLong();
    private final SchemaRegistryClient client;
    private final CachedSchemaRegistry cache;

    CachedSchemaRegistryIT(SchemaRegistryServer registry) {
        client = new SchemaRegistryClient(RegistrySettings.of(registry.url()));
        cache = new CachedSchemaRegistry(client, Duration.ofSeconds(60), nanos::get);
    }

    @Test
    void shouldAskTheRegistryOnceWhenAnIdIsLookedUpAgain() {
        Schema schema = uniqueRecord();
        int id = client.register(uniqueSubject("cached"), schema);
        long before = calls();

        assertThat(cache.schema(id)).contains(schema);
        assertThat(cache.schema(id)).contains(schema);

        assertThat(calls() - before).isEqualTo(1);
    }

    @Test
    void shouldAskAgainAboutAnUnknownIdOnlyAfterItsTimeToLive() {
        long before = calls();

        assertThat(cache.schema(TestSchemas.UNKNOWN_ID)).isEmpty();
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(cache.schema(TestSchemas.UNKNOWN_ID)).isEmpty();
        assertThat(calls() - before).isEqualTo(1);

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.schema(TestSchemas.UNKNOWN_ID)).isEmpty();
        assertThat(calls() - before).isEqualTo(2);
    }

    @Test
    void shouldRegisterOnceWhenAskedForTheSameIdAgain() {
        String subject = uniqueSubject("register");
        Schema schema = uniqueRecord();
        long before = calls();

        int id = cache.idOf(subject, schema, true);
        int again = cache.idOf(subject, schema, true);

        assertThat(again).isEqualTo(id);
        assertThat(calls() - before).isEqualTo(1);
        assertThat(client.lookup(subject, schema)).map(RegisteredSchema::id).contains(id);
    }

    @Test
    void shouldLookUpWithoutRegisteringWhenRegisteringIsOff() {
        String subject = uniqueSubject("lookup");
        Schema schema = uniqueRecord();
        int registered = client.register(subject, schema);

        int id = cache.idOf(subject, schema, false);

        assertThat(id).isEqualTo(registered);
        assertThat(client.versions(subject)).containsExactly(1);
    }

    @Test
    void shouldRefuseASchemaTheSubjectDoesNotHaveWhenRegisteringIsOff() {
        String subject = uniqueSubject("missing");

        assertThatThrownBy(() -> cache.idOf(subject, uniqueRecord(), false))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining(subject)
                .hasMessageContaining("not registered");
        assertThat(client.subjects()).doesNotContain(subject);
    }

    private long calls() {
        return cache.health().answeredCalls();
    }
}
