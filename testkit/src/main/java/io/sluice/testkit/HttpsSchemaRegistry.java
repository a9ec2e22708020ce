package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Apicurio Registry in a child JVM that serves its API over HTTPS only, for tests of a client's
 * TLS. Unlike {@link SchemaRegistryExtension}'s registry it is not shared: each launch starts one,
 * and the test closes it.
 *
 * <p>The stores are PKCS12 files; Quarkus reads them with its {@code quarkus.http.ssl.certificate}
 * properties. The registry runs from the distribution the build unpacked (see {@link
 * SchemaRegistryExtension}), on 127.0.0.1, with the global compatibility rule BACKWARD.
 *
 * <p>It cannot require client certificates: Quarkus fixes {@code quarkus.http.ssl.client-auth} when
 * the application is built, and Apicurio's distribution is built without.
 */
public final class HttpsSchemaRegistry {
    private HttpsSchemaRegistry() {}

    /**
     * Starts a registry presenting the key of {@code keyStore}, its files in a new directory under
     * {@code workDir}; returns once it answers {@code clientContext}'s requests.
     *
     * @param clientContext the TLS of the test kit's own requests (readiness, set-up): it must
     *     trust the registry's certificate
     */
    public static SchemaRegistryServer launch(
            Path workDir, Path keyStore, String keyStorePassword, SSLContext clientContext) {
        return LocalApicurioRegistry.launchHttps(
                workDir,
                new LocalApicurioRegistry.Tls(
                        freePort(), keyStoreProperties(keyStore, keyStorePassword), clientContext));
    }

    private static List<String> keyStoreProperties(Path keyStore, String password) {
        return List.of(
                "-Dquarkus.http.ssl.certificate.key-store-file=" + keyStore,
                "-Dquarkus.http.ssl.certificate.key-store-file-type=PKCS12",
                "-Dquarkus.http.ssl.certificate.key-store-password=" + password);
    }

    private static int freePort() {
        try {
            return FreePorts.any();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the test schema registry", e);
        }
    }
}
