package io.sluice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RegistryUrlsTest {

    @Test
    void shouldEncodeSpaceAndSlashWithinOnePathSegment() {
        assertThat(RegistryUrls.pathSegment("a b/c+d")).isEqualTo("a%20b%2Fc%2Bd");
        assertThat(RegistryUrls.pathSegment("orders-shop.Order")).isEqualTo("orders-shop.Order");
    }

    @Test
    void shouldDropUserInfoAndTrailingSlashButKeepThePath() {
        URI url = URI.create("https://bob:pw@h:8443/apis/ccompat/v7/");

        assertThat(RegistryUrls.withoutUserInfo(url)).isEqualTo("https://h:8443/apis/ccompat/v7");
    }

    @Test
    void shouldHideUserInfoInText() {
        assertThat(RegistryUrls.hideUserInfo("http://bob:pw@h x")).isEqualTo("http://***@h x");
    }
}
