package io.sluice.cli;

import io.sluice.cli.config.ServiceConfig;
import io.sluice.cli.config.ServiceConfigLoader;
import io.sluice.processor.ConfigException;
import io.sluice.registry.RegistrySettings;
import io.sluice.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which schema registry a command talks to: {@code --registry URL}, else the service
 * configuration's {@code schema.registry.*} (with its authentication and TLS settings).
 */
final class RegistryOptions {
    @Option(
            names = "--registry",
            paramLabel = "URL",
            description = {
                "The schema registry (Confluent REST API), such as http://127.0.0.1:8081",
                "(default: schema.registry.url of the service configuration,",
                "$SLUICE_SCHEMA_REGISTRY_URL)."
            })
    String url;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = {
                "Service configuration, for the registry's address, authentication and TLS",
                "(default: $SLUICE_CONFIG, else config/sluice.yaml of the installation)."
            })
    Path config;

    /** The service configuration, with {@code --registry} in place of its registry URL. */
    ServiceConfig serviceConfig() {
        ServiceConfigLoader loader = new ServiceConfigLoader();
        Map<String, String> options = url == null ? Map.of() : Map.of("schema.registry.url", url);
        return loader.load(loader.locate(config, Optional.of(SluiceHome.installation())), options);
    }

    /** A client of the registry. */
    SchemaRegistryClient client() {
        RegistrySettings settings =
                serviceConfig()
                        .schemaRegistry()
                        .orElseThrow(
                                () ->
                                        new ConfigException(
                                                "no schema registry: give --registry URL, or set"
                                                        + " schema.registry.url in the service"
                                                        + " configuration"
                                                        + " (SLUICE_SCHEMA_REGISTRY_URL)"));
        return new SchemaRegistryClient(settings);
    }
}
