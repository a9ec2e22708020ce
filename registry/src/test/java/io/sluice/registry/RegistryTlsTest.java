package io.sluice.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTlsTest {
    @TempDir Path directory;

    @Test
    void shouldUseTheJdksDefaultsWhenNoStoreIsSet() {
        assertThat(RegistryTls.sslContext(RegistrySettings.of("https://h"))).isEmpty();
    }

    @Test
    void shouldBuildAContextFromATrustStore() throws Exception {
        Path store = emptyStore("trust.p12", "pa55word");

        RegistrySettings settings =
                RegistrySettings.of("https://h").withTrustStore(store, "pa55word", "PKCS12");

        assertThat(RegistryTls.sslContext(settings)).isPresent();
    }

    @Test
    void shouldNameTheSettingWhenATrustStoreIsMissing() {
        RegistrySettings settings =
                RegistrySettings.of("https://h")
                        .withTrustStore(directory.resolve("none.p12"), "pa55word", null);

        assertThatThrownBy(() -> RegistryTls.sslContext(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageContaining("none.p12");
    }

    @Test
    void shouldNameTheSettingWithoutThePasswordWhenTheKeyStorePasswordIsWrong() throws Exception {
        Path store = emptyStore("key.p12", "right-pa55");
        RegistrySettings settings =
                RegistrySettings.of("https://h").withKeyStore(store, "wrong-pa55", "PKCS12", null);

        assertThatThrownBy(() -> RegistryTls.sslContext(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.ssl.keystore.location")
                .hasMessageNotContaining("pa55");
    }

    @Test
    void shouldNameTheSettingWithoutThePasswordWhenTheTrustStorePasswordIsWrong() throws Exception {
        Path store = emptyStore("trust.p12", "right-pa55");
        RegistrySettings settings =
                RegistrySettings.of("https://h").withTrustStore(store, "wrong-pa55", "PKCS12");

        assertThatThrownBy(() -> RegistryTls.sslContext(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageContaining("password")
                .hasMessageNotContaining("pa55");
    }

    @Test
    void shouldNameTheTypeSettingWhenTheStoreTypeIsUnknown() throws Exception {
        Path store = emptyStore("trust.p12", "pa55word");
        RegistrySettings settings =
                RegistrySettings.of("https://h").withTrustStore(store, "pa55word", "PKCS13");

        assertThatThrownBy(() -> RegistryTls.sslContext(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.type")
                .hasMessageContaining("PKCS13");
    }

    private Path emptyStore(String name, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Path file = directory.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }
}
