package io.sluice.registry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An answer of the schema registry: its HTTP status and JSON body.
 *
 * @param status the HTTP status
 * @param body the parsed body; a missing node when the body was not JSON
 * @param text the body as received
 */
record RegistryAnswer(int status, JsonNode body, String text) {
    private static final int MESSAGE_LIMIT = 500;

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Whether this is a 404 carrying one of the given error codes. */
    boolean isNotFound(int... errorCodes) {
        if (status != 404) {
            return false;
        }
        for (int code : errorCodes) {
            if (errorCode() == code) {
                return true;
            }
        }
        return false;
    }

    /** The registry's {@code error_code}, or the HTTP status when the body has none. */
    int errorCode() {
        JsonNode code = body.path("error_code");
        return code.canConvertToInt() ? code.asInt() : status;
    }

    /** The registry's {@code message}, else the start of the body. */
    String message() {
        JsonNode message = body.path("message");
        if (message.isTextual()) {
            return message.asText();
        }
        String trimmed = text.strip();
        return trimmed.length() <= MESSAGE_LIMIT
                ? trimmed
                : trimmed.substring(0, MESSAGE_LIMIT) + "...";
    }

    /**
     * The error this answer is, for a request; credentials refused (401, 403) say so and name the
     * settings, never their values.
     */
    RegistryException error(String method, String path, boolean hasCredentials) {
        String message;
        if (status == 401 || status == 403) {
            message =
                    String.format(
                            "schema registry refused the credentials for %s %s (HTTP %d: %s); %s",
                            method,
                            path,
                            status,
                            message(),
                            hasCredentials
                                    ? "check schema.registry.basic.auth.user.info or"
                                            + " schema.registry.bearer.auth.token"
                                    : "it needs credentials: set"
                                            + " schema.registry.basic.auth.user.info or"
                                            + " schema.registry.bearer.auth.token");
        } else {
            message =
                    String.format(
                            "schema registry rejected %s %s (HTTP %d, error %d): %s",
                            method, path, status, errorCode(), message());
        }
        return new RegistryException(status, errorCode(), message(), message);
    }

    /** An answer whose content Sluice cannot use, though the request succeeded. */
    RegistryException unusable(String method, String path, String problem) {
        return new RegistryException(
                status,
                errorCode(),
                message(),
                String.format("schema registry answered %s %s with %s", method, path, problem));
    }
}
