package io.sluice.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for tests that start a broker of their own on a fixed port. */
public final class FreePorts {
    private FreePorts() {}

    /** A free port on 127.0.0.1, for a server of a test to listen on. */
    public static int any() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * A free port on 127.0.0.1 whose successor is free too: a local broker on a fixed port puts its
     * controller on the next one.
     */
    public static int adjacentPair() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    ServerSocket second =
                            new ServerSocket(
                                    first.getLocalPort() + 1,
                                    1,
                                    InetAddress.getLoopbackAddress())) {
                return first.getLocalPort();
            } catch (IOException e) {
                // the successor was taken; try another pair
            }
        }
        throw new IOException("no two adjacent free ports on 127.0.0.1");
    }
}
