package io.sluice.registry;

import static io.sluice.registry.TestSchemas.uniqueRecord;
import static io.sluice.registry.TestSchemas.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.HttpsSchemaRegistry;
import io.sluice.testkit.SchemaRegistryServer;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client over HTTPS to a real registry whose certificate is self-signed: trusted through the
 * trust store of its settings, refused without it.
 *
 * <p>The key pair and the stores are made with the JDK's {@code keytool} when the class starts (see
 * {@link Keytool}), so no certificate is checked in and none can expire.
 */
class RegistryTlsIT {
    private static final String PASSWORD = "test-pa55word";

    @TempDir static Path directory;
    private static Path trustStore;
    private static SchemaRegistryServer registry;

    @BeforeAll
    static void startARegistryServingHttpsOnly() throws Exception {
        Path keyStore = directory.resolve("server.p12");
        trustStore = directory.resolve("trust.p12");
        Keytool keytool = new Keytool(directory, PASSWORD);
        keytool.generateKeyPair("registry", keyStore);
        keytool.trust(keyStore, "registry", trustStore);
        RegistrySettings trusting =
                RegistrySettings.of("https://127.0.0.1")
                        .withTrustStore(trustStore, PASSWORD, "PKCS12");
        registry =
                HttpsSchemaRegistry.launch(
                        directory.resolve("registry"),
                        keyStore,
                        PASSWORD,
                        RegistryTls.sslContext(trusting).orElseThrow());
    }

    @AfterAll
    static void stopTheRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldRegisterAndReadBackASchemaWhenTheTrustStoreHoldsTheRegistrysCertificate() {
        SchemaRegistryClient client =
                new SchemaRegistryClient(
                        RegistrySettings.of(registry.url())
                                .withTrustStore(trustStore, PASSWORD, "PKCS12"));
        Schema schema = uniqueRecord();

        int id = client.register(uniqueSubject("https"), schema);

        assertThat(registry.url()).startsWith("https://");
        assertThat(client.schemaById(id)).contains(schema);
    }

    @Test
    void shouldThrowUnavailableNamingTheUrlWhenTheRegistrysCertificateIsNotTrusted() {
        SchemaRegistryClient client = new SchemaRegistryClient(RegistrySettings.of(registry.url()));

        assertThatThrownBy(() -> client.register(uniqueSubject("untrusted"), uniqueRecord()))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("TLS handshake with " + registry.url() + " failed")
                .hasMessageContaining("certificate is not trusted")
                .hasMessageContaining("schema.registry.ssl.truststore.location");
    }

    @Test
    void shouldRefuseToBuildTheClientWithoutShowingThePasswordWhenTheTrustStorePasswordIsWrong() {
        RegistrySettings settings =
                RegistrySettings.of(registry.url())
                        .withTrustStore(trustStore, "wrong-pa55word", "PKCS12");

        assertThatThrownBy(() -> new SchemaRegistryClient(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageContaining("password")
                .hasMessageNotContaining("pa55word");
    }
}
