package io.sluice.testkit;

/**
 * A registry someone else runs, named by {@code SLUICE_TEST_SCHEMA_REGISTRY_URL}; never stopped,
 * and its global compatibility rule is left as it is.
 */
record ExternalSchemaRegistry(String url) implements SchemaRegistryServer {
    @Override
    public String kind() {
        return "external";
    }

    @Override
    public boolean canStop() {
        return false;
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("an external schema registry cannot be stopped");
    }

    @Override
    public void start() {
        throw new UnsupportedOperationException("an external schema registry cannot be started");
    }

    @Override
    public void close() {}
}
