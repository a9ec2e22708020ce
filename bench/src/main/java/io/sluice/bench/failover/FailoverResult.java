package io.sluice.bench.failover;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What one standby setting measured: per killed task and trial, the longest gap in its output
 * around the kill and the time from the kill until its output flowed again; or why it could not be
 * measured.
 *
 * @param replicas the {@code state.standby.replicas} setting
 * @param kills one entry per task of a killed instance per trial
 * @param steadyGapsMs the gaps between output arrivals of every task while both instances ran
 * @param failure why the setting was not (fully) measured, if so
 */
record FailoverResult(
        int replicas, List<TaskKill> kills, List<Double> steadyGapsMs, Optional<String> failure) {

    /**
     * One task of a killed instance in one trial: the longest gap in its output around the kill,
     * the time from the kill until its output flowed again, and from the kill until the group was
     * stable with the survivor owning every partition (detection and rebalance).
     */
    record TaskKill(
            int trial,
            String victim,
            int task,
            double gapMs,
            double recoveryMs,
            double reassignedMs) {}

    List<Double> gapsMs() {
        List<Double> gaps = new ArrayList<>();
        kills.forEach(k -> gaps.add(k.gapMs()));
        return gaps;
    }

    List<Double> recoveriesMs() {
        List<Double> recoveries = new ArrayList<>();
        kills.forEach(k -> recoveries.add(k.recoveryMs()));
        return recoveries;
    }

    List<Double> reassignedMs() {
        List<Double> reassigned = new ArrayList<>();
        kills.forEach(k -> reassigned.add(k.reassignedMs()));
        return reassigned;
    }

    /** The nearest-rank percentile {@code p} (0-100) of {@code values}; NaN when empty. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
