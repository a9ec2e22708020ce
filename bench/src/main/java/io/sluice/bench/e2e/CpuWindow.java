package io.sluice.bench.e2e;

/**
 * The CPU time (user plus system, all threads) a process uses over a window of time: read as the
 * window opens and again as it closes, and subtracted.
 *
 * <p>Not thread-safe: the sending thread calls {@link #opened()} and {@link #closed()}, and the
 * same thread reads {@link #reading()} after.
 */
final class CpuWindow implements RateProducer.Window {
    private final ProcessHandle process;
    private double openedCpuSeconds = Double.NaN;
    private long openedNanos;
    private Reading reading = Reading.NONE;

    CpuWindow(ProcessHandle process) {
        this.process = process;
    }

    @Override
    public void opened() {
        openedNanos = System.nanoTime();
        openedCpuSeconds = ProcessUsage.cpuSeconds(process);
    }

    @Override
    public void closed() {
        long closedNanos = System.nanoTime();
        double closedCpuSeconds = ProcessUsage.cpuSeconds(process);
        if (openedNanos != 0) {
            reading =
                    new Reading(
                            closedCpuSeconds - openedCpuSeconds, (closedNanos - openedNanos) / 1e9);
        }
    }

    /** What the window measured; {@link Reading#NONE} until it has opened and closed. */
    Reading reading() {
        return reading;
    }

    /**
     * The CPU a process used over a window.
     *
     * @param cpuSeconds its CPU time over the window, NaN where the platform does not say
     * @param seconds how long the window lasted, from the first reading to the second
     */
    record Reading(double cpuSeconds, double seconds) {
        /** Nothing measured. */
        static final Reading NONE = new Reading(Double.NaN, Double.NaN);

        /** The CPU time over the window's length, in percent of one core. */
        double percentOfCore() {
            return cpuSeconds / seconds * 100;
        }
    }
}
