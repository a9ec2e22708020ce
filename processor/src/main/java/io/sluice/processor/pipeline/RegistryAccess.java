package io.sluice.processor.pipeline;

import io.sluice.registry.CachedSchemaRegistry;
import java.util.Objects;

/**
 * How compiling a pipeline reaches the schema registry: the cached client, and whether it may
 * register sink schemas ({@code run}) or only check them ({@code validate}, which changes nothing).
 *
 * @param registry the registry client, caching schemas by id and ids by subject and schema
 * @param mayRegister whether a sink with {@code register: auto} registers its schema now
 */
public record RegistryAccess(CachedSchemaRegistry registry, boolean mayRegister) {

    public RegistryAccess {
        Objects.requireNonNull(registry, "registry");
    }
}
