package io.sluice.localbroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The classpath of the child JVM: Kafka's server jars, as resolved by the build, plus ours. */
final class BrokerClasspath {
    private static final String RESOURCE = "broker-classpath.txt";

    private BrokerClasspath() {}

    static String resolve() {
        return ownLocation() + java.io.File.pathSeparator + kafkaJars();
    }

    private static String kafkaJars() {
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new BrokerStartException(
                        "the local broker's classpath ("
                                + RESOURCE
                                + ") is missing from the build of sluice-local-broker; rebuild"
                                + " with `mvn -DskipTests install`");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where this module's classes are loaded from: its jar, or its classes directory. */
    static String ownLocation() {
        try {
            return Path.of(
                            BrokerMain.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the sluice-local-broker classes", e);
        }
    }
}
