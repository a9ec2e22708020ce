package io.sluice.processor.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which instances of a pipeline have gone silent: the pure decision of the peer watch, fed the
 * liveness beats the {@link PeerWatcher} reads, each with the time it read them.
 *
 * <p>Implementation notes: times are the watcher's own monotonic clock when it saw a beat, never
 * the writer's clock, so clock skew between machines plays no part. The beats of all instances
 * share one partition, so once the watcher has read a beat of its own instance it has read every
 * beat written before it: a peer that has beaten since is not silent. The watcher judges others
 * only while it is current, that is while its own latest beat reached it within half the timeout
 * (beats come every sixth of the timeout or more often); otherwise it is the slow one (CPU starved,
 * paused, cut off from the broker) and judges nobody. Only an instance seen beating counts: one
 * that never beat (detection off, or an older version) is never silent. Not thread-safe: the
 * watcher's thread owns it.
 */
final class PeerSilence {
    private final String self;
    private final long timeoutNanos;
    private final Map<String, Long> lastSeenNanos = new HashMap<>();
    private boolean selfSeen;
    private long selfLastSeenNanos;

    /** A silence judge for instance {@code self}, calling a peer silent after {@code timeout}. */
    PeerSilence(String self, Duration timeout) {
        this.self = Objects.requireNonNull(self, "self");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
    }

    /** A peer (or this instance) silent this long, when a judgement was made. */
    record Silent(String instanceId, Duration silence) {}

    /** Records that the beat of {@code instanceId} was read at {@code nowNanos}. */
    void beat(String instanceId, long nowNanos) {
        if (instanceId.equals(self)) {
            selfSeen = true;
            selfLastSeenNanos = nowNanos;
        } else {
            lastSeenNanos.put(instanceId, nowNanos);
        }
    }

    /** Records that {@code instanceId} left on purpose (its tombstone): it is never silent. */
    void left(String instanceId) {
        lastSeenNanos.remove(instanceId);
    }

    /**
     * Forgets {@code instanceId} until it beats again: after it was removed from the group, or when
     * it is no member, so that it is judged once per disappearance.
     */
    void forget(String instanceId) {
        lastSeenNanos.remove(instanceId);
    }

    /** Whether this instance's own beats reach it in time, so that it may judge others. */
    boolean isCurrent(long nowNanos) {
        return selfSeen && nowNanos - selfLastSeenNanos <= timeoutNanos / 2;
    }

    /**
     * The peers silent for longer than the timeout at {@code nowNanos}, by instance id; none while
     * this instance is not {@linkplain #isCurrent current}. Never this instance itself.
     */
    List<Silent> silentPeers(long nowNanos) {
        if (!isCurrent(nowNanos)) {
            return List.of();
        }
        List<Silent> silent = new ArrayList<>();
        for (Map.Entry<String, Long> peer : lastSeenNanos.entrySet()) {
            long silenceNanos = nowNanos - peer.getValue();
            if (silenceNanos > timeoutNanos) {
                silent.add(new Silent(peer.getKey(), Duration.ofNanos(silenceNanos)));
            }
        }
        silent.sort((a, b) -> a.instanceId().compareTo(b.instanceId()));
        return silent;
    }
}
