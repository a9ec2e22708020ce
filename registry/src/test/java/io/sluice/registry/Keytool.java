package io.sluice.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes PKCS12 key and trust stores for TLS tests with the JDK's {@code keytool}, run as a process;
 * every store has the same password.
 */
final class Keytool {
    private static final long TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final String password;

    /** A keytool writing its logs and certificates into {@code directory}. */
    Keytool(Path directory, String password) {
        this.directory = directory;
        this.password = password;
    }

    /**
     * Writes a store holding a new self-signed key pair for {@code CN=localhost} and 127.0.0.1,
     * valid for two days.
     */
    void generateKeyPair(String alias, Path keyStore) throws IOException, InterruptedException {
        run(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                password);
    }

    /** Adds the certificate of {@code alias} in {@code keyStore} to {@code trustStore}. */
    void trust(Path keyStore, String alias, Path trustStore)
            throws IOException, InterruptedException {
        Path certificate = directory.resolve(alias + ".crt");
        run(
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-keystore",
                keyStore.toString(),
                "-storepass",
                password,
                "-file",
                certificate.toString());
        run(
                "-importcert",
                "-noprompt",
                "-alias",
                alias,
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                password);
    }

    private void run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile(directory, "keytool-", ".log");
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    String.format("keytool %s took over %d s", args[0], TIMEOUT_SECONDS));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    String.format(
                            "keytool %s exited with %d: %s",
                            args[0], process.exitValue(), Files.readString(output)));
        }
    }
}
