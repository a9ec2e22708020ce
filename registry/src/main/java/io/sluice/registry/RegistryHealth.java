package io.sluice.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a schema registry can be reached, from the outcome of each call a client made to it.
 *
 * <p>A call that got any answer from the registry, an error status such as 404 or 409 included,
 * counts as a success: the registry is there. A call that found it unreachable (see {@link
 * RegistryUnavailableException}) starts an outage, which lasts until the next success. Thread-safe.
 */
public final class RegistryHealth {
    /**
     * A time during which the registry could not be reached.
     *
     * @param since when the first call of the outage failed
     * @param reason why the latest call failed
     */
    public record Outage(Instant since, String reason) {
        public Outage {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final Clock clock;
    private Instant lastSuccess;
    private Outage outage;
    private long answeredCalls;

    RegistryHealth() {
        this(Clock.systemUTC());
    }

    RegistryHealth(Clock clock) {
        this.clock = clock;
    }

    /** The current outage, from the first failed call until the next successful one. */
    public synchronized Optional<Outage> outage() {
        return Optional.ofNullable(outage);
    }

    /** When a call last got an answer, or null if none has yet. */
    public synchronized Instant lastSuccess() {
        return lastSuccess;
    }

    synchronized void recordAnswer() {
        lastSuccess = clock.instant();
        outage = null;
        answeredCalls++;
    }

    synchronized void recordUnreachable(String reason) {
        Instant since = outage == null ? clock.instant() : outage.since();
        outage = new Outage(since, reason);
    }

    /** How many calls got an answer; lets tests see whether a cache asked the registry. */
    synchronized long answeredCalls() {
        return answeredCalls;
    }
}
