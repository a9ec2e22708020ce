package io.sluice.testkit;

/**
 * A schema registry that tests talk to through the Confluent Schema Registry REST API.
 *
 * <p>Tests that stop the registry check {@link #canStop()} first (with an assumption): a registry
 * someone else runs cannot be stopped.
 */
public interface SchemaRegistryServer extends AutoCloseable {

    /**
     * The base URL of the Confluent-compatible API, e.g. {@code
     * http://127.0.0.1:PORT/apis/ccompat/v7}; append {@code /subjects} and so on.
     */
    String url();

    /**
     * What the registry is, for logs: {@code external}, {@code testcontainers} or {@code local}.
     */
    String kind();

    /** Whether {@link #stop()} and {@link #start()} can be used. */
    boolean canStop();

    /**
     * Stops the registry; its URL refuses connections until {@link #start()}.
     *
     * @throws UnsupportedOperationException when {@link #canStop()} is false
     */
    void stop();

    /**
     * Starts the stopped registry again, at the same URL and with the schemas and ids it had; does
     * nothing when it runs. Returns once it answers.
     *
     * @throws UnsupportedOperationException when {@link #canStop()} is false
     */
    void start();

    @Override
    void close();
}
