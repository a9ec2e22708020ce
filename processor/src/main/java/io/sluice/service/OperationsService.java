package io.sluice.service;

import io.sluice.processor.engine.EngineListener;
import io.sluice.processor.metrics.EngineMetrics;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Everything that watches one pipeline run: its status, metrics and timeline, sampled once a
 * second, and the HTTP endpoint serving them (when an address is given).
 */
public final class OperationsService implements AutoCloseable {
    /** The dashboard shows the last five minutes, one sample a second. */
    static final int TIMELINE_SECONDS = 300;

    private final Clock clock;
    private final InstanceStatus status;
    private final EngineMetrics metrics;
    private final Timeline timeline;
    private final ScheduledExecutorService sampler;
    private final StatusServer server; // null without an HTTP address

    private OperationsService(
            Clock clock,
            InstanceStatus status,
            EngineMetrics metrics,
            Timeline timeline,
            StatusServer server) {
        this.clock = clock;
        this.status = status;
        this.metrics = metrics;
        this.timeline = timeline;
        this.server = server;
        this.sampler =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "sluice-sampler");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /**
     * Starts watching the pipeline {@code pipeline} on instance {@code instance}, serving HTTP on
     * {@code address} if present.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound
     */
    public static OperationsService start(
            String pipeline, String instance, Optional<InetSocketAddress> address) {
        Clock clock = Clock.systemUTC();
        InstanceStatus status = new InstanceStatus(pipeline, instance, clock);
        EngineMetrics metrics = new EngineMetrics(pipeline, clock);
        Timeline timeline = new Timeline(TIMELINE_SECONDS);
        StatusServer server =
                address.map(a -> StatusServer.start(a, status, timeline, metrics)).orElse(null);
        OperationsService service = new OperationsService(clock, status, metrics, timeline, server);
        service.sampleEvery(Duration.ofSeconds(1));
        return service;
    }

    /** The listener to give the pipeline runner. */
    public EngineListener listener() {
        return EngineListener.all(List.of(status, metrics));
    }

    public InstanceStatus status() {
        return status;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** The HTTP address served, if any (with the actual port when 0 was asked for). */
    public Optional<InetSocketAddress> address() {
        return server == null ? Optional.empty() : Optional.of(server.address());
    }

    private void sampleEvery(Duration period) {
        sampler.scheduleAtFixedRate(
                () -> timeline.sample(status, clock.millis()),
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        if (server != null) {
            server.close();
        }
    }
}
