package io.sluice.registry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a schema registry: its URLs, credentials, TLS stores and request timeout.
 *
 * <p>Error messages name Confluent's client settings ({@code schema.registry.url} and so on), the
 * names users know. A URL may carry {@code user:password@} as Confluent's clients allow; it is then
 * the basic auth credentials when neither {@link #basicAuthUserInfo()} nor {@link #bearerToken()}
 * is set. {@link #toString()} is {@link #describe()}: it never shows a secret.
 *
 * @param urls the registry's base URLs (e.g. {@code http://host:8081}); the client tries the next
 *     one when one cannot be reached
 * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication
 * @param bearerToken a token for HTTP bearer authentication; exclusive with basic auth
 * @param trustStore the store of certificates to trust, instead of the JDK's
 * @param keyStore the store of the client's own key and certificate, for mutual TLS
 * @param keyPassword the key's password, when it differs from the key store's
 * @param requestTimeout how long one request (connect included) may take
 */
public record RegistrySettings(
        List<URI> urls,
        Optional<String> basicAuthUserInfo,
        Optional<String> bearerToken,
        Optional<Path> trustStore,
        Optional<String> trustStorePassword,
        String trustStoreType,
        Optional<Path> keyStore,
        Optional<String> keyStorePassword,
        String keyStoreType,
        Optional<String> keyPassword,
        Duration requestTimeout) {

    /** The store type used when none is given. */
    public static final String DEFAULT_STORE_TYPE = "PKCS12";

    /** The request timeout used when none is given. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the Confluent setting that is wrong
     */
    public RegistrySettings {
        urls = List.copyOf(urls);
        Objects.requireNonNull(basicAuthUserInfo, "basicAuthUserInfo");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(keyPassword, "keyPassword");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        checkUrls(urls);
        basicAuthUserInfo.ifPresent(
                info -> checkUserInfo(info, "schema.registry.basic.auth.user.info"));
        check(
                basicAuthUserInfo.isEmpty() || bearerToken.isEmpty(),
                "set only one of schema.registry.basic.auth.user.info and"
                        + " schema.registry.bearer.auth.token");
        check(
                bearerToken.map(token -> !token.isBlank()).orElse(true),
                "schema.registry.bearer.auth.token must not be blank");
        check(
                trustStoreType != null && !trustStoreType.isBlank(),
                "schema.registry.ssl.truststore.type must not be blank");
        check(
                keyStoreType != null && !keyStoreType.isBlank(),
                "schema.registry.ssl.keystore.type must not be blank");
        check(
                trustStore.isPresent() || trustStorePassword.isEmpty(),
                "schema.registry.ssl.truststore.password is set, but no"
                        + " schema.registry.ssl.truststore.location");
        check(
                keyStore.isPresent() || (keyStorePassword.isEmpty() && keyPassword.isEmpty()),
                "schema.registry.ssl.keystore.password or schema.registry.ssl.key.password is"
                        + " set, but no schema.registry.ssl.keystore.location");
        check(
                requestTimeout.compareTo(Duration.ZERO) > 0,
                "the schema registry request timeout must be positive, got %s",
                requestTimeout);
    }

    /**
     * Settings for the comma-separated URLs of {@code schema.registry.url}, without credentials or
     * TLS stores, with the default timeout.
     *
     * @throws IllegalArgumentException when no URL is given or one is not a valid http(s) URL
     */
    public static RegistrySettings of(String commaSeparatedUrls) {
        Objects.requireNonNull(commaSeparatedUrls, "commaSeparatedUrls");
        List<URI> urls = new ArrayList<>();
        for (String part : commaSeparatedUrls.split(",")) {
            if (!part.isBlank()) {
                urls.add(parseUrl(part.trim()));
            }
        }
        return new RegistrySettings(
                urls,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                DEFAULT_STORE_TYPE,
                Optional.empty(),
                Optional.empty(),
                DEFAULT_STORE_TYPE,
                Optional.empty(),
                DEFAULT_REQUEST_TIMEOUT);
    }

    /** These settings with basic authentication as {@code user:password}. */
    public RegistrySettings withBasicAuth(String userInfo) {
        return new RegistrySettings(
                urls,
                Optional.of(userInfo),
                bearerToken,
                trustStore,
                trustStorePassword,
                trustStoreType,
                keyStore,
                keyStorePassword,
                keyStoreType,
                keyPassword,
                requestTimeout);
    }

    /** These settings with bearer authentication by {@code token}. */
    public RegistrySettings withBearerToken(String token) {
        return new RegistrySettings(
                urls,
                basicAuthUserInfo,
                Optional.of(token),
                trustStore,
                trustStorePassword,
                trustStoreType,
                keyStore,
                keyStorePassword,
                keyStoreType,
                keyPassword,
                requestTimeout);
    }

    /**
     * These settings trusting the certificates of a store; a null password means none, a null type
     * {@value #DEFAULT_STORE_TYPE}.
     */
    public RegistrySettings withTrustStore(Path location, String password, String type) {
        return new RegistrySettings(
                urls,
                basicAuthUserInfo,
                bearerToken,
                Optional.of(location),
                Optional.ofNullable(password),
                type == null ? DEFAULT_STORE_TYPE : type,
                keyStore,
                keyStorePassword,
                keyStoreType,
                keyPassword,
                requestTimeout);
    }

    /**
     * These settings with the client's key for mutual TLS; null passwords mean none, a null type
     * {@value #DEFAULT_STORE_TYPE}, and a null {@code keyPassword} the key store's.
     */
    public RegistrySettings withKeyStore(
            Path location, String password, String type, String keyPassword) {
        return new RegistrySettings(
                urls,
                basicAuthUserInfo,
                bearerToken,
                trustStore,
                trustStorePassword,
                trustStoreType,
                Optional.of(location),
                Optional.ofNullable(password),
                type == null ? DEFAULT_STORE_TYPE : type,
                Optional.ofNullable(keyPassword),
                requestTimeout);
    }

    /** These settings with another request timeout. */
    public RegistrySettings withRequestTimeout(Duration timeout) {
        return new RegistrySettings(
                urls,
                basicAuthUserInfo,
                bearerToken,
                trustStore,
                trustStorePassword,
                trustStoreType,
                keyStore,
                keyStorePassword,
                keyStoreType,
                keyPassword,
                timeout);
    }

    /**
     * The settings for logs, without secrets: e.g. {@code urls http://h:8081; auth basic (user
     * sluice); tls trust store /x}.
     */
    public String describe() {
        List<String> shown = new ArrayList<>();
        for (URI url : urls) {
            shown.add(RegistryUrls.withoutUserInfo(url));
        }
        StringBuilder text = new StringBuilder("urls ").append(String.join(", ", shown));
        text.append("; auth ").append(describeAuth());
        trustStore.ifPresent(path -> text.append("; tls trust store ").append(path));
        keyStore.ifPresent(path -> text.append("; tls key store ").append(path));
        text.append("; request timeout ").append(requestTimeout.toMillis()).append(" ms");
        return text.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The {@code user:password} for basic auth: the setting's, else the first URL's, if any. */
    Optional<String> effectiveBasicAuthUserInfo() {
        if (basicAuthUserInfo.isPresent() || bearerToken.isPresent()) {
            return basicAuthUserInfo;
        }
        return urls.stream().map(URI::getUserInfo).filter(Objects::nonNull).findFirst();
    }

    private String describeAuth() {
        if (bearerToken.isPresent()) {
            return "bearer token";
        }
        Optional<String> userInfo = effectiveBasicAuthUserInfo();
        if (userInfo.isEmpty()) {
            return "none";
        }
        String user = userInfo.get().substring(0, userInfo.get().indexOf(':'));
        String source = basicAuthUserInfo.isPresent() ? "" : ", from the URL";
        return "basic (user " + user + source + ")";
    }

    private static URI parseUrl(String text) {
        try {
            return new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "schema.registry.url: \"%s\" is not a URL (%s)",
                            RegistryUrls.hideUserInfo(text), e.getReason()),
                    e);
        }
    }

    private static void checkUrls(List<URI> urls) {
        check(
                !urls.isEmpty(),
                "schema.registry.url must name at least one URL, e.g. http://localhost:8081");
        for (URI url : urls) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            check(
                    (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null,
                    "schema.registry.url: \"%s\" must be an http or https URL with a host, e.g."
                            + " http://localhost:8081",
                    RegistryUrls.withoutUserInfo(url));
            if (url.getRawUserInfo() != null) {
                checkUserInfo(url.getRawUserInfo(), "the user info of schema.registry.url");
            }
        }
    }

    private static void checkUserInfo(String userInfo, String setting) {
        // The message must not quote the value: it holds a password.
        check(userInfo.indexOf(':') > 0, "%s must have the form user:password", setting);
    }

    private static void check(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(template, args));
        }
    }
}
