package io.sluice.registry;

import static io.sluice.registry.TestSchemas.uniqueRecord;
import static io.sluice.registry.TestSchemas.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.sluice.testkit.SchemaRegistryExtension;
import io.sluice.testkit.SchemaRegistryServer;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A registry that stops and comes back: unavailable, not "unknown", and the same ids after. */
@ExtendWith(SchemaRegistryExtension.class)
class RegistryOutageIT {
    private final SchemaRegistryServer registry;
    private final SchemaRegistryClient client;
    private final CachedSchemaRegistry cache;

    RegistryOutageIT(SchemaRegistryServer registry) {
        this.registry = registry;
        client = new SchemaRegistryClient(RegistrySettings.of(registry.url()));
        cache = new CachedSchemaRegistry(client);
    }

    @BeforeEach
    void requireARegistryThatCanStop() {
        assumeThat(registry.canStop()).as("an external registry cannot be stopped").isTrue();
    }

    @AfterEach
    void startTheRegistryForTheNextTest() {
        registry.start();
    }

    @Test
    void shouldThrowUnavailableAndReportAnOutageWhileTheRegistryIsStopped() {
        int id = client.register(uniqueSubject("outage"), uniqueRecord());

        registry.stop();

        assertThatThrownBy(() -> cache.schema(id))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining(urlWithoutPath())
                .hasMessageContaining("unreachable");
        assertThat(cache.health().outage())
                .hasValueSatisfying(outage -> assertThat(outage.reason()).contains("unreachable"));
    }

    @Test
    void shouldAnswerCachedIdsWhileTheRegistryIsStopped() {
        Schema schema = uniqueRecord();
        int id = client.register(uniqueSubject("cached"), schema);
        cache.schema(id);

        registry.stop();

        assertThat(cache.schema(id)).contains(schema);
    }

    @Test
    void shouldEndTheOutageAndKeepTheIdsWhenTheRegistryIsBack() {
        String subject = uniqueSubject("back");
        Schema schema = uniqueRecord();
        int id = client.register(subject, schema);
        registry.stop();
        assertThatThrownBy(() -> cache.schema(id)).isInstanceOf(RegistryUnavailableException.class);

        registry.start();

        assertThat(cache.schema(id)).contains(schema);
        assertThat(cache.health().outage()).isEmpty();
        assertThat(client.register(subject, schema)).isEqualTo(id);
    }

    private String urlWithoutPath() {
        return registry.url().substring(0, registry.url().indexOf("/apis/"));
    }
}
