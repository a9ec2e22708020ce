package io.sluice.cli;

import io.sluice.cli.config.ServiceConfig;
import io.sluice.processor.pipeline.RegistryAccess;
import io.sluice.registry.CachedSchemaRegistry;
import io.sluice.registry.SchemaRegistryClient;
import java.util.Optional;

/** The schema registry of the service configuration, as the commands reach it. */
final class SchemaRegistries {

    private SchemaRegistries() {}

    /** The configured registry, if {@code schema.registry.url} is set. */
    static Optional<CachedSchemaRegistry> of(ServiceConfig config) {
        return config.schemaRegistry()
                .map(settings -> new CachedSchemaRegistry(new SchemaRegistryClient(settings)));
    }

    /**
     * How compiling a pipeline reaches the configured registry.
     *
     * @param mayRegister whether sinks register their schemas ({@code run}) or are only checked
     */
    static Optional<RegistryAccess> access(ServiceConfig config, boolean mayRegister) {
        return of(config).map(registry -> new RegistryAccess(registry, mayRegister));
    }
}
