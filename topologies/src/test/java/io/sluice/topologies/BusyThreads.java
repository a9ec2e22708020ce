package io.sluice.topologies;

import java.util.ArrayList;
import java.util.List;

/**
 * CPU contention for a test: daemon threads that spin until closed, more of them than the machine
 * has cores, so the processes under test get their time slices late, as on a busy CI machine.
 */
final class BusyThreads implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private BusyThreads(int count) {
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(this::spin, "busy-" + i);
            thread.setDaemon(true); // a failed test must not leave the JVM spinning
            threads.add(thread);
            thread.start();
        }
    }

    /** Starts {@code count} spinning threads. */
    static BusyThreads start(int count) {
        return new BusyThreads(count);
    }

    int count() {
        return threads.size();
    }

    private void spin() {
        long sink = 0;
        while (running) {
            sink += System.nanoTime() % 7; // work the JIT cannot drop
        }
        if (sink == 42) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
