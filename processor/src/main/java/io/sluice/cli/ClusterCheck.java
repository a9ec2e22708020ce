package io.sluice.cli;

import io.sluice.cli.config.ServiceConfig;
import io.sluice.processor.ConfigException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.network.ChannelBuilder;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * Checks, before a command starts anything that needs the Kafka cluster, that the cluster answers
 * with the configured client settings, within the connect timeout ({@code
 * cluster.connect.timeout.ms}); the one place where the ways this fails become a message.
 *
 * <p>Every failure is a {@link ConfigException} (exit code 2) reading {@code cannot reach the Kafka
 * cluster at BOOTSTRAP: REASON}, with every secret of the client settings hidden.
 */
final class ClusterCheck {
    /* Implementation notes
     *
     * Four steps, cheapest first: parse the addresses; resolve the hosts (a typo fails at once);
     * build the client's network channel from the settings without connecting (a malformed JAAS
     * configuration, a missing keystore, an unknown security protocol fail at once); open a TCP
     * connection to one of the addresses, retrying until the deadline; and only then create an
     * Admin client and describe the cluster, which checks authentication, TLS and that a broker
     * speaks Kafka. The TCP step is ours rather than the Admin client's because the client only
     * ever says "Timed out waiting for a node assignment", never why, and logs a warning per
     * attempt; a socket says "connection refused".
     */
    private static final String CLIENT_ID = "sluice-cluster-check";
    private static final Duration MAX_CONNECT_ATTEMPT = Duration.ofSeconds(2);
    private static final long RETRY_PAUSE_MS = 200;

    private final String bootstrapServers;
    private final ServiceConfig config;
    private final Duration timeout;

    ClusterCheck(String bootstrapServers, ServiceConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.timeout = config.clusterConnectTimeout();
    }

    /**
     * Returns once a broker of the cluster answered a describe-cluster request.
     *
     * @throws ConfigException naming the bootstrap address and why the cluster cannot be used
     */
    void run() {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<InetSocketAddress> addresses = resolve(parse());
        checkClientSettings();
        awaitListener(addresses, deadline);
        describeCluster(deadline);
    }

    private List<String> parse() {
        List<String> entries = new ArrayList<>();
        for (String entry : bootstrapServers.split(",")) {
            String address = entry.trim();
            if (address.isEmpty()) {
                continue;
            }
            if (Utils.getHost(address) == null || Utils.getPort(address) == null) {
                throw failure("'%s' is not HOST:PORT", address);
            }
            entries.add(address);
        }
        if (entries.isEmpty()) {
            throw failure("no address given; expected HOST:PORT[,...]");
        }
        return entries;
    }

    private List<InetSocketAddress> resolve(List<String> entries) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String entry : entries) {
            String host = Utils.getHost(entry);
            try {
                for (InetAddress address : InetAddress.getAllByName(host)) {
                    addresses.add(new InetSocketAddress(address, Utils.getPort(entry)));
                }
            } catch (UnknownHostException e) {
                unknown.add(host);
            }
        }
        if (addresses.isEmpty()) {
            throw failure("no host has the name %s (unknown host)", String.join(" or ", unknown));
        }
        return addresses;
    }

    /** Builds the client's network channel, which parses the security settings, and closes it. */
    private void checkClientSettings() {
        try {
            ChannelBuilder channel =
                    ClientUtils.createChannelBuilder(
                            new AdminClientConfig(adminConfig()), Time.SYSTEM, new LogContext());
            channel.close();
        } catch (KafkaException | IllegalArgumentException e) {
            String reason = describe(e);
            // Kafka's JAAS errors never name the setting they are about.
            String setting = reason.contains("JAAS") ? "kafka.sasl.jaas.config: " : "";
            throw failure("invalid client settings: %s%s", setting, reason);
        }
    }

    private void awaitListener(List<InetSocketAddress> addresses, long deadline) {
        Map<InetSocketAddress, String> failures = new LinkedHashMap<>();
        while (true) {
            for (InetSocketAddress address : addresses) {
                long leftMs = remainingMs(deadline);
                if (leftMs <= 0) {
                    throw failure("no broker answered within %s (%s)", seconds(), causes(failures));
                }
                try (Socket socket = new Socket()) {
                    socket.connect(address, (int) Math.min(leftMs, MAX_CONNECT_ATTEMPT.toMillis()));
                    return;
                } catch (IOException e) {
                    failures.put(address, reason(e));
                }
            }
            pause(Math.min(RETRY_PAUSE_MS, remainingMs(deadline)));
        }
    }

    private void describeCluster(long deadline) {
        int leftMs = (int) Math.max(1, remainingMs(deadline));
        Admin admin = Admin.create(adminConfig());
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(leftMs))
                    .clusterId()
                    .get(leftMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure("%s", reason(e.getCause()));
        } catch (java.util.concurrent.TimeoutException e) {
            throw failure("%s", reason(new org.apache.kafka.common.errors.TimeoutException(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for a broker");
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private String reason(Throwable e) {
        if (e instanceof SslAuthenticationException) {
            return "the TLS handshake failed: " + describe(e);
        }
        if (e instanceof AuthenticationException) {
            return "authentication failed: " + describe(e);
        }
        if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
            return String.format(
                    "no broker answered within %s (a connection opened, but nothing answered as a"
                            + " Kafka broker with security.protocol %s)",
                    seconds(), securityProtocol());
        }
        return describe(e);
    }

    private static String reason(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return describe(e);
    }

    private static String causes(Map<InetSocketAddress, String> failures) {
        Set<String> distinct = new LinkedHashSet<>(failures.values());
        if (distinct.size() <= 1) {
            return distinct.isEmpty() ? "no attempt finished" : distinct.iterator().next();
        }
        List<String> each = new ArrayList<>();
        failures.forEach(
                (address, reason) ->
                        each.add(
                                address.getAddress().getHostAddress()
                                        + ":"
                                        + address.getPort()
                                        + " "
                                        + reason));
        return String.join(", ", each);
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> admin = new HashMap<>(config.kafka());
        admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        admin.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID);
        return admin;
    }

    private String securityProtocol() {
        Object protocol = config.kafka().get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        return protocol == null ? "PLAINTEXT" : protocol.toString().toUpperCase(Locale.ROOT);
    }

    private String seconds() {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private ConfigException failure(String reason, Object... args) {
        String message =
                "cannot reach the Kafka cluster at "
                        + bootstrapServers
                        + ": "
                        + String.format(reason, args);
        return new ConfigException(config.redact(message));
    }

    private ConfigException failure(String reason) {
        return failure("%s", reason);
    }

    /**
     * The messages along a chain of causes, outermost first, leaving out those that only wrap their
     * cause: {@code Failed to load SSL keystore x.p12 of type JKS: NoSuchFileException: x.p12}.
     */
    private static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            boolean wraps = t.getCause() != null && t.getCause().toString().equals(message);
            if (message == null || message.isBlank() || wraps || isGeneric(message)) {
                continue;
            }
            // A bare path or name says little without the exception's name.
            String part =
                    message.contains(" ") ? message : t.getClass().getSimpleName() + ": " + message;
            if (parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", parts);
    }

    private static boolean isGeneric(String message) {
        return message.startsWith("Failed to create new KafkaAdminClient")
                || message.startsWith("Failed to construct kafka");
    }

    private static long remainingMs(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for a broker");
        }
    }
}
