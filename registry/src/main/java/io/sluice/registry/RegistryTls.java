package io.sluice.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The TLS context of a registry client, built from the trust and key stores of its settings. */
final class RegistryTls {
    private RegistryTls() {}

    /**
     * A context trusting the settings' trust store and presenting their key, or empty when they
     * name neither (the JDK's default context then applies).
     *
     * @throws IllegalArgumentException naming the setting whose store cannot be read
     */
    static Optional<SSLContext> sslContext(RegistrySettings settings) {
        if (settings.trustStore().isEmpty() && settings.keyStore().isEmpty()) {
            return Optional.empty();
        }
        try {
            TrustManager[] trustManagers = null; // null: the JDK's default trust
            if (settings.trustStore().isPresent()) {
                KeyStore store =
                        load(
                                settings.trustStore().get(),
                                settings.trustStorePassword(),
                                settings.trustStoreType(),
                                "schema.registry.ssl.truststore.location");
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                trustManagers = factory.getTrustManagers();
            }
            KeyManager[] keyManagers = null;
            if (settings.keyStore().isPresent()) {
                keyManagers = keyManagers(settings);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return Optional.of(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(RegistrySettings settings)
            throws GeneralSecurityException {
        KeyStore store =
                load(
                        settings.keyStore().get(),
                        settings.keyStorePassword(),
                        settings.keyStoreType(),
                        "schema.registry.ssl.keystore.location");
        char[] keyPassword =
                settings.keyPassword()
                        .or(settings::keyStorePassword)
                        .map(String::toCharArray)
                        .orElse(null);
        KeyManagerFactory factory =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        try {
            factory.init(store, keyPassword);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "schema.registry.ssl.key.password: cannot read the key in %s (%s)",
                            settings.keyStore().get(), e.getMessage()),
                    e);
        }
        return factory.getKeyManagers();
    }

    private static KeyStore load(
            Path location, Optional<String> password, String type, String setting)
            throws GeneralSecurityException {
        if (!Files.isReadable(location)) {
            throw new IllegalArgumentException(
                    String.format("%s: cannot read %s", setting, location));
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (java.security.KeyStoreException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s: the store type %s of %s is unknown; use PKCS12 or JKS",
                            setting.replace(".location", ".type"), type, location),
                    e);
        }
        try (InputStream in = Files.newInputStream(location)) {
            store.load(in, password.map(String::toCharArray).orElse(null));
        } catch (IOException e) {
            // A wrong password shows as an IOException; its message quotes no password.
            throw new IllegalArgumentException(
                    String.format(
                            "%s: cannot load %s as a %s store (%s); check its type and password",
                            setting, location, type, e.getMessage()),
                    e);
        }
        return store;
    }
}
