package io.sluice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

class RegistryAnswerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldQuoteTheRegistrysMessageAndCodeWhenItRejectsARequest() throws Exception {
        String body = "{\"error_code\":409,\"message\":\"Incompatible artifact\"}";
        RegistryAnswer answer = new RegistryAnswer(409, JSON.readTree(body), body);

        RegistryException error = answer.error("POST", "/subjects/s/versions", false);

        assertThat(error.status()).isEqualTo(409);
        assertThat(error.errorCode()).isEqualTo(409);
        assertThat(error.registryMessage()).isEqualTo("Incompatible artifact");
        assertThat(error)
                .hasMessage(
                        "schema registry rejected POST /subjects/s/versions (HTTP 409, error"
                                + " 409): Incompatible artifact");
    }

    @Test
    void shouldNameTheSettingsWhenCredentialsAreRefused() {
        RegistryAnswer answer = new RegistryAnswer(401, MissingNode.getInstance(), "Unauthorized");

        RegistryException error = answer.error("GET", "/subjects", true);

        assertThat(error.errorCode()).isEqualTo(401);
        assertThat(error.getMessage())
                .startsWith("schema registry refused the credentials for GET /subjects (HTTP 401")
                .contains("schema.registry.basic.auth.user.info");
    }

    @Test
    void shouldMatchNotFoundOnlyForTheGivenErrorCodes() throws Exception {
        String body = "{\"error_code\":40402,\"message\":\"no version\"}";
        RegistryAnswer answer = new RegistryAnswer(404, JSON.readTree(body), body);

        assertThat(answer.isNotFound(40401, 40402)).isTrue();
        assertThat(answer.isNotFound(40401, 40403)).isFalse();
    }

    @Test
    void shouldClassServerFailuresThrottlingAndTimeoutsAsTheRegistrysFailures() {
        assertThat(RegistryTransport.isFailureOfRegistry(500)).isTrue();
        assertThat(RegistryTransport.isFailureOfRegistry(503)).isTrue();
        assertThat(RegistryTransport.isFailureOfRegistry(408)).isTrue();
        assertThat(RegistryTransport.isFailureOfRegistry(429)).isTrue();
        assertThat(RegistryTransport.isFailureOfRegistry(404)).isFalse();
        assertThat(RegistryTransport.isFailureOfRegistry(409)).isFalse();
        assertThat(RegistryTransport.isFailureOfRegistry(401)).isFalse();
    }
}
