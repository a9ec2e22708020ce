package io.sluice.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {

    @Test
    void shouldSplitCommaSeparatedUrlsAndApplyDefaults() {
        RegistrySettings settings = RegistrySettings.of(" http://a:8081 ,https://b:8443/ ,");

        assertThat(settings.urls())
                .containsExactly(URI.create("http://a:8081"), URI.create("https://b:8443/"));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.trustStoreType()).isEqualTo("PKCS12");
        assertThat(settings.keyStoreType()).isEqualTo("PKCS12");
        assertThat(settings.basicAuthUserInfo()).isEmpty();
    }

    @Test
    void shouldRefuseSettingsWithoutUrl() {
        assertThatThrownBy(() -> RegistrySettings.of(" , "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url must name at least one URL");
    }

    @Test
    void shouldRefuseUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> RegistrySettings.of("http://a:8081,ftp://b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url")
                .hasMessageContaining("ftp://b")
                .hasMessageContaining("http or https");
    }

    @Test
    void shouldRefuseUrlsWithoutHost() {
        assertThatThrownBy(() -> RegistrySettings.of("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldRefuseTextThatIsNotAUrlWithoutQuotingItsPassword() {
        assertThatThrownBy(() -> RegistrySettings.of("http://bob:s3cret@a b:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void shouldRefuseUserInfoWithoutColonWithoutQuotingIt() {
        assertThatThrownBy(() -> RegistrySettings.of("http://a:8081").withBasicAuth("s3cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.basic.auth.user.info")
                .hasMessageContaining("user:password")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void shouldRefuseBasicAndBearerAuthTogether() {
        RegistrySettings basic = RegistrySettings.of("http://a:8081").withBasicAuth("u:p");

        assertThatThrownBy(() -> basic.withBearerToken("token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.basic.auth.user.info")
                .hasMessageContaining("schema.registry.bearer.auth.token");
    }

    @Test
    void shouldRefuseAKeyPasswordWithoutKeyStore() {
        RegistrySettings settings = RegistrySettings.of("https://a:8443");

        assertThatThrownBy(
                        () ->
                                new RegistrySettings(
                                        settings.urls(),
                                        settings.basicAuthUserInfo(),
                                        settings.bearerToken(),
                                        settings.trustStore(),
                                        settings.trustStorePassword(),
                                        settings.trustStoreType(),
                                        settings.keyStore(),
                                        settings.keyStorePassword(),
                                        settings.keyStoreType(),
                                        java.util.Optional.of("k3y"),
                                        settings.requestTimeout()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.ssl.keystore.location")
                .hasMessageNotContaining("k3y");
    }

    @Test
    void shouldRefuseATimeoutThatIsNotPositive() {
        RegistrySettings settings = RegistrySettings.of("http://a:8081");

        assertThatThrownBy(() -> settings.withRequestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void shouldDescribeUrlsAuthAndStoresWithoutSecrets() {
        RegistrySettings settings =
                RegistrySettings.of("http://h:8081")
                        .withBasicAuth("sluice:pa55word")
                        .withTrustStore(Path.of("/x"), "trust-pa55", "PKCS12")
                        .withKeyStore(Path.of("/y"), "store-pa55", "JKS", "key-pa55");

        assertThat(settings.describe())
                .isEqualTo(
                        "urls http://h:8081; auth basic (user sluice); tls trust store /x; tls"
                                + " key store /y; request timeout 5000 ms");
        assertThat(settings.toString()).isEqualTo(settings.describe());
    }

    @Test
    void shouldHideUserInfoOfUrlsAndUseItAsBasicAuth() {
        RegistrySettings settings =
                RegistrySettings.of("http://sluice:pa55word@h:8081/,http://g:8081");

        assertThat(settings.describe())
                .isEqualTo(
                        "urls http://h:8081, http://g:8081; auth basic (user sluice, from the"
                                + " URL); request timeout 5000 ms")
                .doesNotContain("pa55word");
        assertThat(settings.effectiveBasicAuthUserInfo()).contains("sluice:pa55word");
    }

    @Test
    void shouldDescribeBearerAuthWithoutItsToken() {
        RegistrySettings settings = RegistrySettings.of("https://h").withBearerToken("t0ken");

        assertThat(settings.describe()).contains("auth bearer token").doesNotContain("t0ken");
        assertThat(settings.effectiveBasicAuthUserInfo()).isEmpty();
    }

    @Test
    void shouldPreferExplicitCredentialsToThoseOfTheUrl() {
        RegistrySettings settings =
                RegistrySettings.of("http://url:pw@h:8081").withBasicAuth("explicit:pw2");

        assertThat(settings.effectiveBasicAuthUserInfo()).contains("explicit:pw2");
        assertThat(settings.describe()).contains("auth basic (user explicit)");
    }

    @Test
    void shouldKeepUrlsImmutable() {
        RegistrySettings settings = RegistrySettings.of("http://a:8081");

        assertThatThrownBy(() -> settings.urls().add(URI.create("http://b")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(settings.urls()).isEqualTo(List.of(URI.create("http://a:8081")));
    }
}
