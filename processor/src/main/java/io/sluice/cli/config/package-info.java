/**
 * The service configuration: {@code config/sluice.yaml} (or {@code --config}), overridden by {@code
 * SLUICE_*} environment variables and command-line options, validated once at start-up with Kafka's
 * {@code ConfigDef} into an immutable {@link io.sluice.cli.config.ServiceConfig}. Kafka client
 * settings pass through untouched; secrets are never printed.
 */
package io.sluice.cli.config;
