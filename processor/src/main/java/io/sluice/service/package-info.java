/**
 * The service's operations endpoint: {@code /health/live}, {@code /health/ready}, {@code /metrics},
 * {@code /status}, {@code /timeline} and the dashboard page at {@code /}, served by the JDK's HTTP
 * server. It learns what the engine does only through {@link
 * io.sluice.processor.engine.EngineListener} and never touches Kafka clients.
 */
package io.sluice.service;
