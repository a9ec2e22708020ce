package io.sluice.processor.engine;

import io.sluice.processor.plan.InternalTopics;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The peer-failure detection of one instance: its own liveness beats ({@link MemberBeats}) and the
 * watch over the others' ({@link PeerWatcher}), both on the pipeline's members topic, and its
 * {@link Lifeline}, which the others hold to learn of its death at once; started together and
 * stopped together; off when {@code group.peer.timeout.ms} is 0.
 *
 * <p>Beats come every sixth of the timeout, between 100 and 500 ms: at the 3 s default, every 500
 * ms, so a peer is called silent after six missing beats in a row.
 */
final class PeerWatch implements AutoCloseable {
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final Duration MAX_INTERVAL = Duration.ofMillis(500);

    private final Lifeline lifeline; // null without one
    private final MemberBeats beats;
    private final AtomicBoolean removed;
    private final PeerWatcher watcher;

    private PeerWatch(
            Lifeline lifeline, MemberBeats beats, AtomicBoolean removed, PeerWatcher watcher) {
        this.lifeline = lifeline;
        this.beats = beats;
        this.removed = removed;
        this.watcher = watcher;
    }

    /**
     * Starts beating and watching for pipeline {@code pipeline}, with a lifeline when the settings
     * name its address; null when the watch is off.
     *
     * @throws IllegalStateException when the lifeline's address cannot be listened on
     */
    static PeerWatch start(EngineSettings settings, String pipeline) {
        if (settings.peerTimeout().isZero()) {
            return null;
        }
        Duration interval = interval(settings.peerTimeout());
        String topic = InternalTopics.members(pipeline);
        Lifeline lifeline = null;
        MemberBeats.Beat self = new MemberBeats.Beat(null, null);
        if (settings.peerLifeline() != null) {
            String incarnation = UUID.randomUUID().toString();
            try {
                lifeline =
                        Lifeline.open(settings.peerLifeline(), settings.instanceId(), incarnation);
            } catch (UncheckedIOException e) {
                throw new IllegalStateException(
                        "group.peer.lifeline.host/port: " + e.getMessage(), e);
            }
            self = new MemberBeats.Beat(incarnation, lifeline.advertised());
        }
        MemberBeats beats = null;
        try {
            beats = MemberBeats.start(settings, topic, self, interval);
            AtomicBoolean removed = new AtomicBoolean();
            return new PeerWatch(
                    lifeline,
                    beats,
                    removed,
                    PeerWatcher.start(
                            settings, pipeline, topic, interval, () -> removed.set(true)));
        } catch (RuntimeException e) {
            if (beats != null) {
                beats.close();
            }
            if (lifeline != null) {
                lifeline.close();
            }
            throw e;
        }
    }

    /**
     * Whether a peer was removed from the group since the last call: the coordinator rebalances,
     * and this instance should join now rather than at its next heartbeat. Any thread.
     */
    boolean takeRemoval() {
        return removed.getAndSet(false);
    }

    /** How often an instance beats for {@code timeout}: a sixth of it, within 100 to 500 ms. */
    static Duration interval(Duration timeout) {
        Duration sixth = timeout.dividedBy(6);
        if (sixth.compareTo(MIN_INTERVAL) < 0) {
            return MIN_INTERVAL;
        }
        return sixth.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : sixth;
    }

    /**
     * Stops watching and beating; {@code leaving} (a clean stop that left the group) writes a
     * tombstone so no other instance acts on this one's silence.
     */
    void close(boolean leaving) {
        try {
            watcher.close();
        } finally {
            try {
                beats.close(leaving);
            } finally {
                if (lifeline != null) {
                    lifeline.close(); // last: what the others see as this process's death
                }
            }
        }
    }

    /** Stops without a tombstone: the others remove this instance after the timeout. */
    @Override
    public void close() {
        close(false);
    }
}
